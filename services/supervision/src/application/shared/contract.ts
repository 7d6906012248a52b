import type { StatutoryClockKind } from '@xinfang/kernel';
import {
  caseEvents as pb,
  CaseEventPayloads,
  DecodedCaseEvent,
  supervisionV1,
} from '@xinfang/contracts';
import {
  Actor,
  CaseFact,
  CaseRef,
  Channel,
  ClockStatus,
  ClockStopReason,
  ClockView,
  ClosureReason,
  ContactMethod,
  EscalationBody,
  NoticeKind,
  RatingSource,
  ReviewStage,
  Satisfaction,
  SupervisionEvent,
  SupervisionEventName,
  UnitRef,
} from '../../domain';

// Translation between the public contract (`xinfang.case.v1`, ts-proto types) and the domain.
// Adapters call these; the domain never sees generated code.

const CLOCK_KINDS: Record<StatutoryClockKind, pb.ClockKind> = {
  dispose: pb.ClockKind.CLOCK_KIND_DISPOSE,
  acceptance: pb.ClockKind.CLOCK_KIND_ACCEPTANCE,
  objection: pb.ClockKind.CLOCK_KIND_OBJECTION,
  handling: pb.ClockKind.CLOCK_KIND_HANDLING,
  resultReport: pb.ClockKind.CLOCK_KIND_RESULT_REPORT,
  reviewRequest: pb.ClockKind.CLOCK_KIND_REVIEW_REQUEST,
  reviewDecision: pb.ClockKind.CLOCK_KIND_REVIEW_DECISION,
  reReviewRequest: pb.ClockKind.CLOCK_KIND_RE_REVIEW_REQUEST,
  reReviewDecision: pb.ClockKind.CLOCK_KIND_RE_REVIEW_DECISION,
};
const STOP_REASONS: Record<ClockStopReason, pb.ClockStopReason> = {
  met: pb.ClockStopReason.CLOCK_STOP_REASON_MET,
  metLate: pb.ClockStopReason.CLOCK_STOP_REASON_MET_LATE,
  lapsed: pb.ClockStopReason.CLOCK_STOP_REASON_LAPSED,
  cancelled: pb.ClockStopReason.CLOCK_STOP_REASON_CANCELLED,
};
const BODIES: Record<EscalationBody, pb.EscalationBody> = {
  petitionBureau: pb.EscalationBody.ESCALATION_BODY_PETITION_BUREAU,
  inspectionOffice: pb.EscalationBody.ESCALATION_BODY_INSPECTION_OFFICE,
  disciplineCommission: pb.EscalationBody.ESCALATION_BODY_DISCIPLINE_COMMISSION,
};
const NOTICE_KINDS: Record<NoticeKind, pb.SupervisionNoticeKind> = {
  riskReminder: pb.SupervisionNoticeKind.SUPERVISION_NOTICE_KIND_RISK_REMINDER,
  supervision: pb.SupervisionNoticeKind.SUPERVISION_NOTICE_KIND_SUPERVISION,
  accountabilityProposal: pb.SupervisionNoticeKind.SUPERVISION_NOTICE_KIND_ACCOUNTABILITY_PROPOSAL,
};
const CLOSURE_REASONS: Record<ClosureReason, pb.ClosureReason> = {
  replied: pb.ClosureReason.CLOSURE_REASON_REPLIED,
  declined: pb.ClosureReason.CLOSURE_REASON_DECLINED,
  notAccepted: pb.ClosureReason.CLOSURE_REASON_NOT_ACCEPTED,
  disposedDirectly: pb.ClosureReason.CLOSURE_REASON_DISPOSED_DIRECTLY,
  reviewDecided: pb.ClosureReason.CLOSURE_REASON_REVIEW_DECIDED,
  terminated: pb.ClosureReason.CLOSURE_REASON_TERMINATED,
  withdrawn: pb.ClosureReason.CLOSURE_REASON_WITHDRAWN,
  merged: pb.ClosureReason.CLOSURE_REASON_MERGED,
};
const SATISFACTIONS: Record<Satisfaction, pb.Satisfaction> = {
  satisfied: pb.Satisfaction.SATISFACTION_SATISFIED,
  basicallySatisfied: pb.Satisfaction.SATISFACTION_BASICALLY_SATISFIED,
  unsatisfied: pb.Satisfaction.SATISFACTION_UNSATISFIED,
};
const RATING_SOURCES: Record<RatingSource, pb.RatingSource> = {
  portal: pb.RatingSource.RATING_SOURCE_PORTAL,
  clerk: pb.RatingSource.RATING_SOURCE_CLERK,
};
const STAGES: Record<ReviewStage, pb.ReviewStage> = {
  reply: pb.ReviewStage.REVIEW_STAGE_UNSPECIFIED,
  review: pb.ReviewStage.REVIEW_STAGE_REVIEW,
  reReview: pb.ReviewStage.REVIEW_STAGE_RE_REVIEW,
};
const CONTACT_METHODS: Record<ContactMethod, pb.ContactMethod> = {
  phone: pb.ContactMethod.CONTACT_METHOD_PHONE,
  visit: pb.ContactMethod.CONTACT_METHOD_VISIT,
  sms: pb.ContactMethod.CONTACT_METHOD_SMS,
  letter: pb.ContactMethod.CONTACT_METHOD_LETTER,
  online: pb.ContactMethod.CONTACT_METHOD_ONLINE,
  inOffice: pb.ContactMethod.CONTACT_METHOD_IN_OFFICE,
};
const CHANNELS: Record<pb.Channel, Channel> = {
  [pb.Channel.CHANNEL_UNSPECIFIED]: 'unspecified',
  [pb.Channel.CHANNEL_LETTER]: 'letter',
  [pb.Channel.CHANNEL_VISIT]: 'visit',
  [pb.Channel.CHANNEL_ONLINE]: 'online',
  [pb.Channel.CHANNEL_PHONE]: 'phone',
  [pb.Channel.CHANNEL_REFERRAL]: 'referral',
};
const CLOCK_STATES: Record<ClockStatus, supervisionV1.ClockState> = {
  running: supervisionV1.ClockState.CLOCK_STATE_RUNNING,
  paused: supervisionV1.ClockState.CLOCK_STATE_PAUSED,
  stopped: supervisionV1.ClockState.CLOCK_STATE_STOPPED,
};

