import {
  addDays,
  ClockLimit,
  ConflictError,
  daysBetween,
  DayUnit,
  endOfDay,
  HolidayCalendar,
  LocalDate,
  startOfDay,
  StatutoryClock,
  StatutoryClockKind,
  StatutoryClockState,
  toLocalDate,
} from '@xinfang/kernel';
import { EventRecorder } from './events';
import type { TimeContext } from './ports-basic';
import { Actor, CaseRef, SYSTEM_ACTOR, UnitRef } from './refs';
import {
  ClockRole,
  clockRoleOf,
  ClockStatus,
  ClockStopReason,
  EscalationBody,
  escalationBodyOf,
} from './vocabulary';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Ids of applied events kept per clock; a clock sees a handful of events in its life. */
const APPLIED_EVENTS_KEPT = 50;

export interface ClockReminder {
  /** The due date the reminder was for; a later due date (extension) gets its own reminder. */
  readonly dueDate: LocalDate;
  readonly at: Date;
  /** False when the sweep reached the clock only after it was overdue: the reminder is skipped. */
  readonly sent: boolean;
}

export interface ClockOverdueMark {
  readonly dueDate: LocalDate;
  readonly at: Date;
}

export interface ClockEscalationMark {
  readonly level: number;
  readonly body: EscalationBody;
  readonly at: Date;
}

export interface ClockStop {
  readonly reason: ClockStopReason;
  readonly at: Date;
  readonly dueDate: LocalDate;
  readonly overdueDays: number;
  /** The event that stopped it; null for a lapse found by the sweep. */
  readonly eventId: string | null;
}

/** Everything a clock is; what the repository stores (plus its lease fields, which it owns). */
export interface CaseClockState {
  readonly id: string;
  readonly caseRef: CaseRef;
  readonly kind: StatutoryClockKind;
  readonly role: ClockRole;
  /** The kernel clock: start, limit, extensions and pauses. */
  readonly statutory: StatutoryClockState;
  readonly responsibleUnit: UnitRef | null;
  readonly status: ClockStatus;
  /** Id of the event that started the clock. */
  readonly startedBy: string;
  /** Ids of the events applied to the clock (newest last), so redelivery changes nothing. */
  readonly appliedEventIds: readonly string[];
  /** Last day of the limit (Asia/Shanghai); while paused, as of the day the pause began. */
  readonly dueDate: LocalDate;
  /** End of the due day: 23:59:59.999 Shanghai time. */
  readonly dueAt: Date;
  /** `dueAt` minus the policy's reminder days; null for windows. */
  readonly remindAt: Date | null;
  /**
   * The earliest pending reminder / overdue / next escalation (or a window's lapse); null when
   * nothing is pending (paused, stopped, or the ladder is at its top). The sweeper's index.
   */
  readonly nextFireAt: Date | null;
  readonly reminders: readonly ClockReminder[];
  readonly overdues: readonly ClockOverdueMark[];
  /** The first overdue day; the ladder counts from it. */
  readonly overdueSince: LocalDate | null;
  readonly escalations: readonly ClockEscalationMark[];
  /** The hearing that paused the clock, while paused by one. */
  readonly pausedBy: string | null;
  readonly stop: ClockStop | null;
  /** Stored version; 0 before the first save. */
  readonly version: number;
}

/** What one sweep of one clock did, for supervision records; `key` is unique per firing. */
export interface ClockFiring {
  readonly type: 'reminder' | 'overdue' | 'escalation' | 'lapsed';
  /** 0 for reminders, overdue and lapse; the ladder level for escalations. */
  readonly level: number;
  readonly body: EscalationBody | null;
  readonly dueDate: LocalDate;
  readonly at: Date;
  /** `<clockId>:<type>:<dueDate or level>`: the idempotency key of the firing. */
  readonly key: string;
}

export interface StartClockParams {
  readonly id: string;
  readonly caseRef: CaseRef;
  readonly kind: StatutoryClockKind;
  readonly startedAt: Date;
  readonly limit: ClockLimit;
  readonly responsibleUnit: UnitRef | null;
  readonly eventId: string;
  readonly actor?: Actor;
}

