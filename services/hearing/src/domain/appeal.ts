import {
  ConflictError,
  daysBetween,
  PreconditionError,
  StatutoryClock,
  toLocalDate,
  ValidationError,
  type HolidayCalendar,
  type LocalDate,
  type StatutoryClockState,
} from '@xinfang/kernel';
import type { AppealEvent } from './events';
import {
  assertNoConflicts,
  assertNotice,
  assertPanelShape,
  majorityOf,
  type HearingState,
  type Participant,
  type PanelMember,
} from './hearing';
import type { HearingPolicy } from './policy';
import { requestDueDate } from './windows';
import type { Actor, AppealStage, CaseRef, ReviewOutcome, UnitRef } from './refs';

export interface Decision {
  readonly outcome: ReviewOutcome;
  /** The written reply (复查/复核意见书) in summary, without personal data. */
  readonly summary: string;
  readonly documentNumber: string;
  readonly decidedAt: Date;
  readonly deliveredAt: Date;
  readonly decidedBy: Actor;
  readonly late: boolean;
}

/** A review (复查) or re-review (复核) of one case, with its hearings. */
export interface AppealState {
  readonly id: string;
  readonly stage: AppealStage;
  readonly caseRef: CaseRef;
  readonly subjectCode: string;
  readonly locationRegionCode: string;
  /** The next higher authority the request is addressed to; the document lives at its region. */
  readonly authority: UnitRef;
  /** Whose decision is appealed: the replying unit (review) or the review authority (re-review). */
  readonly appealedUnit: UnitRef;
  /** For a re-review, the review it appeals. */
  readonly reviewId: string;
  readonly grounds: string;
  readonly requestedAt: Date;
  readonly requestedBy: Actor;
  /** Last day the request could be made. */
  readonly requestDueDate: LocalDate;
  readonly decisionClock: StatutoryClockState;
  readonly decision: Decision | null;
  readonly terminatedAt: Date | null;
  readonly hearings: readonly HearingState[];
}

export interface NewAppeal {
  readonly id: string;
  readonly stage: AppealStage;
  readonly caseRef: CaseRef;
  readonly subjectCode: string;
  readonly locationRegionCode: string;
  readonly authority: UnitRef;
  readonly appealedUnit: UnitRef;
  readonly reviewId: string;
  readonly grounds: string;
  readonly requestedAt: Date;
  readonly requestedBy: Actor;
  readonly requestDueDate: LocalDate;
}

export interface DecideInput {
  readonly outcome: ReviewOutcome;
  readonly summary: string;
  readonly documentNumber: string;
  readonly deliveredAt: Date | null;
}

export interface ScheduleInput {
  readonly hearingId: string;
  readonly scheduledAt: Date;
  readonly venue: string;
  readonly public: boolean;
  readonly complexReason: string;
  readonly participants: readonly Participant[];
}

const DECISION_KIND = { review: 'reviewDecision', reReview: 'reReviewDecision' } as const;
const LABEL = { review: 'review', reReview: 're-review' } as const;

/**
 * The appeal aggregate. Rules: decided once, within its clock (a re-review's clock does not
 * run while a hearing is pending, Art. 36); a re-review decision ends the matter (终结); at most
 * one hearing open at a time; a panel without conflicts; a hearing concluded only with minutes,
 * every vote and a majority. Changes are recorded as events for the outbox.
 */
export class Appeal {
  private s: AppealState;
  private readonly pending: AppealEvent[] = [];

  private constructor(state: AppealState) {
    this.s = state;
  }

  static request(input: NewAppeal, policy: HearingPolicy, calendar: HolidayCalendar): Appeal {
    if (input.grounds.trim() === '') throw new ValidationError('grounds', 'is required');
    const clock = StatutoryClock.start(
      DECISION_KIND[input.stage],
      input.requestedAt,
      policy.clocks.limits[DECISION_KIND[input.stage]],
    );
    const appeal = new Appeal({
      ...input,
      decisionClock: clock.state(),
      decision: null,
      terminatedAt: null,
      hearings: [],
    });
    appeal.pending.push({
      name: input.stage === 'review' ? 'ReviewRequested' : 'ReReviewRequested',
      at: input.requestedAt,
      actor: input.requestedBy,
      withinWindow: true,
      decisionDueDate: clock.dueDate(calendar),
    });
    return appeal;
  }

