import { ConflictError } from '@xinfang/kernel';
import {
  CaseClock,
  DEFAULT_SUPERVISION_POLICY,
  mergeSupervisionPolicy,
  SYSTEM_ACTOR,
  TimeContext,
} from '../../src/domain';
import { SequentialIds } from '../support/doubles';
import { caseRef, LABOUR, sh } from '../support/mothers';
import { holidayCalendar } from '../support/world';

const ctx: TimeContext = {
  calendar: holidayCalendar(),
  policy: DEFAULT_SUPERVISION_POLICY,
  ids: new SequentialIds('e'),
};

function handling(at = '2025-03-03 10:00') {
  return CaseClock.start(
    {
      id: 'clk-1',
      caseRef: caseRef(),
      kind: 'handling',
      startedAt: sh(at),
      limit: DEFAULT_SUPERVISION_POLICY.clocks.limits.handling,
      responsibleUnit: LABOUR,
      eventId: 'evt-accepted',
    },
    ctx,
  );
}

describe('CaseClock', () => {
  it('an extension after going overdue gives a new reminder and overdue for the new date, but the ladder keeps its first overdue day', () => {
    const clock = handling();
    clock.fire(sh('2025-05-07 00:00'), ctx);
    expect(clock.escalationLevel).toBe(1);
    clock.extend(30, sh('2025-05-08 10:00'), 'evt-ext', ctx);
    const s = clock.toState();
    expect(s.dueDate).toBe('2025-06-03');
    expect(s.nextFireAt).toEqual(sh('2025-05-31 23:59:59.999'));
    expect(clock.fire(sh('2025-06-01 09:00'), ctx).map((f) => f.type)).toEqual(['reminder']);
    // Overdue again on 4 Jun; level 2 was due on 6 Jun (30 days after 7 May).
    expect(clock.fire(sh('2025-06-04 00:00'), ctx).map((f) => f.type)).toEqual(['overdue']);
    expect(clock.fire(sh('2025-06-06 00:00'), ctx).map((f) => f.level)).toEqual([2]);
    expect(clock.toState().overdueSince).toBe('2025-05-07');
  });

  it('applies each event once and refuses to extend a stopped clock', () => {
    const clock = handling();
    expect(clock.stopFor('met', sh('2025-04-01 10:00'), 'evt-reply', SYSTEM_ACTOR, ctx)).toBe(true);
    expect(clock.stopFor('met', sh('2025-04-01 10:00'), 'evt-reply', SYSTEM_ACTOR, ctx)).toBe(
      false,
    );
    expect(clock.toState().stop).toMatchObject({ reason: 'met', overdueDays: 0 });
    expect(() => clock.extend(10, sh('2025-04-02 10:00'), 'evt-ext', ctx)).toThrow(ConflictError);
    expect(clock.fire(sh('2025-09-01 00:00'), ctx)).toEqual([]);
    expect(clock.pullEvents().map((e) => e.name)).toEqual(['ClockStarted', 'ClockStopped']);
  });

  it('stopping during a pause ends the pause and judges by the due date then in force', () => {
    const clock = CaseClock.start(
      {
        id: 'clk-2',
        caseRef: caseRef(),
        kind: 'reReviewDecision',
        startedAt: sh('2025-03-10 10:00'),
        limit: DEFAULT_SUPERVISION_POLICY.clocks.limits.reReviewDecision,
        responsibleUnit: null,
        eventId: 'evt-rr',
      },
      ctx,
    );
    clock.pause(sh('2025-04-08 09:00'), 'evt-h', 'h-1', SYSTEM_ACTOR, ctx);
    // Due 9 Apr before the hearing; 8-12 Apr paused → due 14 Apr: a decision on the 12th is in time.
    clock.stopFor('met', sh('2025-04-12 10:00'), 'evt-decided', SYSTEM_ACTOR, ctx);
    expect(clock.toState().stop).toMatchObject({ reason: 'met', dueDate: '2025-04-14' });
    expect(clock.toState().statutory.pauses[0]!.to).toEqual(sh('2025-04-12 10:00'));
  });
});

describe('mergeSupervisionPolicy', () => {
  it('applies tenant overrides and names every bad value', () => {
    const merged = mergeSupervisionPolicy(DEFAULT_SUPERVISION_POLICY, {
      backlog: { pendingDays: 90 },
      clocks: { limits: { handling: { days: 45, unit: 'calendar' } } },
    });
    expect(merged.backlog).toMatchObject({
      pendingDays: 90,
      repeatCount: 3,
      monthlyStatusDueDay: 20,
    });
    expect(merged.clocks.limits.handling.days).toBe(45);
    expect(() =>
      mergeSupervisionPolicy(DEFAULT_SUPERVISION_POLICY, {
        backlog: { monthlyStatusDueDay: 31, repeatCount: 0 },
      }),
    ).toThrow(
      /backlog.repeatCount.*backlog.monthlyStatusDueDay|backlog.monthlyStatusDueDay.*backlog.repeatCount/,
    );
  });
});
