import { runAsSystem } from '@xinfang/principal';
import {
  DEFAULT_SUPERVISION_POLICY,
  mergeSupervisionPolicy,
  type SupervisionPolicy,
  type SupervisionPolicyOverrides,
  type SupervisionPolicyProvider,
} from '../../domain';
import type { SupervisionModels, TenantPolicyDocument } from './models';

/**
 * The deployment's policy (DEFAULT_SUPERVISION_POLICY, clocks from the kernel's
 * DEFAULT_CLOCK_POLICY) with the tenant's overrides from `tenant_policies`, cached briefly: the
 * sweeper asks for it once per tenant and sweep.
 */
export class MongoSupervisionPolicyProvider implements SupervisionPolicyProvider {
  private readonly cache = new Map<string, { at: number; policy: SupervisionPolicy }>();

  constructor(
    private readonly models: Pick<SupervisionModels, 'policies'>,
    private readonly defaults: SupervisionPolicy = DEFAULT_SUPERVISION_POLICY,
    private readonly ttlMs = 60_000,
  ) {}

  async policyFor(tenantId: string): Promise<SupervisionPolicy> {
    const hit = this.cache.get(tenantId);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.policy;
    // Policy is deployment data, not the caller's: read it whoever asks.
    const doc = await runAsSystem('supervision-policy', () =>
      this.models.policies
        .findOne({ _id: tenantId }, { overrides: 1 })
        .lean<Pick<TenantPolicyDocument, 'overrides'>>()
        .exec(),
    );
    const policy = doc?.overrides
      ? mergeSupervisionPolicy(this.defaults, doc.overrides as SupervisionPolicyOverrides)
      : this.defaults;
    this.cache.set(tenantId, { at: Date.now(), policy });
    return policy;
  }
}
