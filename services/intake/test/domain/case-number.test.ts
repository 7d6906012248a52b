import { ValidationError } from '@xinfang/kernel';
import { formatCaseNumber, isCaseNumber, shanghaiDay } from '../../src/domain';

describe('case numbers', () => {
  it('formats XF-<county>-<yyyymmdd>-<6-digit sequence>', () => {
    expect(formatCaseNumber('441481', '20260314', 17)).toBe('XF-441481-20260314-000017');
    expect(isCaseNumber('XF-441481-20260314-000017')).toBe(true);
  });

  it('takes the day in Asia/Shanghai, which is UTC+8', () => {
    expect(shanghaiDay(new Date('2026-03-14T15:59:59Z'))).toBe('20260314');
    expect(shanghaiDay(new Date('2026-03-14T16:00:00Z'))).toBe('20260315');
  });

  it.each([
    ['44148', '20260314', 1],
    ['441481', '2026-03-14', 1],
    ['441481', '20260314', 0],
    ['441481', '20260314', 1_000_000],
  ])('refuses %s %s %s', (scope, day, seq) => {
    expect(() => formatCaseNumber(scope, day, seq)).toThrow(ValidationError);
  });
});