/** A clock as the consoles and the gRPC API show it. */
export interface ClockView {
  readonly clockId: string;
  readonly caseId: string;
  readonly kind: StatutoryClockKind;
  readonly role: ClockRole;
  readonly state: ClockStatus;
  readonly startedAt: Date;
  /** Limit including extensions (paused days not included). */
  readonly limitDays: number;
  readonly counting: DayUnit;
  readonly dueDate: LocalDate;
  /** Calendar days from today to the due date: 0 on it, negative when overdue; frozen while paused and once stopped. */
  readonly remainingDays: number;
  readonly overdue: boolean;
  readonly escalationLevel: number;
  readonly responsibleUnit: UnitRef | null;
  readonly stopReason: ClockStopReason | null;
  readonly stoppedAt: Date | null;
  readonly extended: boolean;
  readonly nextFireAt: Date | null;
}

/**
 * One statutory clock of one case (a durable timer). Built only from case events; the sweeper
 * fires its reminder, overdue and escalation steps. Every step happens at most once per clock:
 * reminders and overdue once per due date, each ladder level once, each event once.
 */
export class CaseClock extends EventRecorder {
  private constructor(private s: CaseClockState) {
    super();
  }

  static start(params: StartClockParams, ctx: TimeContext): CaseClock {
    const statutory = StatutoryClock.start(params.kind, params.startedAt, params.limit);
    const dueDate = statutory.dueDate(ctx.calendar);
    const clock = new CaseClock({
      id: params.id,
      caseRef: params.caseRef,
      kind: params.kind,
      role: clockRoleOf(params.kind),
      statutory: statutory.state(),
      responsibleUnit: params.responsibleUnit,
      status: 'running',
      startedBy: params.eventId,
      appliedEventIds: [params.eventId],
      dueDate,
      dueAt: endOfDay(dueDate),
      remindAt: null,
      nextFireAt: null,
      reminders: [],
      overdues: [],
      overdueSince: null,
      escalations: [],
      pausedBy: null,
      stop: null,
      version: 0,
    });
    clock.reschedule(ctx);
    clock.record({
      id: ctx.ids.newId(),
      name: 'ClockStarted',
      caseRef: params.caseRef,
      actor: params.actor ?? SYSTEM_ACTOR,
      occurredAt: params.startedAt,
      clockId: params.id,
      kind: params.kind,
      limitDays: params.limit.days,
      counting: params.limit.unit,
      dueDate: clock.s.dueDate,
      responsibleUnit: params.responsibleUnit,
    });
    return clock;
  }

  static fromState(state: CaseClockState): CaseClock {
    StatutoryClock.restore(state.statutory);
    return new CaseClock(state);
  }

  toState(): CaseClockState {
    return this.s;
  }

  get id(): string {
    return this.s.id;
  }
  get kind(): StatutoryClockKind {
    return this.s.kind;
  }
  get status(): ClockStatus {
    return this.s.status;
  }
  get caseRef(): CaseRef {
    return this.s.caseRef;
  }
  get responsibleUnit(): UnitRef | null {
    return this.s.responsibleUnit;
  }
  get nextFireAt(): Date | null {
    return this.s.nextFireAt;
  }
  get escalationLevel(): number {
    return this.s.escalations.reduce((max, e) => Math.max(max, e.level), 0);
  }
  /** Running or paused. */
  get isActive(): boolean {
    return this.s.status !== 'stopped';
  }

  hasApplied(eventId: string): boolean {
    return this.s.appliedEventIds.includes(eventId);
  }

  /** After the repository stored the state: the next save expects the next version. */
  markPersisted(): void {
    this.s = { ...this.s, version: this.s.version + 1 };
  }