function invert<K extends string, V extends number>(map: Record<K, V>): Map<V, K> {
  return new Map(Object.entries(map).map(([k, v]) => [v as V, k as K]));
}
const SATISFACTION_OF = invert(SATISFACTIONS);
const RATING_SOURCE_OF = invert(RATING_SOURCES);
const STAGE_OF = invert(STAGES);

const blank = (s: string | undefined): string | null => (s && s.trim() !== '' ? s : null);
const instant = (s: string | undefined): Date | null => {
  if (!s) return null;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d;
};
const unit = (u: pb.UnitRef | undefined): UnitRef | null =>
  u && u.unitId ? { unitId: u.unitId, name: u.name, regionCode: u.regionCode } : null;
const actor = (a: pb.Actor | undefined): Actor => ({
  subject: a?.subject || 'system',
  username: a?.username ?? '',
  role: a?.role ?? '',
  unitId: blank(a?.unitId),
});

/**
 * The domain fact of a decoded case event, or null for events that change no clock or file (or
 * that supervision itself published, apart from ratings and closures). Throws an Error naming
 * the field when a required part is missing, so the consumer dead-letters the message.
 */
export function caseFactFromContract(event: DecodedCaseEvent): CaseFact | null {
  const p = event.payload as { caseRef?: pb.CaseRef; actor?: pb.Actor; occurredAt?: string };
  const ref = p.caseRef;
  if (!ref?.caseId || !ref.tenantId || !ref.regionPath) {
    throw new Error(`${event.name}: case_ref with case_id, tenant_id and region_path is required`);
  }
  const occurredAt = instant(p.occurredAt);
  if (!occurredAt) throw new Error(`${event.name}: occurred_at is required`);
  const caseRef: CaseRef = {
    caseId: ref.caseId,
    caseNumber: ref.caseNumber,
    tenantId: ref.tenantId,
    regionPath: ref.regionPath,
    regionCode: ref.regionCode,
  };
  const base = { caseRef, actor: actor(p.actor), occurredAt };
  const requiredUnit = (u: pb.UnitRef | undefined, field: string): UnitRef => {
    const found = unit(u);
    if (!found) throw new Error(`${event.name}: ${field} is required`);
    return found;
  };
  switch (event.name) {
    case 'CaseRegistered': {
      const e = event.payload;
      return {
        ...base,
        name: 'CaseRegistered',
        channel: CHANNELS[e.channel] ?? 'unspecified',
        receivedAt: instant(e.receivedAt),
        collective: e.collective,
        headcount: e.headcount,
        repeatCount: e.repeatCount,
        repeatOfCaseId: blank(e.repeatOfCaseId),
        subjectCode: e.subjectCode,
        title: e.title,
        registeringOffice: unit(e.registeringOffice),
      };
    }
    case 'CaseForwarded': {
      const e = event.payload;
      return {
        ...base,
        name: 'CaseForwarded',
        fromUnit: unit(e.fromUnit),
        toUnit: requiredUnit(e.toUnit, 'to_unit'),
        letterNumber: blank(e.letterNumber),
      };
    }
    case 'CaseAssigned': {
      const e = event.payload;
      return {
        ...base,
        name: 'CaseAssigned',
        fromUnit: unit(e.fromUnit),
        toUnit: requiredUnit(e.toUnit, 'to_unit'),
        letterNumber: blank(e.letterNumber),
        resultReportDueDate: blank(e.resultReportDueDate),
      };
    }
    case 'CaseRerouted': {
      const e = event.payload;
      return {
        ...base,
        name: 'CaseRerouted',
        toUnit: requiredUnit(e.toUnit, 'to_unit'),
        mode: e.mode === pb.RouteMode.ROUTE_MODE_ASSIGN ? 'assign' : 'forward',
        resultReportDueDate: blank(e.resultReportDueDate),
      };
    }
    case 'CaseDeclined':
      return { ...base, name: 'CaseDeclined' };
    case 'CaseDisposedDirectly':
      return { ...base, name: 'CaseDisposedDirectly' };
    case 'CaseAccepted': {
      const e = event.payload;
      return {
        ...base,
        name: 'CaseAccepted',
        unit: requiredUnit(e.unit, 'unit'),
        unitRole: e.unitRole === pb.UnitRole.UNIT_ROLE_CO ? 'co' : 'lead',
      };
    }
    case 'CaseNotAccepted':
      return { ...base, name: 'CaseNotAccepted', unit: requiredUnit(event.payload.unit, 'unit') };
    case 'CaseReturned':
      return {
        ...base,
        name: 'CaseReturned',
        unit: requiredUnit(event.payload.unit, 'unit'),
        withinWindow: event.payload.withinWindow,
      };
    case 'CaseExtended':
      return {
        ...base,
        name: 'CaseExtended',
        unit: unit(event.payload.unit),
        days: event.payload.days,
      };
    case 'CaseReplied': {
      const e = event.payload;
      return {
        ...base,
        name: 'CaseReplied',
        unit: unit(e.unit),
        documentNumber: blank(e.documentNumber),
        deliveredAt: instant(e.deliveredAt),
      };
    }
    case 'CaseResultReported': {
      const e = event.payload;
      return {
        ...base,
        name: 'CaseResultReported',
        unit: unit(e.unit),
        signedBy: e.signedBy?.subject ? actor(e.signedBy) : null,
      };
    }
    case 'ReviewRequested':
      return {
        ...base,
        name: 'ReviewRequested',
        reviewId: event.payload.reviewId,
        authority: unit(event.payload.authority),
      };
    case 'ReviewDecided':
      return {
        ...base,
        name: 'ReviewDecided',
        reviewId: event.payload.reviewId,
        deliveredAt: instant(event.payload.deliveredAt),
      };
    case 'ReReviewRequested':
      return {
        ...base,
        name: 'ReReviewRequested',
        reReviewId: event.payload.reReviewId,
        authority: unit(event.payload.authority),
      };
    case 'ReReviewDecided':
      return { ...base, name: 'ReReviewDecided', reReviewId: event.payload.reReviewId };
    case 'HearingScheduled':
    case 'HearingHeld':
      return {
        ...base,
        name: event.name,
        hearingId: event.payload.hearingId,
        stage: STAGE_OF.get(event.payload.stage) ?? 'reply',
      };
    case 'CaseTerminated':
      return { ...base, name: 'CaseTerminated' };
    case 'CaseClosed':
      return { ...base, name: 'CaseClosed' };
    case 'SatisfactionRated': {
      const e = event.payload;
      const satisfaction = SATISFACTION_OF.get(e.satisfaction);
      if (!satisfaction) throw new Error('SatisfactionRated: satisfaction is required');
      return {
        ...base,
        name: 'SatisfactionRated',
        satisfaction,
        source: RATING_SOURCE_OF.get(e.source) ?? 'portal',
        stage: STAGE_OF.get(e.stage) ?? 'reply',
        ratedUnit: unit(e.ratedUnit),
      };
    }
    default:
      return null;
  }
}

