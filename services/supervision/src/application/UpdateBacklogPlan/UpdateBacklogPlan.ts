import { NotFoundError } from '@xinfang/kernel';
import { Principal, ROLES } from '@xinfang/principal';
import { z } from 'zod';
import { LedgerEntry, LedgerEntryState, LedgerRepository } from '../../domain';
import { backlogPlanInput, planChangeOf } from '../FlagBacklog/FlagBacklog';
import { actorOf, assertRole, assertVisible } from '../shared/access';
import { SupervisionDeps } from '../shared/deps';
import { id, parseInput } from '../shared/input';

export const UpdateBacklogPlanInput = backlogPlanInput.extend({ entryId: id });
export type UpdateBacklogPlanInput = z.input<typeof UpdateBacklogPlanInput>;

export const LEDGER_WRITER_ROLES = [ROLES.supervisor, ROLES.caseLeader, ROLES.unitHead];

/** Sets or changes the 化解方案: summary, owner, target date, 稳控措施. */
export class UpdateBacklogPlan {
  constructor(private readonly deps: Pick<SupervisionDeps, 'ledger' | 'clock'>) {}

  async execute(principal: Principal, input: unknown): Promise<LedgerEntryState> {
    assertRole(principal, LEDGER_WRITER_ROLES, 'changing backlog plans');
    const cmd = parseInput(UpdateBacklogPlanInput, input);
    const entry = await loadEntry(this.deps.ledger, principal, cmd.entryId);
    entry.updatePlan(
      planChangeOf(cmd),
      actorOf(principal, LEDGER_WRITER_ROLES),
      this.deps.clock.now(),
    );
    await this.deps.ledger.save(entry);
    return entry.toState();
  }
}

export async function loadEntry(
  ledger: LedgerRepository,
  principal: Principal,
  entryId: string,
): Promise<LedgerEntry> {
  const entry = await ledger.findById(entryId);
  if (!entry) throw new NotFoundError('ledger entry', entryId);
  assertVisible(principal, entry.caseRef.regionPath, 'ledger entry', entryId);
  return entry;
}
