import {
  CaseClock,
  ClockRepository,
  DEFAULT_SUPERVISION_POLICY,
  mergeSupervisionPolicy,
} from '../../src/domain';
import { SweepDueClocks } from '../../src/application';
import { FakeClock } from '../support/doubles';
import { fact, sh } from '../support/mothers';
import { SYSTEM, world } from '../support/world';

/** Accepted 3 Mar 2025: handling due Tuesday 6 May (60 days end on 2 May, in the May Day holiday). */
async function overdueCandidate() {
  const w = world('2025-03-03 10:00');
  await w.apply(fact('CaseAccepted', '2025-03-03 10:00'));
  const [clock] = w.clocks.all();
  return { w, clockId: clock!.id };
}

describe('SweepDueClocks: reminders, overdue and the three-level ladder', () => {
  it('climbs all three levels on the exact days, each step once', async () => {
    const { w, clockId } = await overdueCandidate();
    const handling = w.clocks.all()[0]!;
    expect(handling.dueDate).toBe('2025-05-06');
    expect(handling.dueAt).toEqual(sh('2025-05-06 23:59:59.999'));
    expect(handling.remindAt).toEqual(sh('2025-05-03 23:59:59.999'));
    expect(handling.nextFireAt).toEqual(handling.remindAt);

    expect((await w.sweepAt('2025-05-03 12:00')).claimed).toBe(0);
    const reminder = await w.sweepAt('2025-05-04 08:00');
    expect(reminder.swept[0]!.firings.map((f) => f.type)).toEqual(['reminder']);
    expect(w.eventsNamed('DeadlineReminder')).toEqual([
      expect.objectContaining({ clockId, kind: 'handling', dueDate: '2025-05-06', daysLeft: 2 }),
    ]);
    // The next step is the first overdue instant: 00:00 on 7 May.
    expect(w.clocks.all()[0]!.nextFireAt).toEqual(sh('2025-05-07 00:00'));
    expect((await w.sweepAt('2025-05-06 23:59:59')).claimed).toBe(0);

    const level1 = await w.sweepAt('2025-05-07 00:00');
    expect(level1.swept[0]!.firings.map((f) => [f.type, f.level])).toEqual([
      ['overdue', 0],
      ['escalation', 1],
    ]);
    expect(w.clocks.all()[0]!.nextFireAt).toEqual(sh('2025-06-06 00:00'));
    // Sweeping again the same day (or the day before the next level) does nothing.
    expect((await w.sweepAt('2025-05-07 09:00')).claimed).toBe(0);
    expect((await w.sweepAt('2025-06-05 23:59')).claimed).toBe(0);

    const level2 = await w.sweepAt('2025-06-06 00:00');
    expect(level2.swept[0]!.firings.map((f) => f.level)).toEqual([2]);
    expect(w.clocks.all()[0]!.nextFireAt).toEqual(sh('2025-07-06 00:00'));
    const level3 = await w.sweepAt('2025-07-06 00:00');
    expect(level3.swept[0]!.firings.map((f) => f.level)).toEqual([3]);
    expect(w.clocks.all()[0]!.nextFireAt).toBeNull();
    expect((await w.sweepAt('2025-12-31 00:00')).claimed).toBe(0);

    expect(w.eventsNamed('CaseOverdue')).toEqual([
      expect.objectContaining({
        clockId,
        dueDate: '2025-05-06',
        occurredAt: sh('2025-05-07 00:00'),
      }),
    ]);
    expect(
      w.eventsNamed('CaseEscalated').map((e) => [e.level, e.body, e.overdueSince, e.occurredAt]),
    ).toEqual([
      [1, 'petitionBureau', '2025-05-07', sh('2025-05-07 00:00')],
      [2, 'inspectionOffice', '2025-05-07', sh('2025-06-06 00:00')],
      [3, 'disciplineCommission', '2025-05-07', sh('2025-07-06 00:00')],
    ]);
    expect(w.records.all().map((r) => [r.kind, r.level, r.body])).toEqual([
      ['reminder', 0, null],
      ['overdue', 0, 'petitionBureau'],
      ['escalation', 1, 'petitionBureau'],
      ['escalation', 2, 'inspectionOffice'],
      ['escalation', 3, 'disciplineCommission'],
    ]);
    const [view] = await w.getCaseClocks.execute(SYSTEM, { caseId: 'case-0001' });
    expect(view).toMatchObject({ overdue: true, escalationLevel: 3, remainingDays: -239 });
  });

  it('catches up after an outage: overdue and every level already due, but no stale reminder', async () => {
    const { w } = await overdueCandidate();
    const report = await w.sweepAt('2025-06-10 09:00');
    expect(report.swept[0]!.firings.map((f) => [f.type, f.level])).toEqual([
      ['overdue', 0],
      ['escalation', 1],
      ['escalation', 2],
    ]);
    expect(w.eventsNamed('DeadlineReminder')).toHaveLength(0);
    expect(w.clocks.all()[0]!.nextFireAt).toEqual(sh('2025-07-06 00:00'));
  });

  it('takes ladder steps and reminder lead from the tenant policy', async () => {
    const policy = mergeSupervisionPolicy(DEFAULT_SUPERVISION_POLICY, {
      clocks: { escalation: { stepDays: 10, levels: 2 }, reminder: { daysBeforeDue: 0 } },
    });
    const w = world('2025-03-03 10:00', policy);
    await w.apply(fact('CaseAccepted', '2025-03-03 10:00'));
    expect(w.clocks.all()[0]!.remindAt).toBeNull();
    await w.sweepAt('2025-05-07 00:00');
    await w.sweepAt('2025-05-17 00:00');
    expect(w.eventsNamed('CaseEscalated').map((e) => [e.level, e.occurredAt])).toEqual([
      [1, sh('2025-05-07 00:00')],
      [2, sh('2025-05-17 00:00')],
    ]);
    expect(w.clocks.all()[0]!.nextFireAt).toBeNull();
  });

  it('stops climbing once the unit replies, and the stop is late', async () => {
    const { w } = await overdueCandidate();
    await w.sweepAt('2025-05-07 00:00');
    await w.apply(fact('CaseReplied', '2025-05-20 10:00'));
    const handling = w.clocks.all().find((c) => c.kind === 'handling')!;
    expect(handling).toMatchObject({ status: 'stopped', nextFireAt: null });
    expect(handling.stop).toMatchObject({ reason: 'metLate', overdueDays: 14 });
    await w.sweepAt('2025-06-06 00:00');
    expect(w.eventsNamed('CaseEscalated')).toHaveLength(1);
  });
});

