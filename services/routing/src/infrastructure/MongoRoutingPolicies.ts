import { ClockPolicy, ClockPolicyOverrides, mergePolicy } from '@xinfang/kernel';
import { runAsSystem } from '@xinfang/principal';
import { Model } from 'mongoose';
import { RoutingPolicy, RoutingPolicySource } from '../domain';
import { PolicyDocument } from './mongo/models';

/**
 * The time limits in force for a tenant: the deployment's policy with the tenant's overrides from
 * `tenant_policies` (kept by operators), merged and checked by the kernel.
 */
export class MongoRoutingPolicies implements RoutingPolicySource {
  constructor(
    private readonly model: Model<PolicyDocument>,
    private readonly defaults: ClockPolicy,
  ) {}

  async forTenant(tenantId: string): Promise<RoutingPolicy> {
    // Policies are deployment data every tenant's cases are timed by, not tenant data to scope.
    const doc = await runAsSystem('routing:policy', async () =>
      this.model.findById(tenantId).lean<PolicyDocument>().exec(),
    );
    if (!doc) return this.defaults;
    return mergePolicy(this.defaults, doc.overrides as ClockPolicyOverrides);
  }
}
