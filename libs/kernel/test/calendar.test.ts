import {
  addDays,
  dayOfWeek,
  daysBetween,
  endOfDay,
  HolidayCalendar,
  isLocalDate,
  loadHolidayData,
  PreconditionError,
  startOfDay,
  toLocalDate,
  ValidationError,
} from '@xinfang/kernel';

const calendar = new HolidayCalendar(loadHolidayData([2025, 2026]));
const at = (iso: string): Date => new Date(iso);

describe('local dates in Asia/Shanghai', () => {
  it('reads the Shanghai date of an instant, switching at 16:00 UTC', () => {
    expect(toLocalDate(at('2025-09-30T15:59:59.999Z'))).toBe('2025-09-30');
    expect(toLocalDate(at('2025-09-30T16:00:00.000Z'))).toBe('2025-10-01');
    expect(toLocalDate(at('2025-10-01T00:00:00+08:00'))).toBe('2025-10-01');
  });

  it('gives the first and last instant of a day at +08:00', () => {
    expect(startOfDay('2025-10-09').toISOString()).toBe('2025-10-08T16:00:00.000Z');
    expect(endOfDay('2025-10-09').toISOString()).toBe('2025-10-09T15:59:59.999Z');
  });

  it('adds days across month, leap day and year ends', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(daysBetween('2025-12-17', '2026-01-04')).toBe(18);
  });

  it('refuses dates that do not exist', () => {
    expect(isLocalDate('2025-02-29')).toBe(false);
    expect(isLocalDate('2025-2-1')).toBe(false);
    expect(isLocalDate('2024-02-29')).toBe(true);
    expect(() => addDays('2025-13-01', 1)).toThrow(ValidationError);
    expect(() => toLocalDate(new Date('nonsense'))).toThrow(ValidationError);
  });

  it('does not depend on daylight saving anywhere (Shanghai has none)', () => {
    // Instants written in zones that switch clocks, on their switch days.
    expect(toLocalDate(at('2025-03-09T03:30:00-04:00'))).toBe('2025-03-09'); // US spring forward
    expect(toLocalDate(at('2025-03-30T03:30:00+02:00'))).toBe('2025-03-30'); // EU spring forward
    expect(toLocalDate(at('2025-10-26T02:30:00+01:00'))).toBe('2025-10-26'); // EU fall back
    // Every Shanghai day of both years is exactly 24 hours long.
    for (let d = '2025-01-01'; d !== '2027-01-01'; d = addDays(d, 1)) {
      expect(endOfDay(d).getTime() - startOfDay(d).getTime()).toBe(86_400_000 - 1);
      expect(toLocalDate(startOfDay(d))).toBe(d);
      expect(toLocalDate(endOfDay(d))).toBe(d);
    }
    // A 15-day clock straddling the US and EU switches counts exactly 15 Shanghai days.
    expect(calendar.dueByCalendarDays(at('2025-03-20T12:00:00-04:00'), 15)).toBe('2025-04-07');
  });
});

