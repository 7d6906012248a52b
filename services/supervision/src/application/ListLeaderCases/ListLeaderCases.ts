import { ForbiddenError } from '@xinfang/kernel';
import { hasRole, Principal, ROLES } from '@xinfang/principal';
import { z } from 'zod';
import { CaseLeader, CaseRef, ClockView } from '../../domain';
import { assertRole } from '../shared/access';
import { SupervisionDeps } from '../shared/deps';
import { id, parseInput } from '../shared/input';

export const ListLeaderCasesInput = z.object({
  /** Defaults to the caller (a leader listing their own cases). */
  leaderSubject: id.optional(),
});
export type ListLeaderCasesInput = z.input<typeof ListLeaderCasesInput>;

export interface LeaderCase {
  readonly caseRef: CaseRef;
  readonly leader: CaseLeader;
  readonly ledgerEntryId: string | null;
  /** Clocks in the order they started. */
  readonly clocks: readonly ClockView[];
}

/** A leader's open cases, each with its clocks. Leaders see their own; supervisors anyone's. */
export class ListLeaderCases {
  constructor(
    private readonly deps: Pick<SupervisionDeps, 'files' | 'clocks' | 'calendar' | 'clock'>,
  ) {}

  async execute(principal: Principal, input: unknown = {}): Promise<LeaderCase[]> {
    assertRole(principal, [ROLES.caseLeader, ROLES.supervisor], 'listing a leader’s cases');
    const cmd = parseInput(ListLeaderCasesInput, input);
    const subject = cmd.leaderSubject ?? principal.subject;
    if (
      subject !== principal.subject &&
      principal.kind !== 'system' &&
      !hasRole(principal, ROLES.supervisor)
    ) {
      throw new ForbiddenError('only supervisors list another leader’s cases');
    }
    const files = await this.deps.files.listByLeader(subject, principal.scopePaths);
    const clocks = await this.deps.clocks.findByCases(files.map((f) => f.caseRef.caseId));
    const now = this.deps.clock.now();
    return files
      .filter((f) => f.leader?.subject === subject)
      .map((f) => ({
        caseRef: f.caseRef,
        leader: f.leader!,
        ledgerEntryId: f.ledgerEntryId,
        clocks: clocks
          .filter((c) => c.caseRef.caseId === f.caseRef.caseId)
          .map((c) => c.view(now, this.deps.calendar)),
      }));
  }
}
