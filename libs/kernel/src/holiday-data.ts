import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { HolidayCalendar, HolidayCalendarOptions, HolidayYear, isLocalDate } from './calendar';
import { NotFoundError, ValidationError } from './errors';

/** `libs/kernel/data/holidays`, the same from `src/` (tests) and `dist/` (built code). */
export const HOLIDAY_DATA_DIR = path.join(__dirname, '..', 'data', 'holidays');

/** Years for which the package ships an arrangement file, ascending. */
export function availableHolidayYears(dir: string = HOLIDAY_DATA_DIR): number[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((f) => /^(\d{4})\.json$/.exec(f)?.[1])
    .filter((y): y is string => y !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

/** Reads and checks `<dir>/<year>.json` for each year; a missing year is a NotFoundError. */
export function loadHolidayData(
  years: readonly number[],
  dir: string = HOLIDAY_DATA_DIR,
): HolidayYear[] {
  return years.map((year) => {
    const file = path.join(dir, `${year}.json`);
    if (!existsSync(file)) throw new NotFoundError('holiday arrangement', String(year));
    return parseHolidayYear(
      JSON.parse(readFileSync(file, 'utf8')) as unknown,
      `${year}.json`,
      year,
    );
  });
}

/** A calendar over the given years (default: every year shipped with the package). */
export function loadHolidayCalendar(
  years: readonly number[] = availableHolidayYears(),
  options: HolidayCalendarOptions = {},
): HolidayCalendar {
  return new HolidayCalendar(loadHolidayData(years), options);
}

/** Checks the shape of one year's data, e.g. as uploaded by an operator. */
export function parseHolidayYear(
  raw: unknown,
  source = 'holiday data',
  expectedYear?: number,
): HolidayYear {
  const issues: { field: string; reason: string }[] = [];
  const obj = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const year = obj['year'];
  if (typeof year !== 'number' || !Number.isInteger(year)) {
    issues.push({ field: `${source}: year`, reason: 'must be a whole number' });
  } else if (expectedYear !== undefined && year !== expectedYear) {
    issues.push({ field: `${source}: year`, reason: `is ${year}, expected ${expectedYear}` });
  }
  const dates = (key: 'holidays' | 'makeUpWorkdays'): string[] => {
    const list = obj[key];
    if (!Array.isArray(list)) {
      issues.push({ field: `${source}: ${key}`, reason: 'must be a list of dates' });
      return [];
    }
    list.forEach((d, i) => {
      if (!isLocalDate(d))
        issues.push({ field: `${source}: ${key}[${i}]`, reason: `"${String(d)}" is not a date` });
    });
    return list.filter(isLocalDate);
  };
  const holidays = dates('holidays');
  const makeUpWorkdays = dates('makeUpWorkdays');
  if (issues.length > 0) throw new ValidationError(issues);
  return { year: year as number, holidays, makeUpWorkdays };
}
