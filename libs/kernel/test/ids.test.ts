import {
  formatCaseNumber,
  idTime,
  isId,
  newEventId,
  newId,
  parseCaseNumber,
  ValidationError,
} from '@xinfang/kernel';

describe('ids', () => {
  it('mints ULIDs that sort in creation order, even within one millisecond', () => {
    const ids = Array.from({ length: 500 }, () => newId());
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids) expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(isId(ids[0])).toBe(true);
    expect(isId('not-an-id')).toBe(false);
  });

  it('encodes the creation time', () => {
    const before = Date.now();
    const id = newEventId();
    const t = idTime(id).getTime();
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(Date.now());
    expect(() => idTime('x')).toThrow(ValidationError);
  });

  it('gives event ids distinct from entity ids', () => {
    expect(newEventId()).not.toBe(newId());
  });
});

describe('case numbers', () => {
  it('formats region, Shanghai registration date and a six-digit sequence', () => {
    // 00:30 on 22 November in Shanghai is still 21 November in UTC.
    expect(formatCaseNumber('441481', new Date('2026-11-21T16:30:00Z'), 123)).toBe(
      'XF-441481-20261122-000123',
    );
    expect(formatCaseNumber('441481001', '2026-01-05', 1)).toBe('XF-441481001-20260105-000001');
    expect(formatCaseNumber('440000', '2026-01-05', 999_999)).toBe('XF-440000-20260105-999999');
  });

  it('refuses what cannot be a case number', () => {
    expect(() => formatCaseNumber('4414', '2026-01-05', 1)).toThrow('regionCode');
    expect(() => formatCaseNumber('441481', '2026-02-30', 1)).toThrow('date');
    expect(() => formatCaseNumber('441481', '2026-01-05', 0)).toThrow('seq');
    expect(() => formatCaseNumber('441481', '2026-01-05', 1_000_000)).toThrow('seq');
    expect(() => formatCaseNumber('441481', '2026-01-05', 1.5)).toThrow(ValidationError);
  });

  it('parses what it formats', () => {
    expect(parseCaseNumber('XF-441481-20261122-000123')).toEqual({
      regionCode: '441481',
      date: '2026-11-22',
      seq: 123,
    });
    expect(() => parseCaseNumber('XF-441481-20261322-000123')).toThrow(ValidationError);
    expect(() => parseCaseNumber('XF-441481-20261122-000000')).toThrow(ValidationError);
    expect(() => parseCaseNumber('YY-441481-20261122-000123')).toThrow(ValidationError);
  });
});
