import {
  ConflictError,
  DEFAULT_CLOCK_POLICY,
  HolidayCalendar,
  loadHolidayData,
  mergePolicy,
  PreconditionError,
  StatutoryClock,
  ValidationError,
} from '@xinfang/kernel';

const calendar = new HolidayCalendar(loadHolidayData([2025, 2026]));
const at = (local: string): Date => new Date(`${local}+08:00`);
const { limits, extension } = DEFAULT_CLOCK_POLICY;

describe('StatutoryClock', () => {
  describe('handling clock (60 days, one extension of at most 30)', () => {
    const started = StatutoryClock.start('handling', at('2025-08-02T10:00:00'), limits.handling);

    it('rolls a 60th day inside the National Day holiday to the next working day', () => {
      expect(started.dueDate(calendar)).toBe('2025-10-09');
      expect(started.deadline(calendar).toISOString()).toBe('2025-10-09T15:59:59.999Z');
    });

    it('is overdue only after the last instant of the due date', () => {
      expect(started.remainingDays(at('2025-10-09T23:59:59'), calendar)).toBe(0);
      expect(started.isOverdue(at('2025-10-09T23:59:59'), calendar)).toBe(false);
      expect(started.isOverdue(at('2025-10-10T00:00:00'), calendar)).toBe(true);
      expect(started.remainingDays(at('2025-10-12T08:00:00'), calendar)).toBe(-3);
      expect(started.remainingDays(at('2025-10-01T08:00:00'), calendar)).toBe(8);
    });

    it('extends once, by the days of the extension', () => {
      const extended = started.extend(30, extension, at('2025-09-20T10:00:00'));
      expect(extended.dueDate(calendar)).toBe('2025-10-31');
      expect(extended.extensions).toEqual([{ days: 30, at: at('2025-09-20T10:00:00') }]);
      expect(() => extended.extend(1, extension)).toThrow(PreconditionError);
      expect(() => extended.extend(1, extension)).toThrow('may be extended only once');
    });

    it('refuses an extension longer than the policy allows', () => {
      expect(() => started.extend(31, extension)).toThrow(ValidationError);
      expect(() => started.extend(0, extension)).toThrow(ValidationError);
    });

    it('takes its limits from the policy, not from itself', () => {
      const generous = mergePolicy(DEFAULT_CLOCK_POLICY, {
        extension: { maxDays: 40, maxCount: 2 },
      });
      const twice = started.extend(20, generous.extension).extend(20, generous.extension);
      expect(twice.extensionDays()).toBe(40);
      expect(() => started.extend(20, generous.extension).extend(21, generous.extension)).toThrow(
        'must not exceed 20',
      );
      expect(() => started.extend(1, { maxDays: 30, maxCount: 0 })).toThrow('cannot be extended');
    });

    it('never changes the clock it was derived from', () => {
      started.extend(10, extension);
      started.pause(at('2025-08-10T09:00:00'));
      expect(started.extensions).toEqual([]);
      expect(started.pauses).toEqual([]);
      expect(Object.isFrozen(started)).toBe(true);
    });
  });

  describe('re-review decision clock with a hearing (hearing time is not counted)', () => {
    const started = StatutoryClock.start(
      'reReviewDecision',
      at('2025-11-03T09:00:00'),
      limits.reReviewDecision,
    );

    it('is due on the 30th day without a pause', () => {
      expect(started.dueDate(calendar)).toBe('2025-12-03');
    });

    it('gives back one day for a hearing held in one afternoon', () => {
      const clock = started.pause(at('2025-11-10T14:00:00')).resume(at('2025-11-10T17:00:00'));
      expect(clock.pausedDays(calendar)).toBe(1);
      expect(clock.dueDate(calendar)).toBe('2025-12-04');
    });

    it('gives back every day the clock was paused on, each once', () => {
      const twoDays = started.pause(at('2025-11-10T09:00:00')).resume(at('2025-11-11T18:00:00'));
      expect(twoDays.dueDate(calendar)).toBe('2025-12-05');
      const sameDayTwice = started
        .pause(at('2025-11-10T09:00:00'))
        .resume(at('2025-11-10T11:00:00'))
        .pause(at('2025-11-10T15:00:00'))
        .resume(at('2025-11-10T16:00:00'));
      expect(sameDayTwice.pausedDays(calendar)).toBe(1);
    });

    it('does not give back the start day, which is never counted', () => {
      const clock = started.pause(at('2025-11-03T15:00:00')).resume(at('2025-11-04T10:00:00'));
      expect(clock.pausedDays(calendar)).toBe(1);
      expect(clock.dueDate(calendar)).toBe('2025-12-04');
    });

    it('keeps its remaining time while paused and resumes from it', () => {
      const paused = started.pause(at('2025-11-10T14:00:00'));
      expect(paused.isPaused()).toBe(true);
      expect(paused.remainingDays(at('2025-11-10T15:00:00'), calendar)).toBe(24);
      expect(paused.remainingDays(at('2025-11-19T15:00:00'), calendar)).toBe(24);
      expect(paused.isOverdue(at('2025-12-20T09:00:00'), calendar)).toBe(false);
      // While paused the due date moves with the pause.
      expect(paused.dueDate(calendar, at('2025-11-17T09:00:00'))).toBe('2025-12-11');
      const resumed = paused.resume(at('2025-11-17T09:00:00'));
      expect(resumed.isPaused()).toBe(false);
      expect(resumed.dueDate(calendar)).toBe('2025-12-11');
      expect(resumed.remainingDays(at('2025-11-17T10:00:00'), calendar)).toBe(24);
    });

    it('guards the order of pauses', () => {
      const paused = started.pause(at('2025-11-10T14:00:00'));
      expect(() => paused.pause(at('2025-11-11T09:00:00'))).toThrow(ConflictError);
      expect(() => started.resume(at('2025-11-11T09:00:00'))).toThrow(ConflictError);
      expect(() => paused.resume(at('2025-11-10T13:00:00'))).toThrow(ValidationError);
      expect(() => started.pause(at('2025-11-02T09:00:00'))).toThrow(ValidationError);
      const resumed = paused.resume(at('2025-11-12T09:00:00'));
      expect(() => resumed.pause(at('2025-11-11T09:00:00'))).toThrow(ValidationError);
    });
  });

  describe('objection clock (5 working days)', () => {
    const started = StatutoryClock.start('objection', at('2025-09-26T15:00:00'), limits.objection);

    it('counts make-up working days', () => {
      expect(limits.objection).toEqual({ days: 5, unit: 'working' });
      expect(started.dueDate(calendar)).toBe('2025-10-10');
    });

    it('gives back only paused working days', () => {
      const onSaturday = started.pause(at('2025-09-27T10:00:00')).resume(at('2025-09-27T12:00:00'));
      expect(onSaturday.dueDate(calendar)).toBe('2025-10-10');
      const onMonday = started.pause(at('2025-09-29T10:00:00')).resume(at('2025-09-29T12:00:00'));
      expect(onMonday.dueDate(calendar)).toBe('2025-10-11'); // Saturday, a make-up working day
    });
  });

  it('crosses the year boundary', () => {
    const clock = StatutoryClock.start('dispose', at('2025-12-17T16:00:00'), limits.dispose);
    expect(clock.dueDate(calendar)).toBe('2026-01-04');
    expect(clock.remainingDays(at('2025-12-31T09:00:00'), calendar)).toBe(4);
  });

  it('stores as plain data and restores identically', () => {
    const clock = StatutoryClock.start('handling', at('2025-08-02T10:00:00'), limits.handling)
      .extend(15, extension, at('2025-09-01T10:00:00'))
      .pause(at('2025-09-02T10:00:00'))
      .resume(at('2025-09-03T10:00:00'))
      .pause(at('2025-09-05T10:00:00'));
    const stored = JSON.parse(JSON.stringify(clock)) as Record<string, unknown>;
    const revived = StatutoryClock.restore({
      kind: 'handling',
      startedAt: new Date(stored['startedAt'] as string),
      limit: clock.limit,
      extensions: (stored['extensions'] as { days: number; at: string }[]).map((e) => ({
        days: e.days,
        at: new Date(e.at),
      })),
      pauses: (stored['pauses'] as { from: string; to?: string }[]).map((p) =>
        p.to ? { from: new Date(p.from), to: new Date(p.to) } : { from: new Date(p.from) },
      ),
    });
    expect(revived.state()).toEqual(clock.state());
    expect(revived.isPaused()).toBe(true);
    expect(revived.dueDate(calendar, at('2025-09-06T10:00:00'))).toBe(
      clock.dueDate(calendar, at('2025-09-06T10:00:00')),
    );
  });

  it('refuses inconsistent stored data', () => {
    expect(() =>
      StatutoryClock.restore({
        kind: 'handling',
        startedAt: at('2025-08-02T10:00:00'),
        limit: { days: -1, unit: 'calendar' },
        extensions: [{ days: 0 }],
        pauses: [
          { from: at('2025-08-05T10:00:00') },
          { from: at('2025-08-06T10:00:00'), to: at('2025-08-07T10:00:00') },
        ],
      }),
    ).toThrow(
      'limit.days: must be a whole number ≥ 0; extensions[0].days: must be a whole number ≥ 1; pauses[0].to: only the last pause may be open',
    );
  });
});
