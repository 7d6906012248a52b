import { PreconditionError } from '@xinfang/kernel';
import { ClockView } from '../../src/domain';
import { fact, sh } from '../support/mothers';
import { SYSTEM, world, World } from '../support/world';

async function clocksOf(w: World, caseId = 'case-0001'): Promise<Record<string, ClockView>> {
  const views = await w.getCaseClocks.execute(SYSTEM, { caseId });
  // The latest clock of each kind.
  return Object.fromEntries(views.map((v) => [v.kind, v]));
}

describe('ApplyCaseEvent: clocks from events', () => {
  it('counts through the 2025 National Day holiday week, rolling a last day off work forward', async () => {
    const w = world('2025-09-20 10:00');
    await w.apply(fact('CaseRegistered', '2025-09-20 10:00'));
    let clocks = await clocksOf(w);
    // 15 days from 20 Sep end on 5 Oct, a holiday; 1-8 Oct are off, so the 9th.
    expect(clocks.dispose).toMatchObject({
      state: 'running',
      dueDate: '2025-10-09',
      limitDays: 15,
    });

    w.clock.set(sh('2025-09-29 09:00'));
    await w.apply(fact('CaseForwarded', '2025-09-29 09:00'));
    clocks = await clocksOf(w);
    expect(clocks.dispose).toMatchObject({ state: 'stopped', stopReason: 'met' });
    // 15 calendar days → 14 Oct, a Tuesday.
    expect(clocks.acceptance).toMatchObject({ state: 'running', dueDate: '2025-10-14' });
    // 5 working days: 30 Sep, 9 Oct, 10 Oct, Sat 11 Oct (make-up day), Mon 13 Oct.
    expect(clocks.objection).toMatchObject({
      state: 'running',
      dueDate: '2025-10-13',
      counting: 'working',
      role: 'window',
    });
    const started = w.eventsNamed('ClockStarted').map((e) => [e.kind, e.dueDate]);
    expect(started).toEqual([
      ['dispose', '2025-10-09'],
      ['acceptance', '2025-10-14'],
      ['objection', '2025-10-13'],
    ]);
  });

  it('starts the dispose clock from receipt when the letter arrived before registration', async () => {
    const w = world('2025-03-05 10:00');
    await w.apply(
      fact('CaseRegistered', '2025-03-05 10:00', { receivedAt: sh('2025-03-03 16:00') }),
    );
    expect((await clocksOf(w)).dispose!.dueDate).toBe('2025-03-18');
  });

  it('extends the handling clock once, across two holiday periods', async () => {
    const w = world('2025-03-03 10:00');
    await w.apply(fact('CaseAccepted', '2025-03-03 10:00'));
    // 60 days → 2 May, inside the May Day holiday (1-5 May) → Tuesday 6 May.
    expect((await clocksOf(w)).handling).toMatchObject({ dueDate: '2025-05-06', extended: false });
    await w.apply(fact('CaseExtended', '2025-04-20 10:00', { days: 30 }));
    // 90 days → 1 Jun, inside Dragon Boat (31 May - 2 Jun) → Tuesday 3 Jun.
    expect((await clocksOf(w)).handling).toMatchObject({
      dueDate: '2025-06-03',
      limitDays: 90,
      extended: true,
    });
    await expect(w.apply(fact('CaseExtended', '2025-05-20 10:00', { days: 5 }))).rejects.toThrow(
      PreconditionError,
    );
    expect((await clocksOf(w)).handling!.dueDate).toBe('2025-06-03');
  });

  it('changes nothing when the same event is applied again, even after a crash halfway', async () => {
    const w = world('2025-09-20 10:00');
    const registered = fact('CaseRegistered', '2025-09-20 10:00');
    const first = await w.apply(registered, 'evt-registered');
    const again = await w.apply(registered, 'evt-registered');
    expect(first.applied).toBe(true);
    expect(again).toEqual({ applied: false, changedClockIds: [], openedRecordIds: [] });

    // The clocks are written, then the process dies before the case file is.
    w.files.failNextSaves = 1;
    const forwarded = fact('CaseForwarded', '2025-09-22 09:00');
    await expect(w.apply(forwarded, 'evt-forwarded')).rejects.toThrow('simulated crash');
    const redelivered = await w.apply(forwarded, 'evt-forwarded');
    expect(redelivered.applied).toBe(true);
    expect(redelivered.changedClockIds).toEqual([]);
    await w.apply(forwarded, 'evt-forwarded');

    const views = await w.getCaseClocks.execute(SYSTEM, { caseId: 'case-0001' });
    expect(views.map((v) => [v.kind, v.state])).toEqual([
      ['dispose', 'stopped'],
      ['acceptance', 'running'],
      ['objection', 'running'],
    ]);
    expect(w.eventsNamed('ClockStarted')).toHaveLength(3);
    expect(w.eventsNamed('ClockStopped')).toHaveLength(1);
  });

  it('pauses the re-review decision clock for a hearing and resumes it with the days given back', async () => {
    const w = world('2025-03-10 10:00');
    await w.apply(fact('ReReviewRequested', '2025-03-10 10:00'));
    expect((await clocksOf(w)).reReviewDecision!.dueDate).toBe('2025-04-09');

    w.clock.set(sh('2025-03-20 09:00'));
    await w.apply(fact('HearingScheduled', '2025-03-20 09:00'));
    const paused = w.eventsNamed('ClockPaused')[0]!;
    // The day the pause began is not counted: 31 days → 10 Apr, 21 days left.
    expect(paused).toMatchObject({ kind: 'reReviewDecision', hearingId: 'h-1', remainingDays: 21 });
    w.clock.set(sh('2025-03-24 12:00'));
    expect((await clocksOf(w)).reReviewDecision).toMatchObject({
      state: 'paused',
      remainingDays: 21,
      nextFireAt: null,
    });
    // A sweep while paused finds nothing to do.
    expect((await w.sweepAt('2025-03-24 12:00')).claimed).toBe(0);

    w.clock.set(sh('2025-03-25 16:00'));
    await w.apply(fact('HearingHeld', '2025-03-25 16:00'));
    // 20-25 Mar (6 days) are given back: 36 days from 10 Mar → 15 Apr.
    expect(w.eventsNamed('ClockResumed')[0]).toMatchObject({
      dueDate: '2025-04-15',
      remainingDays: 21,
    });
    expect((await clocksOf(w)).reReviewDecision).toMatchObject({
      state: 'running',
      dueDate: '2025-04-15',
    });

    w.clock.set(sh('2025-04-14 10:00'));
    await w.apply(fact('ReReviewDecided', '2025-04-14 10:00'));
    expect((await clocksOf(w)).reReviewDecision).toMatchObject({
      state: 'stopped',
      stopReason: 'met',
    });
  });

  it('does not pause the review decision for a review hearing', async () => {
    const w = world('2025-03-10 10:00');
    await w.apply(fact('ReviewRequested', '2025-03-10 10:00'));
    const result = await w.apply(fact('HearingScheduled', '2025-03-12 10:00', { stage: 'review' }));
    expect(result.changedClockIds).toEqual([]);
    expect((await clocksOf(w)).reviewDecision!.state).toBe('running');
  });

  it('walks the appeal windows: reply → review request → decision → re-review request', async () => {
    const w = world('2025-06-03 10:00');
    await w.apply(fact('CaseAccepted', '2025-04-01 10:00'));
    await w.apply(fact('CaseReplied', '2025-06-03 10:00', { deliveredAt: sh('2025-06-05 15:00') }));
    let clocks = await clocksOf(w);
    expect(clocks.handling).toMatchObject({ state: 'stopped', stopReason: 'met' });
    expect(clocks.reviewRequest).toMatchObject({
      state: 'running',
      dueDate: '2025-07-07',
      role: 'window',
    });
    await w.apply(fact('ReviewRequested', '2025-06-20 10:00'));
    await w.apply(
      fact('ReviewDecided', '2025-07-10 10:00', { deliveredAt: sh('2025-07-11 10:00') }),
    );
    clocks = await clocksOf(w);
    expect(clocks.reviewRequest!.stopReason).toBe('met');
    expect(clocks.reviewDecision).toMatchObject({
      state: 'stopped',
      stopReason: 'met',
      dueDate: '2025-07-21',
    });
    expect(clocks.reReviewRequest).toMatchObject({ state: 'running', dueDate: '2025-08-11' });
    // The petitioner lets the window lapse: the sweep ends it, nothing goes overdue.
    const report = await w.sweepAt('2025-08-12 00:00');
    expect(report.swept[0]!.firings.map((f) => f.type)).toEqual(['lapsed']);
    expect((await clocksOf(w)).reReviewRequest).toMatchObject({
      state: 'stopped',
      stopReason: 'lapsed',
    });
    expect(w.eventsNamed('CaseOverdue')).toHaveLength(0);
    expect(w.records.all()).toHaveLength(0);
  });

  it('assigns with a result report due on the set date and stops it when reported late', async () => {
    const w = world('2025-04-01 10:00');
    await w.apply(fact('CaseAssigned', '2025-04-01 10:00', { resultReportDueDate: '2025-04-30' }));
    expect((await clocksOf(w)).resultReport).toMatchObject({
      dueDate: '2025-04-30',
      limitDays: 29,
    });
    await w.apply(fact('CaseResultReported', '2025-05-08 10:00'));
    expect((await clocksOf(w)).resultReport).toMatchObject({
      state: 'stopped',
      stopReason: 'metLate',
      overdue: true,
    });
    expect(w.eventsNamed('ClockStopped').at(-1)).toMatchObject({
      kind: 'resultReport',
      overdueDays: 8,
    });
  });

  it('a return within the window cancels the unit’s clocks; re-routing starts them afresh', async () => {
    const w = world('2025-04-01 10:00');
    await w.apply(fact('CaseForwarded', '2025-04-01 10:00'));
    await w.apply(fact('CaseReturned', '2025-04-03 10:00'));
    let clocks = await clocksOf(w);
    expect(clocks.objection!.stopReason).toBe('met');
    expect(clocks.acceptance!.stopReason).toBe('cancelled');
    await w.apply(
      fact('CaseRerouted', '2025-04-07 10:00', {
        toUnit: { unitId: 'u2', name: '兴宁市住建局', regionCode: '441481' },
        mode: 'forward',
        resultReportDueDate: null,
      }),
    );
    clocks = await clocksOf(w);
    expect(clocks.acceptance).toMatchObject({ state: 'running', dueDate: '2025-04-22' });
    expect(clocks.acceptance!.responsibleUnit!.unitId).toBe('u2');
  });

  it('cancels the clocks still running when the case closes', async () => {
    const w = world('2025-06-03 10:00');
    await w.apply(fact('CaseReplied', '2025-06-03 10:00'));
    await w.apply(fact('CaseClosed', '2025-06-10 10:00'));
    expect((await clocksOf(w)).reviewRequest).toMatchObject({
      state: 'stopped',
      stopReason: 'cancelled',
    });
  });
});
