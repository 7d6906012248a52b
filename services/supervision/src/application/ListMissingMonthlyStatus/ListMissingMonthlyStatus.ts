import { addDays, daysBetween, endOfDay, startOfDay, toLocalDate } from '@xinfang/kernel';
import { canSee, Principal, ROLES } from '@xinfang/principal';
import { z } from 'zod';
import { CaseRef, monthlyStatusDueDate, SupervisionPolicy } from '../../domain';
import { assertRole } from '../shared/access';
import { SupervisionDeps } from '../shared/deps';
import { month, parseInput } from '../shared/input';

export const ListMissingMonthlyStatusInput = z.object({
  month,
  /** One county, or every tenant the caller sees. */
  tenantId: z
    .string()
    .regex(/^\d{6}$/, { message: 'must be a county code' })
    .optional(),
});
export type ListMissingMonthlyStatusInput = z.input<typeof ListMissingMonthlyStatusInput>;

export interface MissingMonthlyStatus {
  readonly entryId: string;
  readonly caseRef: CaseRef;
  readonly ownerSubject: string | null;
  readonly ownerName: string | null;
}

export interface TenantMonthlyGap {
  readonly tenantId: string;
  readonly month: string;
  /** The tenant's due day for the month, `YYYY-MM-DD`. */
  readonly dueDate: string;
  /** The due day has passed. */
  readonly overdue: boolean;
  readonly missing: readonly MissingMonthlyStatus[];
}

/**
 * The monthly backlog report's gaps: per tenant, the ledger entries that owe a status for the
 * month (in the ledger on the due day, still open then) and have none.
 */
export class ListMissingMonthlyStatus {
  constructor(private readonly deps: Pick<SupervisionDeps, 'ledger' | 'policies' | 'clock'>) {}

  async execute(principal: Principal, input: unknown): Promise<TenantMonthlyGap[]> {
    assertRole(principal, [ROLES.supervisor, ROLES.analyst], 'listing missing monthly statuses');
    const cmd = parseInput(ListMissingMonthlyStatusInput, input);
    const now = this.deps.clock.now();
    const monthStart = startOfDay(`${cmd.month}-01`);
    // Policies allow due days up to the 28th; query with the latest so no tenant is cut short.
    const entries = await this.deps.ledger.listForMonthlyReport({
      month: cmd.month,
      scopePaths: principal.scopePaths,
      tenantId: cmd.tenantId ?? null,
      flaggedBy: endOfDay(`${cmd.month}-28`),
      openAt: monthStart,
    });
    const policies = new Map<string, SupervisionPolicy>();
    const byTenant = new Map<string, TenantMonthlyGap>();
    for (const entry of entries) {
      const { caseRef } = entry;
      if (!canSee(principal, caseRef.regionPath)) continue;
      if (cmd.tenantId && caseRef.tenantId !== cmd.tenantId) continue;
      let policy = policies.get(caseRef.tenantId);
      if (!policy) {
        policy = await this.deps.policies.policyFor(caseRef.tenantId);
        policies.set(caseRef.tenantId, policy);
      }
      const dueDay = policy.backlog.monthlyStatusDueDay;
      if (!entry.owesStatusFor(cmd.month, dueDay)) continue;
      const dueDate = monthlyStatusDueDate(cmd.month, dueDay);
      const gap = byTenant.get(caseRef.tenantId) ?? {
        tenantId: caseRef.tenantId,
        month: cmd.month,
        dueDate,
        overdue: daysBetween(addDays(dueDate, 1), toLocalDate(now)) >= 0,
        missing: [],
      };
      const plan = entry.toState().plan;
      byTenant.set(caseRef.tenantId, {
        ...gap,
        missing: [
          ...gap.missing,
          {
            entryId: entry.id,
            caseRef,
            ownerSubject: plan.ownerSubject,
            ownerName: plan.ownerName,
          },
        ],
      });
    }
    return [...byTenant.values()].sort((a, b) => a.tenantId.localeCompare(b.tenantId));
  }
}
