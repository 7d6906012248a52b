import { Principal, ROLES } from '@xinfang/principal';
import { z } from 'zod';
import { REVIEW_STAGES, SATISFACTIONS, SatisfactionEntry } from '../../domain';
import { actorOf, assertRole, loadVisibleFile } from '../shared/access';
import { SupervisionDeps } from '../shared/deps';
import { id, parseInput, unitRefInput } from '../shared/input';
import { superviseUnsatisfied } from '../shared/ratings';

export const RecordSatisfactionInput = z.object({
  caseId: id,
  satisfaction: z.enum(SATISFACTIONS),
  /** What was rated: the reply (default) or a review / re-review decision. */
  stage: z.enum(REVIEW_STAGES).default('reply'),
  /** The unit rated; defaults to the unit that replied. */
  ratedUnit: unitRefInput.nullish(),
});
export type RecordSatisfactionInput = z.input<typeof RecordSatisfactionInput>;

export interface SatisfactionResult {
  readonly rating: SatisfactionEntry;
  readonly supervisionRecordId: string | null;
}

const ROLES_ALLOWED = [ROLES.clerk];

/**
 * A clerk records the rating a petitioner gave by phone, letter or in person (portal ratings
 * arrive as SatisfactionRated events). 不满意 opens a supervision record.
 */
export class RecordSatisfaction {
  constructor(
    private readonly deps: Pick<SupervisionDeps, 'files' | 'records' | 'clock' | 'ids'>,
  ) {}

  async execute(principal: Principal, input: unknown): Promise<SatisfactionResult> {
    assertRole(principal, ROLES_ALLOWED, 'recording satisfaction');
    const cmd = parseInput(RecordSatisfactionInput, input);
    const file = await loadVisibleFile(this.deps.files, principal, cmd.caseId);
    const rating = file.rate(
      {
        satisfaction: cmd.satisfaction,
        stage: cmd.stage,
        ratedUnit: cmd.ratedUnit ?? file.toState().reply?.unit ?? null,
        at: this.deps.clock.now(),
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
    return { rating, supervisionRecordId: recordId };
  }
}