  static restore(state: AppealState): Appeal {
    return new Appeal(state);
  }

  get state(): AppealState {
    return this.s;
  }

  get id(): string {
    return this.s.id;
  }

  /** Events recorded since load, in order; the repository writes them with the state. */
  get events(): readonly AppealEvent[] {
    return this.pending;
  }

  clock(): StatutoryClock {
    return StatutoryClock.restore(this.s.decisionClock);
  }

  decisionDueDate(calendar: HolidayCalendar, asOf?: Date): LocalDate {
    return this.clock().dueDate(calendar, asOf);
  }

  /** Last day to ask for a re-review of this (review) decision; null before it is delivered. */
  reReviewRequestDueDate(policy: HearingPolicy, calendar: HolidayCalendar): LocalDate | null {
    if (this.s.stage !== 'review' || !this.s.decision) return null;
    return requestDueDate('reReview', this.s.decision.deliveredAt, policy, calendar);
  }

  hearing(id: string): HearingState {
    const h = this.s.hearings.find((x) => x.id === id);
    if (!h) throw new ConflictError(`hearing ${id} is not part of ${this.s.id}`);
    return h;
  }

  decide(
    input: DecideInput,
    actor: Actor,
    now: Date,
    policy: HearingPolicy,
    calendar: HolidayCalendar,
  ): void {
    if (this.s.decision) throw new ConflictError(`the ${LABEL[this.s.stage]} is already decided`);
    const open = this.s.hearings.find((h) => h.result === null);
    if (open)
      throw new PreconditionError(
        `hearing ${open.id} scheduled for ${open.scheduledAt.toISOString()} has not been concluded`,
        { hearingId: open.id },
      );
    if (input.summary.trim() === '') throw new ValidationError('summary', 'is required');
    const deliveredAt = input.deliveredAt ?? now;
    if (deliveredAt > now) throw new ValidationError('deliveredAt', 'is in the future');
    if (daysBetween(toLocalDate(deliveredAt), toLocalDate(now)) > 0)
      throw new ValidationError('deliveredAt', 'is before the day of the decision');
    const due = this.decisionDueDate(calendar, now);
    const late = daysBetween(due, toLocalDate(now)) > 0;
    const decision: Decision = {
      outcome: input.outcome,
      summary: input.summary,
      documentNumber: input.documentNumber,
      decidedAt: now,
      deliveredAt,
      decidedBy: actor,
      late,
    };
    this.s = { ...this.s, decision };
    const hearingHeld = this.s.hearings.some((h) => h.result !== null);
    const base = {
      at: now,
      actor,
      outcome: input.outcome,
      summary: input.summary,
      documentNumber: input.documentNumber,
      hearingHeld,
      late,
      deliveredAt,
    };
    if (this.s.stage === 'review') {
      this.pending.push({
        name: 'ReviewDecided',
        ...base,
        reReviewRequestDueDate: requestDueDate('reReview', deliveredAt, policy, calendar),
      });
      return;
    }
    this.pending.push({ name: 'ReReviewDecided', ...base, reReviewRequestDueDate: '' });
    // The re-review is the last appeal: the same matter on the same facts is not taken again.
    this.s = { ...this.s, terminatedAt: now };
    this.pending.push({
      name: 'CaseTerminated',
      at: now,
      actor,
      basis:
        `re-review decision ${input.documentNumber || this.s.id} (${input.outcome}); ` +
        'Art. 36 of the Regulations on Petition Work',
    });
  }