  /**
   * The act the clock waited for happened (`met`: in time or late, judged by the due date in
   * force at `at`) or the clock no longer applies (`cancelled`). False when already stopped or
   * the event was applied before.
   */
  stopFor(
    outcome: 'met' | 'cancelled',
    at: Date,
    eventId: string,
    actor: Actor,
    ctx: TimeContext,
  ): boolean {
    if (this.hasApplied(eventId) || this.s.status === 'stopped') return false;
    const statutory = this.statutory();
    const dueDate = statutory.dueDate(ctx.calendar, at);
    const overdueDays = Math.max(0, daysBetween(dueDate, toLocalDate(at)));
    const reason: ClockStopReason =
      outcome === 'cancelled' ? 'cancelled' : overdueDays > 0 ? 'metLate' : 'met';
    // A pause still open when the act happens ends with it.
    const closed = statutory.isPaused()
      ? statutory.resume(maxDate(at, this.openPauseFrom()!))
      : statutory;
    this.finish(closed.state(), { reason, at, dueDate, overdueDays, eventId }, actor, ctx);
    this.applied(eventId);
    return true;
  }

  /** Pauses a running clock (a hearing). False when not running or the event was applied. */
  pause(
    at: Date,
    eventId: string,
    hearingId: string | null,
    actor: Actor,
    ctx: TimeContext,
  ): boolean {
    if (this.hasApplied(eventId) || this.s.status !== 'running') return false;
    const statutory = this.statutory();
    const from = maxDate(at, this.lastPauseBoundary());
    const paused = statutory.pause(from);
    this.s = { ...this.s, statutory: paused.state(), status: 'paused', pausedBy: hearingId };
    this.applied(eventId);
    this.reschedule(ctx);
    this.record({
      id: ctx.ids.newId(),
      name: 'ClockPaused',
      caseRef: this.s.caseRef,
      actor,
      occurredAt: at,
      clockId: this.s.id,
      kind: this.s.kind,
      reason: hearingId ? 'hearing' : 'paused',
      remainingDays: paused.remainingDays(from, ctx.calendar),
      hearingId,
    });
    return true;
  }

  /** Resumes a paused clock; the due date moves by the paused days. */
  resume(at: Date, eventId: string, actor: Actor, ctx: TimeContext): boolean {
    if (this.hasApplied(eventId) || this.s.status !== 'paused') return false;
    const resumed = this.statutory().resume(maxDate(at, this.openPauseFrom()!));
    this.s = { ...this.s, statutory: resumed.state(), status: 'running', pausedBy: null };
    this.applied(eventId);
    this.reschedule(ctx);
    this.record({
      id: ctx.ids.newId(),
      name: 'ClockResumed',
      caseRef: this.s.caseRef,
      actor,
      occurredAt: at,
      clockId: this.s.id,
      kind: this.s.kind,
      remainingDays: resumed.remainingDays(at, ctx.calendar),
      dueDate: this.s.dueDate,
    });
    return true;
  }

  /** Extends the limit under the policy's extension rules (PreconditionError past them). */
  extend(days: number, at: Date, eventId: string, ctx: TimeContext): boolean {
    if (this.hasApplied(eventId)) return false;
    if (this.s.status === 'stopped')
      throw new ConflictError(`the ${this.s.kind} clock has stopped`);
    const extended = this.statutory().extend(days, ctx.policy.clocks.extension, at);
    this.s = { ...this.s, statutory: extended.state() };
    this.applied(eventId);
    this.reschedule(ctx);
    return true;
  }

