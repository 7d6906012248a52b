import {
  addDays,
  daysBetween,
  endOfDay,
  HolidayCalendar,
  LocalDate,
  toLocalDate,
} from './calendar';
import { ConflictError, PreconditionError, ValidationError } from './errors';
import { ClockKind, ClockLimit, ExtensionRules } from './policy';

/** The statutory clocks plus `resultReport`, whose limit is the date set when a case is assigned. */
export type StatutoryClockKind = ClockKind | 'resultReport';

export interface ClockPause {
  readonly from: Date;
  /** Absent while the clock is paused. */
  readonly to?: Date;
}

export interface ClockExtension {
  /** Days in the clock's own unit. */
  readonly days: number;
  readonly at?: Date;
}

/** The plain data of a clock, as stored. */
export interface StatutoryClockState {
  readonly kind: StatutoryClockKind;
  readonly startedAt: Date;
  readonly limit: ClockLimit;
  readonly extensions: readonly ClockExtension[];
  readonly pauses: readonly ClockPause[];
}

/**
 * One statutory time limit of a case. Immutable: pause, resume and extend return a new clock.
 *
 * Counting (DESIGN §2): the day of the starting event is not counted; the period is the limit
 * plus all extensions plus the paused days, in the clock's unit. A calendar-day period whose last
 * day is a non-working day ends on the next working day; a working-day period skips non-working
 * days. A day is a paused day when the clock is paused at any moment of it (Shanghai time), as
 * limits are counted in whole days: a hearing held in one afternoon gives back one day, and a
 * day is never given back twice by overlapping or repeated pauses. Days up to the start day are
 * never given back, as they are not counted anyway. For a working-day clock only paused working
 * days are given back.
 */
export class StatutoryClock implements StatutoryClockState {
  readonly kind: StatutoryClockKind;
  readonly startedAt: Date;
  readonly limit: ClockLimit;
  readonly extensions: readonly ClockExtension[];
  readonly pauses: readonly ClockPause[];

  private constructor(state: StatutoryClockState) {
    this.kind = state.kind;
    this.startedAt = new Date(state.startedAt.getTime());
    this.limit = Object.freeze({ days: state.limit.days, unit: state.limit.unit });
    this.extensions = Object.freeze(
      state.extensions.map((e) =>
        Object.freeze(e.at ? { days: e.days, at: new Date(e.at.getTime()) } : { days: e.days }),
      ),
    );
    this.pauses = Object.freeze(
      state.pauses.map((p) =>
        Object.freeze(
          p.to
            ? { from: new Date(p.from.getTime()), to: new Date(p.to.getTime()) }
            : { from: new Date(p.from.getTime()) },
        ),
      ),
    );
    Object.freeze(this);
  }

  /** A new running clock. The limit comes from the policy (or the assigning decision). */
  static start(kind: StatutoryClockKind, startedAt: Date, limit: ClockLimit): StatutoryClock {
    return StatutoryClock.restore({ kind, startedAt, limit, extensions: [], pauses: [] });
  }

  /** Rebuilds a stored clock, checking that its data is consistent. */
  static restore(state: StatutoryClockState): StatutoryClock {
    const issues: { field: string; reason: string }[] = [];
    const validDate = (d: unknown): d is Date => d instanceof Date && !Number.isNaN(d.getTime());
    if (!validDate(state.startedAt))
      issues.push({ field: 'startedAt', reason: 'is not a valid instant' });
    if (!Number.isInteger(state.limit.days) || state.limit.days < 0) {
      issues.push({ field: 'limit.days', reason: 'must be a whole number ≥ 0' });
    }
    if (state.limit.unit !== 'calendar' && state.limit.unit !== 'working') {
      issues.push({ field: 'limit.unit', reason: 'must be "calendar" or "working"' });
    }
    state.extensions.forEach((e, i) => {
      if (!Number.isInteger(e.days) || e.days < 1) {
        issues.push({ field: `extensions[${i}].days`, reason: 'must be a whole number ≥ 1' });
      }
    });
    let previousEnd = state.startedAt;
    state.pauses.forEach((p, i) => {
      if (!validDate(p.from) || (p.to !== undefined && !validDate(p.to))) {
        issues.push({ field: `pauses[${i}]`, reason: 'has an invalid instant' });
        return;
      }
      if (p.from < previousEnd) {
        issues.push({
          field: `pauses[${i}].from`,
          reason: 'is before the clock started or the previous pause ended',
        });
      }
      if (p.to === undefined && i !== state.pauses.length - 1) {
        issues.push({ field: `pauses[${i}].to`, reason: 'only the last pause may be open' });
      }
      if (p.to !== undefined && p.to < p.from)
        issues.push({ field: `pauses[${i}].to`, reason: 'is before its start' });
      previousEnd = p.to ?? p.from;
    });
    if (issues.length > 0) throw new ValidationError(issues);
    return new StatutoryClock(state);
  }

