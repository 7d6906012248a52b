import { ValidationError } from '@xinfang/kernel';
import { Principal, ROLES } from '@xinfang/principal';
import { z } from 'zod';
import { CONTACT_METHODS, FollowUpRecord, SATISFACTIONS } from '../../domain';
import { actorOf, assertRole, loadVisibleFile } from '../shared/access';
import { SupervisionDeps } from '../shared/deps';
import { id, localDate, parseInput, text } from '../shared/input';
import { superviseUnsatisfied } from '../shared/ratings';

export const RecordFollowUpInput = z.object({
  caseId: id,
  method: z.enum(CONTACT_METHODS),
  petitionerReached: z.boolean(),
  summary: text(),
  /** Rating the petitioner gave in the contact, if any. */
  satisfaction: z.enum(SATISFACTIONS).nullish(),
  /** The petitioner is judged stable. */
  stable: z.boolean(),
  /** When the contact took place; defaults to now, never in the future. */
  occurredAt: z.coerce.date().optional(),
  /** Schedules the next contact. */
  nextContactOn: localDate.nullish(),
});
export type RecordFollowUpInput = z.input<typeof RecordFollowUpInput>;

export interface FollowUpResult {
  readonly followUp: FollowUpRecord;
  /** A supervision record opened by an unsatisfied rating given in the contact. */
  readonly supervisionRecordId: string | null;
}

const ROLES_ALLOWED = [ROLES.clerk, ROLES.handler, ROLES.caseLeader, ROLES.supervisor];

/** 回访: records a contact with the petitioner after the reply, and schedules the next one. */
export class RecordFollowUp {
  constructor(
    private readonly deps: Pick<SupervisionDeps, 'files' | 'records' | 'clock' | 'ids'>,
  ) {}

  async execute(principal: Principal, input: unknown): Promise<FollowUpResult> {
    assertRole(principal, ROLES_ALLOWED, 'recording follow-ups');
    const cmd = parseInput(RecordFollowUpInput, input);
    const now = this.deps.clock.now();
    const at = cmd.occurredAt ?? now;
    if (at > now) throw new ValidationError('occurredAt', 'must not be in the future');
    if (cmd.satisfaction && !cmd.petitionerReached) {
      throw new ValidationError('satisfaction', 'needs the petitioner to have been reached');
    }
    const file = await loadVisibleFile(this.deps.files, principal, cmd.caseId);
    const { followUpId, rating } = file.recordFollowUp(
      {
        at,
        method: cmd.method,
        petitionerReached: cmd.petitionerReached,
        summary: cmd.summary,
        satisfaction: cmd.satisfaction ?? null,
        stable: cmd.stable,
        nextContactOn: cmd.nextContactOn ?? null,
        actor: actorOf(principal, ROLES_ALLOWED),
      },
      this.deps.ids,
    );
    const recordId = await superviseUnsatisfied(
      this.deps.records,
      this.deps.ids,
      file.caseRef,
      rating,
    );
    await this.deps.files.save(file);
    const followUp = file.toState().followUps.find((f) => f.id === followUpId)!;
    return { followUp, supervisionRecordId: recordId };
  }
}
