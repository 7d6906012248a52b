import type { DayUnit, StatutoryClockKind } from '@xinfang/kernel';
import { Actor, CaseRef, UnitRef } from './refs';
import {
  ClockStopReason,
  ClosureReason,
  ContactMethod,
  EscalationBody,
  NoticeKind,
  RatingSource,
  ReviewStage,
  Satisfaction,
} from './vocabulary';

/**
 * The case events supervision publishes, as plain data. Each mirrors its message in
 * `proto/xinfang/case/v1/events.proto` (camelCase; instants as Date; due dates as `YYYY-MM-DD`;
 * absent values as null), so the outbox adapter maps them field by field
 * (`toContractEvent` in the application layer does it). `id` is the CloudEvents `ce_id`.
 */
export const SUPERVISION_EVENT_NAMES = [
  'ClockStarted',
  'ClockPaused',
  'ClockResumed',
  'ClockStopped',
  'DeadlineReminder',
  'CaseOverdue',
  'CaseEscalated',
  'SupervisionNoticeIssued',
  'CaseLeaderAssigned',
  'BacklogFlagged',
  'CaseClosed',
  'CaseResolved',
  'SatisfactionRated',
  'FollowUpRecorded',
] as const;

export type SupervisionEventName = (typeof SUPERVISION_EVENT_NAMES)[number];

/** The CloudEvents `ce_type` of each event: `xinfang.case.v1.<Name>`. */
export const SupervisionEventType = Object.freeze(
  Object.fromEntries(SUPERVISION_EVENT_NAMES.map((n) => [n, `xinfang.case.v1.${n}`])),
) as { readonly [N in SupervisionEventName]: `xinfang.case.v1.${N}` };

interface EventBase<N extends SupervisionEventName> {
  readonly id: string;
  readonly name: N;
  readonly caseRef: CaseRef;
  readonly actor: Actor;
  readonly occurredAt: Date;
}

export interface ClockStarted extends EventBase<'ClockStarted'> {
  readonly clockId: string;
  readonly kind: StatutoryClockKind;
  readonly limitDays: number;
  readonly counting: DayUnit;
  readonly dueDate: string;
  readonly responsibleUnit: UnitRef | null;
}

export interface ClockPaused extends EventBase<'ClockPaused'> {
  readonly clockId: string;
  readonly kind: StatutoryClockKind;
  readonly reason: string;
  readonly remainingDays: number;
  readonly hearingId: string | null;
}

export interface ClockResumed extends EventBase<'ClockResumed'> {
  readonly clockId: string;
  readonly kind: StatutoryClockKind;
  readonly remainingDays: number;
  readonly dueDate: string;
}

export interface ClockStopped extends EventBase<'ClockStopped'> {
  readonly clockId: string;
  readonly kind: StatutoryClockKind;
  readonly reason: ClockStopReason;
  readonly dueDate: string;
  readonly overdueDays: number;
}

export interface DeadlineReminder extends EventBase<'DeadlineReminder'> {
  readonly clockId: string;
  readonly kind: StatutoryClockKind;
  readonly dueDate: string;
  /** Calendar days from the reminder's day to the due date. */
  readonly daysLeft: number;
  readonly responsibleUnit: UnitRef | null;
}

export interface CaseOverdue extends EventBase<'CaseOverdue'> {
  readonly clockId: string;
  readonly kind: StatutoryClockKind;
  readonly dueDate: string;
  readonly responsibleUnit: UnitRef | null;
}

export interface CaseEscalated extends EventBase<'CaseEscalated'> {
  readonly level: number;
  readonly body: EscalationBody;
  readonly clockId: string;
  readonly kind: StatutoryClockKind;
  /** The first overdue day. */
  readonly overdueSince: string;
  readonly supervisedUnit: UnitRef | null;
}

export interface SupervisionNoticeIssued extends EventBase<'SupervisionNoticeIssued'> {
  readonly noticeId: string;
  readonly kind: NoticeKind;
  readonly documentNumber: string;
  readonly issuer: UnitRef;
  readonly targetUnit: UnitRef;
  readonly reason: string;
  readonly responseDueDate: string;
  readonly escalationLevel: number;
}

export interface CaseLeaderAssigned extends EventBase<'CaseLeaderAssigned'> {
  readonly leaderSubject: string;
  readonly leaderName: string;
  readonly leaderTitle: string;
  readonly leaderUnit: UnitRef | null;
  readonly previousLeaderSubject: string | null;
}

export interface BacklogFlagged extends EventBase<'BacklogFlagged'> {
  readonly ledgerEntryId: string;
  readonly reason: string;
  readonly daysOpen: number;
  readonly ownerSubject: string | null;
  readonly targetDate: string | null;
  readonly planSummary: string | null;
}

export interface CaseClosed extends EventBase<'CaseClosed'> {
  readonly reason: ClosureReason;
  readonly checklistComplete: boolean;
  readonly onTime: boolean;
  readonly daysOpen: number;
  readonly mergedIntoCaseId: string | null;
}

export interface CaseResolved extends EventBase<'CaseResolved'> {
  readonly settlementAgreement: boolean;
  readonly agreementSignedDate: string | null;
  readonly summary: string;
  readonly ledgerEntryId: string | null;
  readonly caseLeader: Actor | null;
}

export interface SatisfactionRated extends EventBase<'SatisfactionRated'> {
  readonly satisfaction: Satisfaction;
  readonly source: RatingSource;
  readonly ratedUnit: UnitRef | null;
  readonly stage: ReviewStage;
}

export interface FollowUpRecorded extends EventBase<'FollowUpRecorded'> {
  readonly method: ContactMethod;
  readonly petitionerReached: boolean;
  readonly summary: string;
  readonly satisfaction: Satisfaction | null;
  readonly stable: boolean;
}

export type SupervisionEvent =
  | ClockStarted
  | ClockPaused
  | ClockResumed
  | ClockStopped
  | DeadlineReminder
  | CaseOverdue
  | CaseEscalated
  | SupervisionNoticeIssued
  | CaseLeaderAssigned
  | BacklogFlagged
  | CaseClosed
  | CaseResolved
  | SatisfactionRated
  | FollowUpRecorded;

/** Base for aggregates that record events until their repository has saved them. */
export abstract class EventRecorder {
  private pending: SupervisionEvent[] = [];

  protected record(event: SupervisionEvent): void {
    this.pending.push(event);
  }

  /** Events recorded since the last save; the repository writes them with the state. */
  pullEvents(): SupervisionEvent[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }

  /** Recorded events not yet pulled (read-only view, for checks before saving). */
  peekEvents(): readonly SupervisionEvent[] {
    return this.pending;
  }
}
