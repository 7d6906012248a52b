import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  addDays,
  availableHolidayYears,
  HOLIDAY_DATA_DIR,
  isWeekend,
  loadHolidayCalendar,
  loadHolidayData,
  NotFoundError,
  parseHolidayYear,
  ValidationError,
} from '@xinfang/kernel';

interface Period {
  name: string;
  from: string;
  to: string;
  makeUpWorkdays?: string[];
}

describe('holiday data files', () => {
  it('ships 2025 and 2026', () => {
    expect(availableHolidayYears()).toEqual(expect.arrayContaining([2025, 2026]));
    expect(HOLIDAY_DATA_DIR).toBe(path.resolve(__dirname, '..', 'data', 'holidays'));
  });

  it.each([2025, 2026])('%i: the day lists match the published periods', (year) => {
    const raw = JSON.parse(readFileSync(path.join(HOLIDAY_DATA_DIR, `${year}.json`), 'utf8')) as {
      source: string;
      periods: Period[];
      holidays: string[];
      makeUpWorkdays: string[];
    };
    expect(raw.source).toMatch(/verify/);
    const fromPeriods: string[] = [];
    for (const p of raw.periods)
      for (let d = p.from; d <= p.to; d = addDays(d, 1)) fromPeriods.push(d);
    expect([...raw.holidays].sort()).toEqual(fromPeriods.sort());
    expect([...raw.makeUpWorkdays].sort()).toEqual(
      raw.periods.flatMap((p) => p.makeUpWorkdays ?? []).sort(),
    );
    for (const d of raw.makeUpWorkdays) expect(isWeekend(d)).toBe(true);
  });

  it('has the 2025 arrangement of the State Council', () => {
    const [y2025] = loadHolidayData([2025]);
    expect(y2025!.holidays).toHaveLength(28);
    expect(y2025!.makeUpWorkdays).toEqual([
      '2025-01-26',
      '2025-02-08',
      '2025-04-27',
      '2025-09-28',
      '2025-10-11',
    ]);
  });

  it('loads a calendar of every shipped year', () => {
    const calendar = loadHolidayCalendar();
    expect(calendar.years).toEqual(availableHolidayYears());
    expect(calendar.isWorkingDay('2026-10-10')).toBe(true);
  });

  it('names a year it has no file for', () => {
    expect(() => loadHolidayData([1999])).toThrow(NotFoundError);
  });

  it('checks uploaded data', () => {
    expect(() =>
      parseHolidayYear({ year: 2030, holidays: ['2030-01-01'], makeUpWorkdays: ['x'] }, 'upload'),
    ).toThrow('upload: makeUpWorkdays[0]: "x" is not a date');
    expect(() =>
      parseHolidayYear({ year: 2031, holidays: [], makeUpWorkdays: [] }, '2030.json', 2030),
    ).toThrow(ValidationError);
    expect(() => parseHolidayYear(null)).toThrow('holiday data: year: must be a whole number');
  });
});
