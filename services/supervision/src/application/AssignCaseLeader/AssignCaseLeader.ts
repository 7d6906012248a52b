import { Principal, ROLES } from '@xinfang/principal';
import { z } from 'zod';
import { CaseLeader } from '../../domain';
import { actorOf, assertRole, loadVisibleFile } from '../shared/access';
import { SupervisionDeps } from '../shared/deps';
import { id, parseInput, text, unitRefInput } from '../shared/input';

export const AssignCaseLeaderInput = z.object({
  caseId: id,
  leader: z.object({
    subject: id,
    name: text(100),
    title: text(100),
    unit: unitRefInput.nullish(),
  }),
  /** 包案职责, e.g. 阅批、接访、督办、化解. */
  duties: z.array(text(500)).min(1).max(20),
  /** To replace the current leader, name them; otherwise a second leader is a conflict. */
  replacesLeaderSubject: id.optional(),
});
export type AssignCaseLeaderInput = z.input<typeof AssignCaseLeaderInput>;

const ROLES_ALLOWED = [ROLES.supervisor, ROLES.unitHead];

/** 领导包案: one named leader owns a case; never two (ConflictError). */
export class AssignCaseLeader {
  constructor(private readonly deps: Pick<SupervisionDeps, 'files' | 'clock' | 'ids'>) {}

  async execute(principal: Principal, input: unknown): Promise<CaseLeader> {
    assertRole(principal, ROLES_ALLOWED, 'assigning case leaders');
    const cmd = parseInput(AssignCaseLeaderInput, input);
    const file = await loadVisibleFile(this.deps.files, principal, cmd.caseId);
    file.assignLeader(
      {
        subject: cmd.leader.subject,
        name: cmd.leader.name,
        title: cmd.leader.title,
        unit: cmd.leader.unit ?? null,
        duties: cmd.duties,
      },
      cmd.replacesLeaderSubject ?? null,
      actorOf(principal, ROLES_ALLOWED),
      this.deps.clock.now(),
      this.deps.ids,
    );
    await this.deps.files.save(file);
    return file.leader!;
  }
}
