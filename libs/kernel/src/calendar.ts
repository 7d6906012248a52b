import { PreconditionError, ValidationError } from './errors';

/**
 * A calendar date in Asia/Shanghai, `YYYY-MM-DD`. Statutory time limits are counted in these
 * local dates, never in instants, so the server's own time zone never matters.
 */
export type LocalDate = string;

/**
 * Asia/Shanghai has kept UTC+08:00 all year since 1991 (no daylight saving), so a fixed offset is
 * exact for every date the platform handles and needs no time-zone database.
 */
export const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

const DAY_MS = 24 * 60 * 60 * 1000;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string') return false;
  const m = LOCAL_DATE.exec(value);
  if (!m) return false;
  const utc = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return utc.toISOString().slice(0, 10) === value;
}

/** Throws a ValidationError naming `field` unless `value` is a real `YYYY-MM-DD` date. */
export function assertLocalDate(value: unknown, field = 'date'): LocalDate {
  if (!isLocalDate(value)) {
    throw new ValidationError(field, `"${String(value)}" is not a date (YYYY-MM-DD)`);
  }
  return value;
}

function assertInstant(instant: Date, field: string): void {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new ValidationError(field, 'is not a valid instant');
  }
}

/** Midnight UTC of the date, used only as an arithmetic carrier. */
function utcMidnight(date: LocalDate): number {
  assertLocalDate(date);
  return Date.UTC(
    Number(date.slice(0, 4)),
    Number(date.slice(5, 7)) - 1,
    Number(date.slice(8, 10)),
  );
}

