import type { StatutoryClockKind } from '@xinfang/kernel';

/** Every clock supervision tracks: the statutory ones plus the assigned-case result report. */
export const TRACKED_CLOCK_KINDS: readonly StatutoryClockKind[] = [
  'dispose',
  'acceptance',
  'objection',
  'handling',
  'resultReport',
  'reviewRequest',
  'reviewDecision',
  'reReviewRequest',
  'reReviewDecision',
];

/**
 * Windows are periods in which someone *may* act (the petitioner's review requests, the unit's
 * objection); their lapse is a normal end, never overdue. Duties are acts someone *must* do in
 * time; they get reminders, go overdue and climb the escalation ladder.
 */
export type ClockRole = 'duty' | 'window';

export const WINDOW_CLOCK_KINDS: readonly StatutoryClockKind[] = [
  'objection',
  'reviewRequest',
  'reReviewRequest',
];

export function clockRoleOf(kind: StatutoryClockKind): ClockRole {
  return WINDOW_CLOCK_KINDS.includes(kind) ? 'window' : 'duty';
}

/** Clocks whose time does not count while a hearing is under way (Art. 36). */
export const HEARING_PAUSED_CLOCK_KINDS: readonly StatutoryClockKind[] = ['reReviewDecision'];

export type ClockStatus = 'running' | 'paused' | 'stopped';

/** Mirrors the contract's ClockStopReason. */
export type ClockStopReason = 'met' | 'metLate' | 'lapsed' | 'cancelled';

/** Who supervises at each level of the ladder (三级督办), from level 1 up. */
export type EscalationBody = 'petitionBureau' | 'inspectionOffice' | 'disciplineCommission';
export const ESCALATION_BODIES: readonly EscalationBody[] = [
  'petitionBureau',
  'inspectionOffice',
  'disciplineCommission',
];

/** The body of a level; levels past the third (a policy with more levels) stay with the last. */
export function escalationBodyOf(level: number): EscalationBody {
  const i = Math.min(Math.max(level, 1), ESCALATION_BODIES.length) - 1;
  return ESCALATION_BODIES[i]!;
}

/** 三函: risk reminder (风险提醒函), supervision (督办函), accountability proposal (问责建议函). */
export const NOTICE_KINDS = ['riskReminder', 'supervision', 'accountabilityProposal'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export type NoticeStatus = 'issued' | 'responded' | 'closed';

export const SATISFACTIONS = ['satisfied', 'basicallySatisfied', 'unsatisfied'] as const;
export type Satisfaction = (typeof SATISFACTIONS)[number];

export type RatingSource = 'portal' | 'clerk';

export const REVIEW_STAGES = ['reply', 'review', 'reReview'] as const;
/** What a rating or hearing concerns: the reply, the review or the re-review decision. */
export type ReviewStage = (typeof REVIEW_STAGES)[number];

export const CONTACT_METHODS = ['phone', 'visit', 'sms', 'letter', 'online', 'inOffice'] as const;
export type ContactMethod = (typeof CONTACT_METHODS)[number];

export const CLOSURE_REASONS = [
  'replied',
  'declined',
  'notAccepted',
  'disposedDirectly',
  'reviewDecided',
  'terminated',
  'withdrawn',
  'merged',
] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];

export type Channel = 'letter' | 'visit' | 'online' | 'phone' | 'referral' | 'unspecified';

/** Why a case is in the backlog ledger (积案). */
export const BACKLOG_RULES = [
  'pendingTooLong',
  'repeated',
  'referredFromAbove',
  'collective',
  'manual',
] as const;
export type BacklogRule = (typeof BACKLOG_RULES)[number];
