import { Principal } from '@xinfang/principal';
import { z } from 'zod';
import { MonthlyStatus } from '../../domain';
import { LEDGER_WRITER_ROLES, loadEntry } from '../UpdateBacklogPlan/UpdateBacklogPlan';
import { actorOf, assertRole } from '../shared/access';
import { SupervisionDeps } from '../shared/deps';
import { id, month, parseInput, text } from '../shared/input';

export const RecordMonthlyStatusInput = z.object({
  entryId: id,
  month,
  progress: text(),
  stable: z.boolean(),
});
export type RecordMonthlyStatusInput = z.input<typeof RecordMonthlyStatusInput>;

/** The monthly status of a ledger entry, due by the policy's day of the month (the 20th). */
export class RecordMonthlyStatus {
  constructor(private readonly deps: Pick<SupervisionDeps, 'ledger' | 'policies' | 'clock'>) {}

  async execute(principal: Principal, input: unknown): Promise<MonthlyStatus> {
    assertRole(principal, LEDGER_WRITER_ROLES, 'recording monthly backlog status');
    const cmd = parseInput(RecordMonthlyStatusInput, input);
    const entry = await loadEntry(this.deps.ledger, principal, cmd.entryId);
    const policy = await this.deps.policies.policyFor(entry.caseRef.tenantId);
    const status = entry.recordMonthlyStatus(
      cmd.month,
      cmd.progress,
      cmd.stable,
      policy.backlog.monthlyStatusDueDay,
      actorOf(principal, LEDGER_WRITER_ROLES),
      this.deps.clock.now(),
    );
    await this.deps.ledger.save(entry);
    return status;
  }
}