  /**
   * Does whatever is due at `now`: a window lapses; a duty gets its reminder, goes overdue and
   * climbs the ladder (level 1 at once, then one level per `stepDays` from the first overdue day).
   * Steps already done are never repeated, so a second sweep of the same clock does nothing.
   */
  fire(now: Date, ctx: TimeContext): ClockFiring[] {
    if (this.s.status !== 'running') return [];
    const { dueDate, dueAt } = this.s;
    const firings: ClockFiring[] = [];
    if (this.s.role === 'window') {
      if (now > dueAt) {
        this.finish(
          this.s.statutory,
          { reason: 'lapsed', at: now, dueDate, overdueDays: 0, eventId: null },
          SYSTEM_ACTOR,
          ctx,
        );
        firings.push(this.firing('lapsed', 0, null, now));
      } else {
        this.reschedule(ctx);
      }
      return firings;
    }
    const reminderPending = this.reminderPending();
    if (now > dueAt) {
      if (reminderPending) {
        this.s = { ...this.s, reminders: [...this.s.reminders, { dueDate, at: now, sent: false }] };
      }
      if (!this.s.overdues.some((o) => o.dueDate === dueDate)) {
        this.s = {
          ...this.s,
          overdues: [...this.s.overdues, { dueDate, at: now }],
          overdueSince: this.s.overdueSince ?? addDays(dueDate, 1),
        };
        this.record({
          ...this.base('CaseOverdue', now, ctx),
          clockId: this.s.id,
          kind: this.s.kind,
          dueDate,
          responsibleUnit: this.s.responsibleUnit,
        });
        firings.push(this.firing('overdue', 0, null, now));
      }
      const { levels } = ctx.policy.clocks.escalation;
      for (let level = this.escalationLevel + 1; level <= levels; level += 1) {
        if (now < this.escalationAt(level, ctx)) break;
        const body = escalationBodyOf(level);
        this.s = { ...this.s, escalations: [...this.s.escalations, { level, body, at: now }] };
        this.record({
          ...this.base('CaseEscalated', now, ctx),
          level,
          body,
          clockId: this.s.id,
          kind: this.s.kind,
          overdueSince: this.s.overdueSince!,
          supervisedUnit: this.s.responsibleUnit,
        });
        firings.push(this.firing('escalation', level, body, now));
      }
    } else if (reminderPending && this.s.remindAt && now >= this.s.remindAt) {
      this.s = { ...this.s, reminders: [...this.s.reminders, { dueDate, at: now, sent: true }] };
      this.record({
        ...this.base('DeadlineReminder', now, ctx),
        clockId: this.s.id,
        kind: this.s.kind,
        dueDate,
        daysLeft: daysBetween(toLocalDate(now), dueDate),
        responsibleUnit: this.s.responsibleUnit,
      });
      firings.push(this.firing('reminder', 0, null, now));
    }
    this.reschedule(ctx);
    return firings;
  }

  view(now: Date, calendar: HolidayCalendar): ClockView {
    const statutory = this.statutory();
    const stop = this.s.stop;
    const dueDate = stop ? stop.dueDate : statutory.dueDate(calendar, now);
    const remainingDays = stop
      ? daysBetween(toLocalDate(stop.at), stop.dueDate)
      : statutory.remainingDays(now, calendar);
    return {
      clockId: this.s.id,
      caseId: this.s.caseRef.caseId,
      kind: this.s.kind,
      role: this.s.role,
      state: this.s.status,
      startedAt: this.s.statutory.startedAt,
      limitDays: statutory.limit.days + statutory.extensionDays(),
      counting: statutory.limit.unit,
      dueDate,
      remainingDays,
      overdue: this.s.role === 'duty' && (stop ? stop.reason === 'metLate' : remainingDays < 0),
      escalationLevel: this.escalationLevel,
      responsibleUnit: this.s.responsibleUnit,
      stopReason: stop?.reason ?? null,
      stoppedAt: stop?.at ?? null,
      extended: statutory.extensions.length > 0,
      nextFireAt: this.s.nextFireAt,
    };
  }

  /** True when the duty was met in time (or the clock is a window or was cancelled). */
  metInTime(now: Date, calendar: HolidayCalendar): boolean {
    if (this.s.role === 'window') return true;
    if (this.s.overdues.length > 0) return false;
    if (this.s.stop) return this.s.stop.reason !== 'metLate';
    return !this.statutory().isOverdue(now, calendar);
  }

  private statutory(): StatutoryClock {
    return StatutoryClock.restore(this.s.statutory);
  }