describe('SweepDueClocks: several replicas', () => {
  it('two replicas sweeping the same due set fire each clock once', async () => {
    const w = world('2025-03-03 10:00');
    for (let n = 1; n <= 5; n += 1) {
      await w.apply(fact('CaseAccepted', '2025-03-03 10:00', {}, n));
    }
    w.clock.set(sh('2025-05-07 00:00'));
    const a = w.sweeper({ leaseOwner: 'replica-a', batchSize: 3 });
    const b = w.sweeper({ leaseOwner: 'replica-b', batchSize: 3 });
    const [ra, rb] = await Promise.all([a.execute(), b.execute()]);
    expect(ra.claimed + rb.claimed).toBe(5);
    const second = await Promise.all([a.execute(), b.execute()]);
    expect(second.map((r) => r.claimed)).toEqual([0, 0]);

    const claimedIds = w.clocks.claims.map(([, id]) => id);
    expect(new Set(claimedIds).size).toBe(claimedIds.length);
    expect(w.eventsNamed('CaseEscalated')).toHaveLength(5);
    expect(w.eventsNamed('CaseOverdue')).toHaveLength(5);
    expect(w.records.all().filter((r) => r.kind === 'escalation')).toHaveLength(5);
  });

  it('retries a crashed replica’s claims after the lease, and a stale replica loses its race', async () => {
    const w = world('2025-03-03 10:00');
    await w.apply(fact('CaseAccepted', '2025-03-03 10:00'));
    const due = sh('2025-05-07 00:00');

    // Replica A claims, then stalls (a long GC pause, a partition) holding its copy.
    let releaseA!: () => void;
    const gate = new Promise<void>((resolve) => (releaseA = resolve));
    const stalling: ClockRepository = Object.create(w.clocks, {
      claimDue: {
        value: async (
          now: Date,
          limit: number,
          owner: string,
          leaseMs: number,
        ): Promise<CaseClock[]> => {
          const won = await w.clocks.claimDue(now, limit, owner, leaseMs);
          await gate;
          return won;
        },
      },
    });
    const clockA = new FakeClock(due);
    const a = new SweepDueClocks(
      { ...w.deps, clocks: stalling, clock: clockA },
      { leaseOwner: 'replica-a', leaseMs: 60_000, batchSize: 10 },
    );
    const running = a.execute();

    // While A's lease holds, B finds nothing.
    const clockB = new FakeClock(new Date(due.getTime() + 30_000));
    const b = w.sweeper({ leaseOwner: 'replica-b', leaseMs: 60_000 }, clockB);
    expect((await b.execute()).claimed).toBe(0);
    // After it expires B takes the clock over and fires it.
    clockB.set(new Date(due.getTime() + 61_000));
    const rb = await b.execute();
    expect(rb.swept[0]!.firings.map((f) => f.type)).toEqual(['overdue', 'escalation']);

    // A wakes up: its save conflicts, its records were already opened by B.
    releaseA();
    const ra = await running;
    expect(ra.conflicts).toHaveLength(1);
    expect(ra.swept).toHaveLength(0);
    expect(w.eventsNamed('CaseEscalated')).toHaveLength(1);
    expect(w.eventsNamed('CaseOverdue')).toHaveLength(1);
    expect(w.records.all()).toHaveLength(2);
    expect(w.clocks.leaseOf(w.clocks.all()[0]!.id)).toBeUndefined();
  });
});