type Payload<N extends SupervisionEventName> = pb.DeepPartial<CaseEventPayloads[N]>;

/** A supervision event as the contract's name and payload, for `encodeCaseEvent(name, payload)`. */
export type ContractEvent = {
  [N in SupervisionEventName]: { readonly name: N; readonly payload: Payload<N> };
}[SupervisionEventName];

const pbUnit = (u: UnitRef | null): pb.UnitRef | undefined => u ?? undefined;
const pbActor = (a: Actor | null): pb.Actor | undefined =>
  a
    ? { subject: a.subject, username: a.username, role: a.role, unitId: a.unitId ?? '' }
    : undefined;

export function toContractEvent(event: SupervisionEvent): ContractEvent {
  const base = {
    caseRef: { ...event.caseRef },
    actor: pbActor(event.actor),
    occurredAt: event.occurredAt.toISOString(),
  };
  switch (event.name) {
    case 'ClockStarted':
      return {
        name: event.name,
        payload: {
          ...base,
          clockId: event.clockId,
          kind: CLOCK_KINDS[event.kind],
          limitDays: event.limitDays,
          counting:
            event.counting === 'working'
              ? pb.DayCounting.DAY_COUNTING_WORKING
              : pb.DayCounting.DAY_COUNTING_CALENDAR,
          dueDate: event.dueDate,
          responsibleUnit: pbUnit(event.responsibleUnit),
        },
      };
    case 'ClockPaused':
      return {
        name: event.name,
        payload: {
          ...base,
          clockId: event.clockId,
          kind: CLOCK_KINDS[event.kind],
          reason: event.reason,
          remainingDays: event.remainingDays,
          hearingId: event.hearingId ?? '',
        },
      };
    case 'ClockResumed':
      return {
        name: event.name,
        payload: {
          ...base,
          clockId: event.clockId,
          kind: CLOCK_KINDS[event.kind],
          remainingDays: event.remainingDays,
          dueDate: event.dueDate,
        },
      };
    case 'ClockStopped':
      return {
        name: event.name,
        payload: {
          ...base,
          clockId: event.clockId,
          kind: CLOCK_KINDS[event.kind],
          reason: STOP_REASONS[event.reason],
          dueDate: event.dueDate,
          overdueDays: event.overdueDays,
        },
      };
    case 'DeadlineReminder':
      return {
        name: event.name,
        payload: {
          ...base,
          clockId: event.clockId,
          kind: CLOCK_KINDS[event.kind],
          dueDate: event.dueDate,
          daysLeft: event.daysLeft,
          responsibleUnit: pbUnit(event.responsibleUnit),
        },
      };
    case 'CaseOverdue':
      return {
        name: event.name,
        payload: {
          ...base,
          clockId: event.clockId,
          kind: CLOCK_KINDS[event.kind],
          dueDate: event.dueDate,
          responsibleUnit: pbUnit(event.responsibleUnit),
        },
      };
    case 'CaseEscalated':
      return {
        name: event.name,
        payload: {
          ...base,
          level: event.level,
          body: BODIES[event.body],
          clockId: event.clockId,
          kind: CLOCK_KINDS[event.kind],
          overdueSince: event.overdueSince,
          supervisedUnit: pbUnit(event.supervisedUnit),
        },
      };
    case 'SupervisionNoticeIssued':
      return {
        name: event.name,
        payload: {
          ...base,
          noticeId: event.noticeId,
          kind: NOTICE_KINDS[event.kind],
          documentNumber: event.documentNumber,
          issuer: event.issuer,
          targetUnit: event.targetUnit,
          reason: event.reason,
          responseDueDate: event.responseDueDate,
          escalationLevel: event.escalationLevel,
        },
      };
    case 'CaseLeaderAssigned':
      return {
        name: event.name,
        payload: {
          ...base,
          leaderSubject: event.leaderSubject,
          leaderName: event.leaderName,
          leaderTitle: event.leaderTitle,
          leaderUnit: pbUnit(event.leaderUnit),
          previousLeaderSubject: event.previousLeaderSubject ?? '',
        },
      };
    case 'BacklogFlagged':
      return {
        name: event.name,
        payload: {
          ...base,
          ledgerEntryId: event.ledgerEntryId,
          reason: event.reason,
          daysOpen: event.daysOpen,
          ownerSubject: event.ownerSubject ?? '',
          targetDate: event.targetDate ?? '',
          planSummary: event.planSummary ?? '',
        },
      };
    case 'CaseClosed':
      return {
        name: event.name,
        payload: {
          ...base,
          reason: CLOSURE_REASONS[event.reason],
          checklistComplete: event.checklistComplete,
          onTime: event.onTime,
          daysOpen: event.daysOpen,
          mergedIntoCaseId: event.mergedIntoCaseId ?? '',
        },
      };
    case 'CaseResolved':
      return {
        name: event.name,
        payload: {
          ...base,
          settlementAgreement: event.settlementAgreement,
          agreementSignedDate: event.agreementSignedDate ?? '',
          summary: event.summary,
          ledgerEntryId: event.ledgerEntryId ?? '',
          caseLeader: pbActor(event.caseLeader),
        },
      };
    case 'SatisfactionRated':
      return {
        name: event.name,
        payload: {
          ...base,
          satisfaction: SATISFACTIONS[event.satisfaction],
          source: RATING_SOURCES[event.source],
          ratedUnit: pbUnit(event.ratedUnit),
          stage: STAGES[event.stage],
        },
      };
    case 'FollowUpRecorded':
      return {
        name: event.name,
        payload: {
          ...base,
          method: CONTACT_METHODS[event.method],
          petitionerReached: event.petitionerReached,
          summary: event.summary,
          satisfaction: event.satisfaction
            ? SATISFACTIONS[event.satisfaction]
            : pb.Satisfaction.SATISFACTION_UNSPECIFIED,
          stable: event.stable,
        },
      };
  }
}

/** A clock as the gRPC `xinfang.supervision.v1.Clock` message. */
export function clockToContract(view: ClockView): supervisionV1.Clock {
  return {
    clockId: view.clockId,
    kind: CLOCK_KINDS[view.kind],
    state: CLOCK_STATES[view.state],
    startedAt: view.startedAt.toISOString(),
    limitDays: view.limitDays,
    counting:
      view.counting === 'working'
        ? pb.DayCounting.DAY_COUNTING_WORKING
        : pb.DayCounting.DAY_COUNTING_CALENDAR,
    dueDate: view.dueDate,
    remainingDays: view.remainingDays,
    overdue: view.overdue,
    escalationLevel: view.escalationLevel,
    responsibleUnit: view.responsibleUnit ?? undefined,
    stopReason: view.stopReason
      ? STOP_REASONS[view.stopReason]
      : pb.ClockStopReason.CLOCK_STOP_REASON_UNSPECIFIED,
    stoppedAt: view.stoppedAt?.toISOString(),
    extended: view.extended,
  };
}