  scheduleHearing(
    input: ScheduleInput,
    actor: Actor,
    host: PanelMember,
    now: Date,
    policy: HearingPolicy,
  ): void {
    if (this.s.decision)
      throw new PreconditionError(`the ${LABEL[this.s.stage]} is already decided`);
    const open = this.s.hearings.find((h) => h.result === null);
    if (open) throw new ConflictError(`hearing ${open.id} is still open`);
    if (this.s.stage === 'review' && input.complexReason.trim() === '')
      throw new ValidationError(
        'complexReason',
        'a review gets a hearing only when the case is complex: say why',
      );
    if (input.venue.trim() === '') throw new ValidationError('venue', 'is required');
    assertNotice(input.scheduledAt, now, policy.noticeDays);
    const hearing: HearingState = {
      id: input.hearingId,
      stage: this.s.stage,
      scheduledAt: input.scheduledAt,
      venue: input.venue,
      public: input.public,
      noticeAt: now,
      complexReason: input.complexReason,
      scheduledBy: actor,
      panel: [host],
      participants: input.participants,
      minutes: null,
      votes: [],
      result: null,
    };
    assertNoConflicts(hearing.panel, hearing.participants, this.s.appealedUnit);
    this.s = { ...this.s, hearings: [...this.s.hearings, hearing] };
    // Hearing time is not counted in the re-review decision limit (Art. 36).
    if (this.s.stage === 'reReview') this.setClock(this.clock().pause(now));
    this.pending.push({
      name: 'HearingScheduled',
      at: now,
      actor,
      hearingId: hearing.id,
      stage: this.s.stage,
    });
  }

  setPanel(hearingId: string, members: readonly PanelMember[]): void {
    const h = this.openHearing(hearingId);
    if (h.votes.length > 0) throw new ConflictError('the panel has started voting');
    const host = h.panel.find((m) => m.kind === 'host')!;
    const panel = [host, ...members.filter((m) => m.kind !== 'host')];
    assertPanelShape(panel);
    assertNoConflicts(panel, h.participants, this.s.appealedUnit);
    this.replaceHearing({ ...h, panel });
  }

  recordMinutes(
    hearingId: string,
    minutes: { documentId: string; summary: string; startedAt: Date | null },
    actor: Actor,
    now: Date,
  ): void {
    const h = this.openHearing(hearingId);
    if (now < h.scheduledAt)
      throw new PreconditionError(
        `the hearing starts at ${h.scheduledAt.toISOString()}; minutes come after it`,
      );
    const startedAt = minutes.startedAt ?? h.scheduledAt;
    if (startedAt > now) throw new ValidationError('startedAt', 'is in the future');
    this.replaceHearing({
      ...h,
      minutes: {
        documentId: minutes.documentId,
        summary: minutes.summary,
        startedAt,
        recordedAt: now,
        recordedBy: actor,
      },
    });
  }

  vote(
    hearingId: string,
    vote: { memberId: string; position: ReviewOutcome; opinion: string },
    now: Date,
  ): void {
    const h = this.openHearing(hearingId);
    if (now < h.scheduledAt) throw new PreconditionError('the hearing has not started');
    if (h.panel.length < 3) throw new PreconditionError('the panel has not been set');
    const member = h.panel.find((m) => m.id === vote.memberId);
    if (!member) throw new ValidationError('memberId', `${vote.memberId} is not on the panel`);
    if (h.votes.some((v) => v.memberId === vote.memberId))
      throw new ConflictError(`${member.name} has already voted`);
    if (vote.opinion.trim() === '') throw new ValidationError('opinion', 'is required');
    this.replaceHearing({ ...h, votes: [...h.votes, { ...vote, at: now }] });
  }

  concludeHearing(hearingId: string, majorityOpinion: string, actor: Actor, now: Date): void {
    const h = this.openHearing(hearingId);
    if (!h.minutes) throw new PreconditionError('the minutes have not been recorded');
    if (majorityOpinion.trim() === '') throw new ValidationError('majorityOpinion', 'is required');
    const { position, count, dissent } = majorityOf(h.panel, h.votes);
    this.replaceHearing({
      ...h,
      result: {
        heldAt: now,
        position,
        majorityOpinion,
        majorityCount: count,
        panelSize: h.panel.length,
        dissent,
      },
    });
    if (this.s.stage === 'reReview' && this.clock().isPaused())
      this.setClock(this.clock().resume(now));
    this.pending.push({ name: 'HearingHeld', at: now, actor, hearingId, stage: this.s.stage });
  }

  private openHearing(id: string): HearingState {
    const h = this.hearing(id);
    if (h.result) throw new ConflictError(`hearing ${id} has been concluded`);
    if (this.s.decision) throw new PreconditionError(`the ${LABEL[this.s.stage]} is decided`);
    return h;
  }

  private replaceHearing(h: HearingState): void {
    this.s = { ...this.s, hearings: this.s.hearings.map((x) => (x.id === h.id ? h : x)) };
  }

  private setClock(clock: StatutoryClock): void {
    this.s = { ...this.s, decisionClock: clock.state() };
  }
}
