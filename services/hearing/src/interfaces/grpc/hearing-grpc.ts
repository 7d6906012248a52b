import { caseEvents, hearingV1 } from '@xinfang/contracts';
import { ValidationError } from '@xinfang/kernel';
import { currentPrincipal } from '@xinfang/principal';
import { grpcUnary, type GrpcServiceRegistration } from '@xinfang/service-kit';
import {
  ACTION_ROLES,
  type AppealStageName,
  type AppealView,
  type GetReviewState,
} from '../../application';

const STAGE: Record<AppealStageName, hearingV1.AppealStage> = {
  none: hearingV1.AppealStage.APPEAL_STAGE_NONE,
  reviewRequested: hearingV1.AppealStage.APPEAL_STAGE_REVIEW_REQUESTED,
  reviewDecided: hearingV1.AppealStage.APPEAL_STAGE_REVIEW_DECIDED,
  reReviewRequested: hearingV1.AppealStage.APPEAL_STAGE_RE_REVIEW_REQUESTED,
  reReviewDecided: hearingV1.AppealStage.APPEAL_STAGE_RE_REVIEW_DECIDED,
  terminated: hearingV1.AppealStage.APPEAL_STAGE_TERMINATED,
};

const OUTCOME = {
  uphold: caseEvents.ReviewOutcome.REVIEW_OUTCOME_UPHOLD,
  revise: caseEvents.ReviewOutcome.REVIEW_OUTCOME_REVISE,
  revoke: caseEvents.ReviewOutcome.REVIEW_OUTCOME_REVOKE,
} as const;

function reviewOf(a: AppealView): hearingV1.Review {
  return hearingV1.Review.fromPartial({
    reviewId: a.id,
    stage:
      a.stage === 'review'
        ? caseEvents.ReviewStage.REVIEW_STAGE_REVIEW
        : caseEvents.ReviewStage.REVIEW_STAGE_RE_REVIEW,
    authority: { ...a.authority },
    requestedAt: a.requestedAt.toISOString(),
    decisionDueDate: a.decisionDueDate,
    ...(a.decision
      ? { decidedAt: a.decision.decidedAt.toISOString(), outcome: OUTCOME[a.decision.outcome] }
      : {}),
  });
}

function caseIdOf(request: { caseId: string }): string {
  if (request.caseId.trim() === '') throw new ValidationError('case_id', 'is required');
  return request.caseId;
}

/** `HearingService` of xinfang.hearing.v1 for other services (port 9104). */
export function hearingGrpcService(deps: {
  getReviewState: GetReviewState;
}): GrpcServiceRegistration {
  const implementation: hearingV1.HearingServiceServer = {
    isTerminated: grpcUnary(async (request: hearingV1.IsTerminatedRequest) => {
      const t = await deps.getReviewState.terminated(caseIdOf(request));
      return hearingV1.IsTerminatedResponse.fromPartial({
        terminated: t.terminated,
        reReviewId: t.reReviewId,
        ...(t.terminatedAt ? { terminatedAt: t.terminatedAt.toISOString() } : {}),
      });
    }),
    getReviewState: grpcUnary(async (request: hearingV1.GetReviewStateRequest) => {
      const s = await deps.getReviewState.execute(currentPrincipal(), caseIdOf(request));
      const appeals = [s.review, s.reReview].filter((a): a is AppealView => a !== null);
      return hearingV1.GetReviewStateResponse.fromPartial({
        stage: STAGE[s.stage],
        ...(s.review ? { review: reviewOf(s.review) } : {}),
        ...(s.reReview ? { reReview: reviewOf(s.reReview) } : {}),
        reviewRequestDueDate: s.reviewRequestDueDate ?? '',
        reReviewRequestDueDate: s.reReviewRequestDueDate ?? '',
        hearings: appeals.flatMap((a) =>
          a.hearings.map((h) => ({
            hearingId: h.id,
            reviewId: a.id,
            scheduledAt: h.scheduledAt.toISOString(),
            held: h.result !== null,
            public: h.public,
          })),
        ),
      });
    }),
  };
  const readers = [...ACTION_ROLES.read];
  return {
    definition: hearingV1.HearingServiceService,
    implementation,
    roles: { isTerminated: readers, getReviewState: readers },
  };
}
