/** Where a case stands, as intake mirrors it from the events of routing, supervision and hearing. */
export const CASE_STATUSES = [
  'registered',
  'forwarded',
  'assigned',
  'accepted',
  'declined',
  'returned',
  'extended',
  'replied',
  'closed',
  'review',
  'reReview',
  'terminated',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Petitioner-facing words for each status. */
export const STATUS_LABELS: Readonly<Record<CaseStatus, string>> = {
  registered: '已登记',
  forwarded: '已转送',
  assigned: '已交办',
  accepted: '已受理',
  declined: '不予受理',
  returned: '重新确定办理机关中',
  extended: '延期办理中',
  replied: '已答复',
  closed: '已办结',
  review: '复查中',
  reReview: '复核中',
  terminated: '已终结',
};

/** Statuses in which nobody is handling the matter any more. */
export const SETTLED_STATUSES: readonly CaseStatus[] = [
  'declined',
  'replied',
  'closed',
  'terminated',
];

/** How one kind of progress event changes the case and whether the petitioner sees it. */
export interface ProgressRule {
  readonly status?: CaseStatus;
  /** Shown on the petitioner's timeline with this label; internal when absent. */
  readonly label?: string;
  readonly replied?: boolean;
  readonly overdue?: boolean;
  readonly resolved?: boolean;
}

export const EVENT_TYPE_PREFIX = 'xinfang.case.v1.';

/**
 * The case events of other services that intake mirrors, by event name (the part of the type
 * after `xinfang.case.v1.`). Events not listed here are ignored, so producers may add new ones.
 */
export const PROGRESS_RULES: Readonly<Record<string, ProgressRule>> = {
  CaseForwarded: { status: 'forwarded', label: '已转送有权处理的机关' },
  CaseAssigned: { status: 'assigned', label: '已交办有权处理的机关' },
  CaseReturned: { status: 'returned' },
  CaseRerouted: { status: 'forwarded', label: '已重新转送有权处理的机关' },
  CaseAccepted: { status: 'accepted', label: '已受理' },
  CaseDeclined: { status: 'declined', label: '不予受理' },
  CaseNotAccepted: { status: 'declined', label: '有权处理的机关不予受理' },
  CaseExtended: { status: 'extended', label: '办理期限已延长' },
  CaseReplied: { status: 'replied', label: '已出具处理意见并答复', replied: true },
  CaseClosed: { status: 'closed', label: '已办结' },
  CaseOverdue: { overdue: true },
  CaseResolved: { label: '已化解', resolved: true },
  ReviewRequested: { status: 'review', label: '已申请复查' },
  ReviewDecided: { label: '已作出复查意见' },
  ReReviewRequested: { status: 'reReview', label: '已申请复核' },
  ReReviewDecided: { label: '已作出复核意见' },
  HearingScheduled: { label: '已安排听证' },
  CaseTerminated: { status: 'terminated', label: '信访事项已终结' },
};

/** The event name of a full type (`xinfang.case.v1.CaseAccepted` → `CaseAccepted`), or null. */
export function progressEventName(eventType: string): string | null {
  if (!eventType.startsWith(EVENT_TYPE_PREFIX)) return null;
  const name = eventType.slice(EVENT_TYPE_PREFIX.length);
  return Object.hasOwn(PROGRESS_RULES, name) ? name : null;
}