function fromUtcMidnight(ms: number): LocalDate {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The Shanghai calendar date on which `instant` falls. */
export function toLocalDate(instant: Date): LocalDate {
  assertInstant(instant, 'instant');
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** 00:00:00.000+08:00 of the date. */
export function startOfDay(date: LocalDate): Date {
  return new Date(utcMidnight(date) - SHANGHAI_OFFSET_MS);
}

/** 23:59:59.999+08:00 of the date: the last instant at which a deadline on that date is met. */
export function endOfDay(date: LocalDate): Date {
  return new Date(utcMidnight(date) - SHANGHAI_OFFSET_MS + DAY_MS - 1);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  if (!Number.isInteger(days)) throw new ValidationError('days', 'must be a whole number');
  return fromUtcMidnight(utcMidnight(date) + days * DAY_MS);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((utcMidnight(to) - utcMidnight(from)) / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: LocalDate): number {
  return new Date(utcMidnight(date)).getUTCDay();
}

export function isWeekend(date: LocalDate): boolean {
  const d = dayOfWeek(date);
  return d === 0 || d === 6;
}

export function yearOf(date: LocalDate): number {
  assertLocalDate(date);
  return Number(date.slice(0, 4));
}

/**
 * One year's arrangement as published by the State Council (国务院办公厅关于…部分节假日安排的通知).
 * `holidays` are the days off (weekend days inside a holiday period may be listed too);
 * `makeUpWorkdays` (调休上班) are weekend days that are working days. A notice may list a date of
 * the neighbouring year (a New Year holiday starting on 31 December); such dates are honoured.
 */
export interface HolidayYear {
  year: number;
  holidays: LocalDate[];
  makeUpWorkdays: LocalDate[];
}

export interface HolidayCalendarOptions {
  /**
   * Called once per year the calendar is asked about but has no data for. Such a year is treated
   * as weekends-only, so deadlines can still be computed; the callback lets the operator be
   * warned (log, metric, alert) to load the year's arrangement.
   */
  onMissingYear?: (year: number) => void;
  /** Refuse (PreconditionError) instead of falling back to weekends-only for a missing year. */
  strict?: boolean;
}

/**
 * Working days in mainland China: Monday to Friday, minus public holidays, plus make-up working
 * days. For a year without loaded data the calendar falls back to weekends-only and reports the
 * year through `onMissingYear` (or refuses, when `strict`). The fallback can only make a
 * deadline earlier than the legal one, never later: holidays not known are counted as working
 * days, which errs toward handling cases on time.
 */
export class HolidayCalendar {
  private readonly holidays = new Set<LocalDate>();
  private readonly makeUpWorkdays = new Set<LocalDate>();
  private readonly loadedYears = new Set<number>();
  private readonly reportedMissing = new Set<number>();
  private readonly onMissingYear: ((year: number) => void) | undefined;
  private readonly strict: boolean;

  constructor(data: readonly HolidayYear[], options: HolidayCalendarOptions = {}) {
    const issues: { field: string; reason: string }[] = [];
    data.forEach((entry, i) => {
      if (!Number.isInteger(entry.year) || entry.year < 1991 || entry.year > 9999) {
        issues.push({ field: `[${i}].year`, reason: 'must be a year from 1991' });
        return;
      }
      if (this.loadedYears.has(entry.year)) {
        issues.push({ field: `[${i}].year`, reason: `${entry.year} is listed twice` });
      }
      this.loadedYears.add(entry.year);
      for (const [j, d] of entry.holidays.entries()) {
        if (!isLocalDate(d))
          issues.push({ field: `[${i}].holidays[${j}]`, reason: `"${d}" is not a date` });
        else this.holidays.add(d);
      }
      for (const [j, d] of entry.makeUpWorkdays.entries()) {
        if (!isLocalDate(d)) {
          issues.push({ field: `[${i}].makeUpWorkdays[${j}]`, reason: `"${d}" is not a date` });
        } else if (!isWeekend(d)) {
          issues.push({
            field: `[${i}].makeUpWorkdays[${j}]`,
            reason: `${d} is not a weekend day`,
          });
        } else {
          this.makeUpWorkdays.add(d);
        }
      }
    });
    for (const d of this.makeUpWorkdays) {
      if (this.holidays.has(d))
        issues.push({ field: 'makeUpWorkdays', reason: `${d} is also a holiday` });
    }
    if (issues.length > 0) throw new ValidationError(issues);
    this.onMissingYear = options.onMissingYear;
    this.strict = options.strict ?? false;
  }

  /** Years with loaded data, ascending. */
  get years(): number[] {
    return [...this.loadedYears].sort((a, b) => a - b);
  }

  hasYear(year: number): boolean {
    return this.loadedYears.has(year);
  }

  isHoliday(date: LocalDate): boolean {
    this.checkYear(date);
    return this.holidays.has(date);
  }

  isMakeUpWorkday(date: LocalDate): boolean {
    this.checkYear(date);
    return this.makeUpWorkdays.has(date);
  }

  isWorkingDay(date: LocalDate): boolean {
    this.checkYear(date);
    if (this.makeUpWorkdays.has(date)) return true;
    if (this.holidays.has(date)) return false;
    return !isWeekend(date);
  }

  /** `date` itself when it is a working day, otherwise the next working day after it. */
  rollForward(date: LocalDate): LocalDate {
    let d = date;
    while (!this.isWorkingDay(d)) d = addDays(d, 1);
    return d;
  }

  /** The `n`th working day after `date` (`date` itself is not counted). */
  addWorkingDays(date: LocalDate, n: number): LocalDate {
    assertCount(n, 'days');
    let d = date;
    for (let counted = 0; counted < n;) {
      d = addDays(d, 1);
      if (this.isWorkingDay(d)) counted += 1;
    }
    return d;
  }

  /** Working days in the range (`from`, `to`]: after `from`, up to and including `to`. */
  workingDaysBetween(from: LocalDate, to: LocalDate): number {
    let count = 0;
    for (let d = addDays(from, 1); daysBetween(d, to) >= 0; d = addDays(d, 1)) {
      if (this.isWorkingDay(d)) count += 1;
    }
    return count;
  }

  /**
   * Last day of a limit in calendar days: counted from the day after the day of `start`
   * (Shanghai), and moved to the next working day when it falls on a non-working day.
   */
  dueByCalendarDays(start: Date, days: number): LocalDate {
    assertCount(days, 'days');
    return this.rollForward(addDays(toLocalDate(start), days));
  }

  /** Last day of a limit in working days: the `n`th working day after the day of `start`. */
  dueByWorkingDays(start: Date, n: number): LocalDate {
    return this.addWorkingDays(toLocalDate(start), n);
  }

  private checkYear(date: LocalDate): void {
    const year = yearOf(date);
    if (this.loadedYears.has(year)) return;
    if (this.strict) {
      throw new PreconditionError(`no holiday arrangement loaded for ${year}`, { year });
    }
    if (!this.reportedMissing.has(year)) {
      this.reportedMissing.add(year);
      this.onMissingYear?.(year);
    }
  }
}

function assertCount(n: number, field: string): void {
  if (!Number.isInteger(n) || n < 0) throw new ValidationError(field, 'must be a whole number ≥ 0');
}
