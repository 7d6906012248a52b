import { daysBetween, NotFoundError, toLocalDate, type LocalDate } from '@xinfang/kernel';
import { canSee, type Principal } from '@xinfang/principal';
import { requestDueDate, type Appeal } from '../../domain';
import type { HearingDeps } from '../shared/context';
import { appealView, type AppealView } from '../shared/views';

export type AppealStageName =
  | 'none'
  | 'reviewRequested'
  | 'reviewDecided'
  | 'reReviewRequested'
  | 'reReviewDecided'
  | 'terminated';

export interface ReviewState {
  readonly caseId: string;
  readonly stage: AppealStageName;
  readonly review: AppealView | null;
  readonly reReview: AppealView | null;
  /** Last day to ask for review while that window is open; null otherwise. */
  readonly reviewRequestDueDate: LocalDate | null;
  /** Last day to ask for re-review while that window is open; null otherwise. */
  readonly reReviewRequestDueDate: LocalDate | null;
  readonly terminatedAt: Date | null;
}

export interface Termination {
  readonly terminated: boolean;
  readonly terminatedAt: Date | null;
  readonly reReviewId: string;
}

/** Where a case stands in its appeals, with the windows still open. */
export class GetReviewState {
  constructor(private readonly deps: HearingDeps) {}

  async execute(p: Principal, caseId: string): Promise<ReviewState> {
    const [file, appeals] = await Promise.all([
      this.deps.caseFiles.find(caseId),
      this.deps.appeals.findByCase(caseId),
    ]);
    const visibleFile = file && canSee(p, file.caseRef.regionPath) ? file : null;
    if (!visibleFile && appeals.length === 0) throw new NotFoundError('case', caseId);
    const review = appeals.find((a) => a.state.stage === 'review') ?? null;
    const reReview = appeals.find((a) => a.state.stage === 'reReview') ?? null;
    const today = toLocalDate(this.deps.now());
    const open = (due: LocalDate | null) => (due && daysBetween(today, due) >= 0 ? due : null);
    const reviewDue =
      !review && visibleFile?.reply?.deliveredAt
        ? open(
            requestDueDate(
              'review',
              visibleFile.reply.deliveredAt,
              this.deps.policy,
              this.deps.calendar,
            ),
          )
        : null;
    const reReviewDue =
      review && !reReview
        ? open(review.reReviewRequestDueDate(this.deps.policy, this.deps.calendar))
        : null;
    return {
      caseId,
      stage: stageOf(review, reReview),
      review: review ? appealView(review, this.deps) : null,
      reReview: reReview ? appealView(reReview, this.deps) : null,
      reviewRequestDueDate: reviewDue,
      reReviewRequestDueDate: reReviewDue,
      terminatedAt: reReview?.state.terminatedAt ?? null,
    };
  }

  /** Whether the matter was terminated after re-review (a yes/no any service may ask). */
  async terminated(caseId: string): Promise<Termination> {
    const reReview = await this.deps.appeals.findStageAnyScope(caseId, 'reReview');
    const at = reReview?.state.terminatedAt ?? null;
    return { terminated: at !== null, terminatedAt: at, reReviewId: at ? reReview!.id : '' };
  }
}

function stageOf(review: Appeal | null, reReview: Appeal | null): AppealStageName {
  if (reReview?.state.terminatedAt) return 'terminated';
  if (reReview) return reReview.state.decision ? 'reReviewDecided' : 'reReviewRequested';
  if (review) return review.state.decision ? 'reviewDecided' : 'reviewRequested';
  return 'none';
}