  private finish(
    statutory: StatutoryClockState,
    stop: ClockStop,
    actor: Actor,
    ctx: TimeContext,
  ): void {
    this.s = {
      ...this.s,
      statutory,
      status: 'stopped',
      stop,
      pausedBy: null,
      dueDate: stop.dueDate,
      dueAt: endOfDay(stop.dueDate),
      nextFireAt: null,
    };
    this.record({
      id: ctx.ids.newId(),
      name: 'ClockStopped',
      caseRef: this.s.caseRef,
      actor,
      occurredAt: stop.at,
      clockId: this.s.id,
      kind: this.s.kind,
      reason: stop.reason,
      dueDate: stop.dueDate,
      overdueDays: stop.overdueDays,
    });
  }

  /** Recomputes the due date and the next instant the sweeper must look at the clock. */
  private reschedule(ctx: TimeContext): void {
    if (this.s.status === 'stopped') return;
    const dueDate = this.statutory().dueDate(ctx.calendar);
    const dueAt = endOfDay(dueDate);
    const overdueAt = new Date(dueAt.getTime() + 1);
    const reminderDays = ctx.policy.clocks.reminder.daysBeforeDue;
    const remindAt =
      this.s.role === 'duty' && reminderDays > 0
        ? new Date(dueAt.getTime() - reminderDays * DAY_MS)
        : null;
    this.s = { ...this.s, dueDate, dueAt, remindAt };
    const pending: Date[] = [];
    if (this.s.status === 'running') {
      if (this.s.role === 'window') {
        pending.push(overdueAt);
      } else {
        if (remindAt && this.reminderPending()) pending.push(remindAt);
        if (!this.s.overdues.some((o) => o.dueDate === dueDate)) pending.push(overdueAt);
        else if (this.escalationLevel < ctx.policy.clocks.escalation.levels) {
          pending.push(maxDate(this.escalationAt(this.escalationLevel + 1, ctx), overdueAt));
        }
      }
    }
    const next = pending.sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
    this.s = { ...this.s, nextFireAt: next };
  }

  private reminderPending(): boolean {
    return !this.s.reminders.some((r) => r.dueDate === this.s.dueDate);
  }

  /** Level 1 on the first overdue day, each further level `stepDays` later. */
  private escalationAt(level: number, ctx: TimeContext): Date {
    const since = this.s.overdueSince ?? addDays(this.s.dueDate, 1);
    return startOfDay(addDays(since, ctx.policy.clocks.escalation.stepDays * (level - 1)));
  }

  private openPauseFrom(): Date | undefined {
    const last = this.s.statutory.pauses[this.s.statutory.pauses.length - 1];
    return last && last.to === undefined ? last.from : undefined;
  }

  private lastPauseBoundary(): Date {
    const last = this.s.statutory.pauses[this.s.statutory.pauses.length - 1];
    return last ? (last.to ?? last.from) : this.s.statutory.startedAt;
  }

  private applied(eventId: string): void {
    this.s = {
      ...this.s,
      appliedEventIds: [...this.s.appliedEventIds, eventId].slice(-APPLIED_EVENTS_KEPT),
    };
  }

  private base<N extends 'CaseOverdue' | 'CaseEscalated' | 'DeadlineReminder'>(
    name: N,
    now: Date,
    ctx: TimeContext,
  ) {
    return {
      id: ctx.ids.newId(),
      name,
      caseRef: this.s.caseRef,
      actor: SYSTEM_ACTOR,
      occurredAt: now,
    };
  }

  private firing(
    type: ClockFiring['type'],
    level: number,
    body: EscalationBody | null,
    at: Date,
  ): ClockFiring {
    const discriminator = type === 'escalation' ? String(level) : this.s.dueDate;
    return {
      type,
      level,
      body,
      dueDate: this.s.dueDate,
      at,
      key: `${this.s.id}:${type}:${discriminator}`,
    };
  }
}

function maxDate(a: Date, b: Date): Date {
  return a.getTime() >= b.getTime() ? a : b;
}
