import { NotFoundError } from '@xinfang/kernel';
import type { Principal } from '@xinfang/principal';
import type { AppealStage, ReviewOutcome } from '../../domain';
import { ACTION_ROLES, actorOf, assertActsFor, type HearingDeps } from '../shared/context';
import { appealView, type AppealView } from '../shared/views';

export interface DecisionInput {
  readonly outcome: ReviewOutcome;
  /** The written reply in summary (复查/复核意见书), without personal data. */
  readonly summary: string;
  readonly documentNumber: string;
  /** When the petitioner received it; default now (handed over on deciding). */
  readonly deliveredAt?: Date;
}

/**
 * The authority decides a review or re-review (uphold / revise / revoke) with a written reply.
 * A re-review decision terminates the matter (CaseTerminated).
 */
export class DecideAppeal {
  constructor(private readonly deps: HearingDeps) {}

  async execute(
    p: Principal,
    stage: AppealStage,
    appealId: string,
    input: DecisionInput,
  ): Promise<AppealView> {
    const what = stage === 'review' ? 'review' : 're-review';
    const appeal = await this.deps.appeals.modify(appealId, (a) => {
      if (a.state.stage !== stage) throw new NotFoundError(what, appealId);
      assertActsFor(p, a.state.authority, `${what} ${appealId}`);
      a.decide(
        {
          outcome: input.outcome,
          summary: input.summary,
          documentNumber: input.documentNumber,
          deliveredAt: input.deliveredAt ?? null,
        },
        actorOf(p, ACTION_ROLES.decide),
        this.deps.now(),
        this.deps.policy,
        this.deps.calendar,
      );
    });
    return appealView(appeal, this.deps);
  }
}