describe('HolidayCalendar', () => {
  it('knows holidays, weekends and make-up working days', () => {
    expect(calendar.isWorkingDay('2025-10-01')).toBe(false); // National Day (Wednesday)
    expect(calendar.isWorkingDay('2025-10-08')).toBe(false);
    expect(calendar.isWorkingDay('2025-10-09')).toBe(true);
    expect(calendar.isWorkingDay('2025-09-28')).toBe(true); // Sunday, make-up working day
    expect(calendar.isWorkingDay('2025-10-11')).toBe(true); // Saturday, make-up working day
    expect(calendar.isWorkingDay('2025-10-12')).toBe(false); // plain Sunday
    expect(calendar.isWorkingDay('2026-02-14')).toBe(true);
    expect(calendar.isWorkingDay('2026-02-23')).toBe(false); // last day of Spring Festival 2026
    expect(dayOfWeek('2025-10-11')).toBe(6);
  });

  describe('dueByCalendarDays', () => {
    it('counts from the day after the start and rolls out of the National Day holiday', () => {
      // The 15th day after 16 September 2025 is 1 October.
      expect(calendar.dueByCalendarDays(at('2025-09-16T10:00:00+08:00'), 15)).toBe('2025-10-09');
    });

    it('uses the Shanghai date of the start, not the UTC date', () => {
      // 00:30 on 16 September in Shanghai is still 15 September in UTC.
      expect(calendar.dueByCalendarDays(at('2025-09-15T16:30:00Z'), 15)).toBe('2025-10-09');
      expect(calendar.dueByCalendarDays(at('2025-09-15T15:30:00Z'), 15)).toBe('2025-09-30');
    });

    it('keeps a last day that is a make-up working day', () => {
      expect(calendar.dueByCalendarDays(at('2025-09-13T09:00:00+08:00'), 15)).toBe('2025-09-28');
    });

    it('rolls a weekend to Monday', () => {
      expect(calendar.dueByCalendarDays(at('2025-03-07T09:00:00+08:00'), 15)).toBe('2025-03-24');
    });

    it('crosses the year boundary into the 2026 New Year holiday', () => {
      // Day 15 is 1 January 2026; 2-3 January are holidays; Sunday 4 January is worked.
      expect(calendar.dueByCalendarDays(at('2025-12-17T09:00:00+08:00'), 15)).toBe('2026-01-04');
    });

    it('rolls over the nine-day Spring Festival 2026', () => {
      expect(calendar.dueByCalendarDays(at('2026-02-01T09:00:00+08:00'), 15)).toBe('2026-02-24');
    });

    it('refuses a negative or fractional number of days', () => {
      expect(() => calendar.dueByCalendarDays(at('2025-03-07T09:00:00+08:00'), -1)).toThrow(
        ValidationError,
      );
      expect(() => calendar.dueByCalendarDays(at('2025-03-07T09:00:00+08:00'), 1.5)).toThrow(
        ValidationError,
      );
    });
  });

  describe('dueByWorkingDays', () => {
    it('counts make-up working days and skips the holiday (objection, 5 working days)', () => {
      // Sun 28 Sep (make-up) 1, Mon 29 2, Tue 30 3, 1-8 Oct off, Thu 9 4, Fri 10 5.
      expect(calendar.dueByWorkingDays(at('2025-09-26T15:00:00+08:00'), 5)).toBe('2025-10-10');
      // Sun 26 Jan (make-up) 1, Mon 27 2, 28 Jan-4 Feb off, 5, 6, 7 Feb.
      expect(calendar.dueByWorkingDays(at('2025-01-24T15:00:00+08:00'), 5)).toBe('2025-02-07');
    });

    it('counts plain weeks as Monday to Friday', () => {
      expect(calendar.dueByWorkingDays(at('2025-03-07T09:00:00+08:00'), 5)).toBe('2025-03-14');
      expect(calendar.workingDaysBetween('2025-09-26', '2025-10-10')).toBe(5);
    });
  });

  describe('a year without loaded data', () => {
    it('falls back to weekends only and reports the year once', () => {
      const missing: number[] = [];
      const only2025 = new HolidayCalendar(loadHolidayData([2025]), {
        onMissingYear: (y) => missing.push(y),
      });
      expect(only2025.isWorkingDay('2027-10-01')).toBe(true); // a Friday; holidays of 2027 unknown
      expect(only2025.isWorkingDay('2027-10-02')).toBe(false); // Saturday
      expect(only2025.dueByCalendarDays(at('2027-09-16T09:00:00+08:00'), 15)).toBe('2027-10-01');
      expect(missing).toEqual([2027]);
      expect(only2025.hasYear(2027)).toBe(false);
      expect(only2025.years).toEqual([2025]);
    });

    it('refuses when strict', () => {
      const strict = new HolidayCalendar(loadHolidayData([2025]), { strict: true });
      expect(strict.isWorkingDay('2025-10-09')).toBe(true);
      expect(() => strict.dueByCalendarDays(at('2025-12-20T09:00:00+08:00'), 15)).toThrow(
        PreconditionError,
      );
    });
  });

  it('checks the data it is given', () => {
    const err = (() => {
      try {
        new HolidayCalendar([
          {
            year: 2030,
            holidays: ['2030-02-30', '2030-01-05'],
            makeUpWorkdays: ['2030-01-07', '2030-01-05'],
          },
          { year: 2030, holidays: [], makeUpWorkdays: [] },
        ]);
      } catch (e) {
        return e as ValidationError;
      }
      throw new Error('expected a ValidationError');
    })();
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.issues).toEqual([
      { field: '[0].holidays[0]', reason: '"2030-02-30" is not a date' },
      { field: '[0].makeUpWorkdays[0]', reason: '2030-01-07 is not a weekend day' },
      { field: '[1].year', reason: '2030 is listed twice' },
      { field: 'makeUpWorkdays', reason: '2030-01-05 is also a holiday' },
    ]);
  });
});
