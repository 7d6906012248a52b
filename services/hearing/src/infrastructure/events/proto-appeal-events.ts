import type { EventInput } from '@xinfang/bus';
import { caseEvents, encodeCaseEvent } from '@xinfang/contracts';
import type {
  Actor,
  AppealEvent,
  AppealState,
  CaseRef,
  ReviewOutcome,
  UnitRef,
} from '../../domain';

const OUTCOME: Record<ReviewOutcome, caseEvents.ReviewOutcome> = {
  uphold: caseEvents.ReviewOutcome.REVIEW_OUTCOME_UPHOLD,
  revise: caseEvents.ReviewOutcome.REVIEW_OUTCOME_REVISE,
  revoke: caseEvents.ReviewOutcome.REVIEW_OUTCOME_REVOKE,
};

const STAGE = {
  review: caseEvents.ReviewStage.REVIEW_STAGE_REVIEW,
  reReview: caseEvents.ReviewStage.REVIEW_STAGE_RE_REVIEW,
} as const;

export function caseRefOf(ref: CaseRef): caseEvents.CaseRef {
  return { ...ref, tenantId: ref.tenantId ?? '' };
}

const actorOf = (a: Actor): caseEvents.Actor => ({ ...a, unitId: '' });
const unitOf = (u: UnitRef): caseEvents.UnitRef => ({ ...u });

/**
 * An appeal event as the outbox keeps it: the proto3 JSON of its `xinfang.case.v1` message,
 * with the case id as subject (the Kafka key). No personal data: parties and panel members
 * never enter an event, only counts.
 */
export function outboxEventOf(
  event: AppealEvent,
  s: AppealState,
): EventInput & { subject: string } {
  const common = {
    caseRef: caseRefOf(s.caseRef),
    actor: actorOf(event.actor),
    occurredAt: event.at.toISOString(),
  };
  const encoded = encode(event, s, common);
  return { subject: s.caseRef.caseId, time: event.at, type: encoded.type, data: encoded.json };
}

function encode(
  event: AppealEvent,
  s: AppealState,
  common: { caseRef: caseEvents.CaseRef; actor: caseEvents.Actor; occurredAt: string },
): { type: string; json: unknown } {
  switch (event.name) {
    case 'ReviewRequested':
      return encodeCaseEvent('ReviewRequested', {
        ...common,
        reviewId: s.id,
        authority: unitOf(s.authority),
        grounds: s.grounds,
        withinWindow: event.withinWindow,
        decisionDueDate: event.decisionDueDate,
      });
    case 'ReReviewRequested':
      return encodeCaseEvent('ReReviewRequested', {
        ...common,
        reReviewId: s.id,
        reviewId: s.reviewId,
        authority: unitOf(s.authority),
        grounds: s.grounds,
        withinWindow: event.withinWindow,
        decisionDueDate: event.decisionDueDate,
      });
    case 'ReviewDecided':
      return encodeCaseEvent('ReviewDecided', {
        ...common,
        reviewId: s.id,
        authority: unitOf(s.authority),
        outcome: OUTCOME[event.outcome],
        summary: event.summary,
        documentNumber: event.documentNumber,
        hearingHeld: event.hearingHeld,
        late: event.late,
        deliveredAt: event.deliveredAt.toISOString(),
        reReviewRequestDueDate: event.reReviewRequestDueDate,
      });
    case 'ReReviewDecided':
      return encodeCaseEvent('ReReviewDecided', {
        ...common,
        reReviewId: s.id,
        authority: unitOf(s.authority),
        outcome: OUTCOME[event.outcome],
        summary: event.summary,
        documentNumber: event.documentNumber,
        hearingHeld: event.hearingHeld,
        late: event.late,
        deliveredAt: event.deliveredAt.toISOString(),
      });
    case 'CaseTerminated':
      return encodeCaseEvent('CaseTerminated', {
        ...common,
        reReviewId: s.id,
        authority: unitOf(s.authority),
        subjectCode: s.subjectCode,
        locationRegionCode: s.locationRegionCode,
        basis: event.basis,
      });
    case 'HearingScheduled': {
      const h = s.hearings.find((x) => x.id === event.hearingId)!;
      return encodeCaseEvent('HearingScheduled', {
        ...common,
        hearingId: h.id,
        stage: STAGE[event.stage],
        reviewId: s.id,
        scheduledAt: h.scheduledAt.toISOString(),
        venue: h.venue,
        public: h.public,
        presidingOfficer: h.panel.find((m) => m.kind === 'host')?.subject ?? '',
        panelSize: h.panel.length,
        monitorCount: h.panel.filter((m) => m.kind === 'monitor').length,
      });
    }
    case 'HearingHeld': {
      const h = s.hearings.find((x) => x.id === event.hearingId)!;
      return encodeCaseEvent('HearingHeld', {
        ...common,
        hearingId: h.id,
        stage: STAGE[event.stage],
        reviewId: s.id,
        startedAt: (h.minutes?.startedAt ?? h.scheduledAt).toISOString(),
        majorityOpinion: h.result?.majorityOpinion ?? '',
        panelSize: h.result?.panelSize ?? h.panel.length,
        majorityCount: h.result?.majorityCount ?? 0,
        dissentRecorded: (h.result?.dissent.length ?? 0) > 0,
        minutesDocumentId: h.minutes?.documentId ?? '',
      });
    }
  }
}
