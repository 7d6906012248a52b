import { addDays, ConflictError, startOfDay, toLocalDate } from '@xinfang/kernel';
import { z } from 'zod';
import { backlogReasons, LedgerEntryState, SYSTEM_ACTOR } from '../../domain';
import { flagCase } from '../FlagBacklog/FlagBacklog';
import { SupervisionDeps } from '../shared/deps';
import { parseInput } from '../shared/input';

export const ScanBacklogInput = z.object({
  tenantId: z.string().regex(/^\d{6}$/, { message: 'must be a county code' }),
  limit: z.number().int().min(1).max(10_000).default(500),
});
export type ScanBacklogInput = z.input<typeof ScanBacklogInput>;

/**
 * Background work: enters every open case of a tenant that meets a backlog rule (open too long,
 * repeated, referred from above, collective) in the ledger, as `system`. The plan is filled in
 * later (UpdateBacklogPlan). Run it per tenant, e.g. daily.
 */
export class ScanBacklog {
  constructor(
    private readonly deps: Pick<SupervisionDeps, 'files' | 'ledger' | 'policies' | 'clock' | 'ids'>,
  ) {}

  async execute(input: unknown): Promise<LedgerEntryState[]> {
    const { tenantId, limit } = parseInput(ScanBacklogInput, input);
    const now = this.deps.clock.now();
    const policy = await this.deps.policies.policyFor(tenantId);
    const candidates = await this.deps.files.findBacklogCandidates({
      tenantId,
      // Open `pendingDays` calendar days or more: registered on or before that many days ago.
      registeredBefore: startOfDay(addDays(toLocalDate(now), 1 - policy.backlog.pendingDays)),
      minRepeatCount: policy.backlog.repeatCount,
      includeReferred: policy.backlog.referred,
      includeCollective: policy.backlog.collective,
      limit,
    });
    const flagged: LedgerEntryState[] = [];
    for (const file of candidates) {
      const reasons = backlogReasons(file.registration, now, policy.backlog);
      if (reasons.length === 0 || file.isClosed || file.ledgerEntryId) continue;
      try {
        const entry = await flagCase(this.deps, file, reasons, {}, SYSTEM_ACTOR, now);
        flagged.push(entry.toState());
      } catch (err) {
        // Flagged meanwhile by a supervisor or another scan.
        if (!(err instanceof ConflictError)) throw err;
      }
    }
    return flagged;
  }
}