  isPaused(): boolean {
    const last = this.pauses[this.pauses.length - 1];
    return last !== undefined && last.to === undefined;
  }

  /** Total days added by extensions. */
  extensionDays(): number {
    return this.extensions.reduce((sum, e) => sum + e.days, 0);
  }

  /**
   * Days given back for pauses. An open pause counts up to the day of `asOf` (default: the day
   * it began), so while paused the due date keeps moving and the remaining time stands still.
   */
  pausedDays(calendar: HolidayCalendar, asOf?: Date): number {
    const startDay = toLocalDate(this.startedAt);
    const days = new Set<LocalDate>();
    for (const p of this.pauses) {
      const end = p.to ?? (asOf && asOf > p.from ? asOf : p.from);
      const last = toLocalDate(end);
      for (let d = toLocalDate(p.from); daysBetween(d, last) >= 0; d = addDays(d, 1)) {
        if (daysBetween(startDay, d) > 0) days.add(d);
      }
    }
    if (this.limit.unit === 'calendar') return days.size;
    return [...days].filter((d) => calendar.isWorkingDay(d)).length;
  }

  /** The last day on which the duty can be done in time. */
  dueDate(calendar: HolidayCalendar, asOf?: Date): LocalDate {
    const total = this.limit.days + this.extensionDays() + this.pausedDays(calendar, asOf);
    return this.limit.unit === 'calendar'
      ? calendar.dueByCalendarDays(this.startedAt, total)
      : calendar.dueByWorkingDays(this.startedAt, total);
  }

  /** The last instant in time: 23:59:59.999 Shanghai time of the due date. */
  deadline(calendar: HolidayCalendar, asOf?: Date): Date {
    return endOfDay(this.dueDate(calendar, asOf));
  }

  /**
   * Calendar days from today (Shanghai) to the due date: 0 on the due date, negative once
   * overdue. While paused it stays at the value it had when the pause began.
   */
  remainingDays(now: Date, calendar: HolidayCalendar): number {
    const open = this.isPaused() ? this.pauses[this.pauses.length - 1]!.from : undefined;
    const at = open && open < now ? open : now;
    return daysBetween(toLocalDate(at), this.dueDate(calendar, at));
  }

  /** Past the deadline. A paused clock is overdue only if it already was when it paused. */
  isOverdue(now: Date, calendar: HolidayCalendar): boolean {
    return this.remainingDays(now, calendar) < 0;
  }

  pause(at: Date): StatutoryClock {
    if (this.isPaused()) throw new ConflictError(`the ${this.kind} clock is already paused`);
    return StatutoryClock.restore({ ...this.state(), pauses: [...this.pauses, { from: at }] });
  }

  resume(at: Date): StatutoryClock {
    const open = this.pauses[this.pauses.length - 1];
    if (!open || open.to !== undefined)
      throw new ConflictError(`the ${this.kind} clock is not paused`);
    return StatutoryClock.restore({
      ...this.state(),
      pauses: [...this.pauses.slice(0, -1), { from: open.from, to: at }],
    });
  }

  /**
   * Extends the limit by `days`. `rules` is the policy (e.g. at most once, at most 30 days in
   * all for the handling clock).
   */
  extend(days: number, rules: ExtensionRules, at?: Date): StatutoryClock {
    if (!Number.isInteger(days) || days < 1)
      throw new ValidationError('days', 'must be a whole number ≥ 1');
    if (this.extensions.length >= rules.maxCount) {
      throw new PreconditionError(
        rules.maxCount === 0
          ? `the ${this.kind} clock cannot be extended`
          : `the ${this.kind} clock may be extended only ${rules.maxCount === 1 ? 'once' : `${rules.maxCount} times`}`,
        { maxCount: rules.maxCount },
      );
    }
    const left = rules.maxDays - this.extensionDays();
    if (days > left)
      throw new ValidationError(
        'days',
        `must not exceed ${left} (at most ${rules.maxDays} days in all)`,
      );
    const extension = at ? { days, at } : { days };
    return StatutoryClock.restore({ ...this.state(), extensions: [...this.extensions, extension] });
  }

  /** Plain data for storage; `restore` reads it back. */
  state(): StatutoryClockState {
    return {
      kind: this.kind,
      startedAt: this.startedAt,
      limit: this.limit,
      extensions: this.extensions,
      pauses: this.pauses,
    };
  }

  toJSON(): StatutoryClockState {
    return this.state();
  }
}
