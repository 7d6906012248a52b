import { caseEvents } from '@xinfang/contracts';
import { codeOfPath, tenantOf } from '@xinfang/kernel';
import { enumName, occurredAt, ProjectedEvent } from './events';

/** Where a case stands, from the console's point of view. */
export const CASE_STATUSES = [
  'registered',
  'forwarded',
  'assigned',
  'declined',
  'disposed',
  'accepted',
  'notAccepted',
  'returned',
  'replied',
  'reviewing',
  'reReviewing',
  'closed',
  'terminated',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CHANNELS = ['letter', 'visit', 'online', 'phone', 'referral'] as const;
export const NATURES = ['suggestion', 'accusation', 'claim'] as const;

export interface UnitSummary {
  unitId: string;
  name: string;
  regionCode: string;
}

/** The projected state of one case (read model; no personal data ever reaches it). */
export interface CaseView {
  caseId: string;
  caseNumber: string;
  tenantId: string | null;
  regionPath: string;
  regionCode: string;
  channel: string | null;
  nature: string | null;
  subjectCode: string;
  subjectName: string;
  title: string;
  urgency: string | null;
  collective: boolean;
  headcount: number;
  repeat: boolean;
  skipLevel: boolean;
  legalChannel: boolean;
  crossJurisdiction: boolean;
  registeredAt: Date | null;
  status: CaseStatus;
  currentUnit: UnitSummary | null;
  acceptedAt: Date | null;
  repliedAt: Date | null;
  closedAt: Date | null;
  resolvedAt: Date | null;
  handlingDueDate: string | null;
  extended: boolean;
  /** Ids of the clocks that are overdue now. */
  overdueClocks: string[];
  overdue: boolean;
  /** True once any clock of the case went overdue. */
  everOverdue: boolean;
  escalationLevel: number;
  replyOutcome: string | null;
  satisfaction: string | null;
  closed: boolean;
  resolved: boolean;
  terminated: boolean;
  backlog: boolean;
  caseLeader: string | null;
  lastEventType: string;
  lastEventAt: Date;
  eventCount: number;
  /** Ids of the most recent events applied (duplicates are recognised by them). */
  appliedEvents: string[];
  /** Lower-case text the free-text search matches. */
  searchText: string;
}

/** How many event ids a case remembers; a case has far fewer events than this. */
export const APPLIED_EVENTS_KEPT = 500;

const CHANNEL = caseEvents.Channel as unknown as Record<number, string>;
const NATURE = caseEvents.Nature as unknown as Record<number, string>;
const URGENCY = caseEvents.Urgency as unknown as Record<number, string>;
const OUTCOME = caseEvents.ReplyOutcome as unknown as Record<number, string>;
const SATISFACTION = caseEvents.Satisfaction as unknown as Record<number, string>;

function unit(ref: caseEvents.UnitRef | undefined): UnitSummary | null {
  if (!ref || !ref.unitId) return null;
  return { unitId: ref.unitId, name: ref.name, regionCode: ref.regionCode };
}

/** The state of a case seen for the first time (events of a case may arrive before its registration). */
export function emptyCaseView(event: ProjectedEvent): CaseView {
  const ref = (event.decoded.payload as { caseRef?: caseEvents.CaseRef }).caseRef;
  const regionCode = ref?.regionCode || codeOfPath(event.regionPath);
  return {
    caseId: event.caseId,
    caseNumber: ref?.caseNumber ?? '',
    tenantId: tenantOf(regionCode),
    regionPath: event.regionPath,
    regionCode,
    channel: null,
    nature: null,
    subjectCode: '',
    subjectName: '',
    title: '',
    urgency: null,
    collective: false,
    headcount: 0,
    repeat: false,
    skipLevel: false,
    legalChannel: false,
    crossJurisdiction: false,
    registeredAt: null,
    status: 'registered',
    currentUnit: null,
    acceptedAt: null,
    repliedAt: null,
    closedAt: null,
    resolvedAt: null,
    handlingDueDate: null,
    extended: false,
    overdueClocks: [],
    overdue: false,
    everOverdue: false,
    escalationLevel: 0,
    replyOutcome: null,
    satisfaction: null,
    closed: false,
    resolved: false,
    terminated: false,
    backlog: false,
    caseLeader: null,
    lastEventType: '',
    lastEventAt: event.time,
    eventCount: 0,
    appliedEvents: [],
    searchText: '',
  };
}

/** True when the view has already applied this event. */
export function hasApplied(view: CaseView | undefined, eventId: string): boolean {
  return view !== undefined && view.appliedEvents.includes(eventId);
}

/**
 * Applies one event to a case's view and returns the new view (the input is not changed).
 * Events of one case arrive in order (the topic is keyed by case id); an event already applied
 * returns the view unchanged.
 */
export function applyToCaseView(current: CaseView | undefined, event: ProjectedEvent): CaseView {
  if (hasApplied(current, event.id)) return current!;
  const v: CaseView = current
    ? { ...current, overdueClocks: [...current.overdueClocks] }
    : emptyCaseView(event);
  const at = occurredAt(event);
  const ref = (event.decoded.payload as { caseRef?: caseEvents.CaseRef }).caseRef;
  if (ref?.caseNumber) v.caseNumber = ref.caseNumber;
  if (event.regionPath) {
    v.regionPath = event.regionPath;
    v.regionCode = ref?.regionCode || codeOfPath(event.regionPath);
    v.tenantId = tenantOf(v.regionCode);
  }
  const d = event.decoded;
  switch (d.name) {
    case 'CaseRegistered': {
      const p = d.payload;
      v.channel = enumName(p.channel, CHANNEL, 'CHANNEL_');
      v.nature = enumName(p.nature, NATURE, 'NATURE_');
      v.urgency = enumName(p.urgency, URGENCY, 'URGENCY_');
      v.subjectCode = p.subjectCode;
      v.subjectName = p.subjectName;
      v.title = p.title;
      v.collective = p.collective;
      v.headcount = p.headcount;
      v.repeat = p.repeatOfCaseId !== '' || p.repeatCount > 0;
      v.skipLevel = p.skipLevel;
      v.legalChannel = p.legalChannel;
      v.crossJurisdiction = p.crossJurisdiction;
      v.registeredAt = at;
      if (v.eventCount === 0) v.status = 'registered';
      break;
    }
    case 'CaseForwarded':
      v.status = 'forwarded';
      v.currentUnit = unit(d.payload.toUnit);
      break;
    case 'CaseAssigned':
      v.status = 'assigned';
      v.currentUnit = unit(d.payload.toUnit);
      break;
    case 'CaseRerouted':
      v.status =
        d.payload.mode === caseEvents.RouteMode.ROUTE_MODE_ASSIGN ? 'assigned' : 'forwarded';
      v.currentUnit = unit(d.payload.toUnit);
      break;
    case 'CaseDeclined':
      v.status = 'declined';
      break;
    case 'CaseDisposedDirectly':
      v.status = 'disposed';
      v.currentUnit = unit(d.payload.handlingUnit) ?? v.currentUnit;
      break;
    case 'CaseAccepted':
      if (d.payload.unitRole !== caseEvents.UnitRole.UNIT_ROLE_CO) {
        v.status = 'accepted';
        v.acceptedAt = at;
        v.handlingDueDate = d.payload.handlingDueDate || v.handlingDueDate;
        v.currentUnit = unit(d.payload.unit) ?? v.currentUnit;
      }
      break;
    case 'CaseNotAccepted':
      v.status = 'notAccepted';
      break;
    case 'CaseReturned':
      v.status = 'returned';
      break;
    case 'CaseExtended':
      v.extended = true;
      v.handlingDueDate = d.payload.newDueDate || v.handlingDueDate;
      break;
    case 'CaseReplied':
      v.status = 'replied';
      v.repliedAt = at;
      v.replyOutcome = enumName(d.payload.outcome, OUTCOME, 'REPLY_OUTCOME_');
      break;
    case 'CaseClosed':
      v.status = v.terminated ? 'terminated' : 'closed';
      v.closed = true;
      v.closedAt = at;
      v.overdueClocks = [];
      break;
    case 'CaseResolved':
      v.resolved = true;
      v.resolvedAt = at;
      break;
    case 'SatisfactionRated':
      v.satisfaction = enumName(d.payload.satisfaction, SATISFACTION, 'SATISFACTION_');
      break;
    case 'FollowUpRecorded':
      v.satisfaction =
        enumName(d.payload.satisfaction, SATISFACTION, 'SATISFACTION_') ?? v.satisfaction;
      break;
    case 'ReviewRequested':
      v.status = 'reviewing';
      v.closed = false;
      break;
    case 'ReReviewRequested':
      v.status = 'reReviewing';
      v.closed = false;
      break;
    case 'CaseTerminated':
      v.status = 'terminated';
      v.terminated = true;
      break;
    case 'CaseOverdue':
      if (!v.overdueClocks.includes(d.payload.clockId)) v.overdueClocks.push(d.payload.clockId);
      v.everOverdue = true;
      break;
    case 'ClockStopped':
      v.overdueClocks = v.overdueClocks.filter((c) => c !== d.payload.clockId);
      break;
    case 'CaseEscalated':
      v.escalationLevel = Math.max(v.escalationLevel, d.payload.level);
      break;
    case 'CaseLeaderAssigned':
      v.caseLeader = d.payload.leaderName || d.payload.leaderSubject;
      break;
    case 'BacklogFlagged':
      v.backlog = true;
      break;
    default:
      break;
  }
  v.overdue = v.overdueClocks.length > 0;
  v.lastEventType = event.type;
  v.lastEventAt = at;
  v.eventCount += 1;
  v.appliedEvents = [...v.appliedEvents, event.id].slice(-APPLIED_EVENTS_KEPT);
  v.searchText = searchTextOf(v);
  return v;
}

function searchTextOf(v: CaseView): string {
  return [v.caseNumber, v.title, v.subjectCode, v.subjectName, v.currentUnit?.name ?? '']
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
}
