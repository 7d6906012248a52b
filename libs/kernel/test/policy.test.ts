import { clockLimit, DEFAULT_CLOCK_POLICY, mergePolicy, ValidationError } from '@xinfang/kernel';

describe('clock policy', () => {
  it('holds the 2022 Regulations defaults', () => {
    expect(DEFAULT_CLOCK_POLICY.limits).toEqual({
      dispose: { days: 15, unit: 'calendar' },
      acceptance: { days: 15, unit: 'calendar' },
      objection: { days: 5, unit: 'working' },
      handling: { days: 60, unit: 'calendar' },
      reviewRequest: { days: 30, unit: 'calendar' },
      reviewDecision: { days: 30, unit: 'calendar' },
      reReviewRequest: { days: 30, unit: 'calendar' },
      reReviewDecision: { days: 30, unit: 'calendar' },
    });
    expect(DEFAULT_CLOCK_POLICY.extension).toEqual({ maxDays: 30, maxCount: 1 });
    expect(DEFAULT_CLOCK_POLICY.escalation).toEqual({ stepDays: 30, levels: 3 });
    expect(DEFAULT_CLOCK_POLICY.reminder).toEqual({ daysBeforeDue: 3 });
    expect(clockLimit(DEFAULT_CLOCK_POLICY, 'handling')).toEqual({ days: 60, unit: 'calendar' });
  });

  it('cannot be changed in place', () => {
    expect(Object.isFrozen(DEFAULT_CLOCK_POLICY.limits.handling)).toBe(true);
    expect(() => {
      (DEFAULT_CLOCK_POLICY.limits.handling as { days: number }).days = 1;
    }).toThrow(TypeError);
  });

  it('merges a tenant override deeply and leaves the defaults alone', () => {
    const merged = mergePolicy(DEFAULT_CLOCK_POLICY, {
      limits: { handling: { days: 45 } },
      reminder: { daysBeforeDue: 5 },
    });
    expect(merged.limits.handling).toEqual({ days: 45, unit: 'calendar' });
    expect(merged.limits.dispose).toEqual({ days: 15, unit: 'calendar' });
    expect(merged.reminder.daysBeforeDue).toBe(5);
    expect(DEFAULT_CLOCK_POLICY.limits.handling.days).toBe(60);
    expect(mergePolicy(DEFAULT_CLOCK_POLICY)).toEqual(DEFAULT_CLOCK_POLICY);
  });

  it('names every bad or unknown setting', () => {
    let issues: unknown;
    try {
      mergePolicy(DEFAULT_CLOCK_POLICY, {
        limits: { handling: { days: 0 }, objection: { unit: 'hours' as never } },
        extension: { maxDays: 2.5 },
        escalation: 3 as never,
        ...({ handlng: 1 } as object),
      });
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      issues = (e as ValidationError).issues;
    }
    expect(issues).toEqual([
      { field: 'escalation', reason: 'must be an object' },
      { field: 'handlng', reason: 'is not a policy setting' },
      { field: 'limits.objection.unit', reason: 'must be "calendar" or "working"' },
      { field: 'limits.handling.days', reason: 'must be a whole number ≥ 1' },
      { field: 'extension.maxDays', reason: 'must be a whole number ≥ 0' },
    ]);
  });
});
