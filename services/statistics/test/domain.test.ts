import { caseEvents } from '@xinfang/contracts';
import {
  applyToCaseView,
  CaseView,
  counterKeysOf,
  factsFor,
  incrementsOf,
  kpisFrom,
  monthsIn,
  monthsOfDays,
  parsePeriod,
  ProjectedEvent,
  subjectBuckets,
} from '../src/domain';
import { toProjectedEvent } from '../src/infrastructure/events/projected-event';
import { demoStream } from './support/fixtures';
import type { ScriptedCase } from './support/stream';

function project(c: ScriptedCase): { view: CaseView; events: ProjectedEvent[] } {
  const events = c.events.map((e) => toProjectedEvent(e)!);
  let view: CaseView | undefined;
  for (const e of events) view = applyToCaseView(view, e);
  return { view: view!, events };
}

describe('case view', () => {
  it('follows a case from registration to closure', () => {
    const { a } = demoStream();
    const { view } = project(a);
    expect(view).toMatchObject({
      caseId: a.caseId,
      caseNumber: a.caseNumber,
      tenantId: '441481',
      regionCode: '441481001',
      regionPath: '/440000/441400/441481/441481001',
      channel: 'visit',
      nature: 'claim',
      subjectCode: 'labor.wages',
      status: 'closed',
      closed: true,
      resolved: true,
      satisfaction: 'satisfied',
      replyOutcome: 'supported',
      currentUnit: { unitId: 'unit-441481-hrss' },
      eventCount: a.events.length,
      lastEventType: 'xinfang.case.v1.CaseClosed',
    });
    expect(view.searchText).toContain('拖欠农民工工资');
  });

  it('tracks overdue clocks and the escalation level', () => {
    const { view } = project(demoStream().c);
    expect(view).toMatchObject({
      overdue: true,
      everOverdue: true,
      escalationLevel: 1,
      skipLevel: true,
    });
  });

  it('ignores an event it has applied already', () => {
    const { a } = demoStream();
    const { view, events } = project(a);
    expect(applyToCaseView(view, events[2]!)).toBe(view);
  });
});

describe('counter facts', () => {
  it('derive the KPI contributions of each event, keyed so that redelivery adds nothing', () => {
    const { b } = demoStream();
    const events = b.events.map((e) => toProjectedEvent(e)!);
    let view: CaseView | undefined;
    const ids: string[] = [];
    for (const e of events) {
      const next = applyToCaseView(view, e);
      ids.push(...factsFor(view, next, e).map((f) => `${f.metric}@${f.id}`));
      view = next;
    }
    const metrics = ids.map((i) => i.split('@')[0]);
    expect(metrics.sort()).toEqual(
      [
        'registered',
        'collective',
        'repeat',
        'unitCases',
        'accepted',
        'replied',
        'rated',
        'closed',
      ].sort(),
    );
    expect(ids.find((i) => i.startsWith('registered@'))).toBe(`registered@${b.caseId}:registered`);
  });

  it('roll up from township to province in every subject bucket', () => {
    expect(subjectBuckets('labor.wages')).toEqual(['*', 'labor', 'labor.wages']);
    const keys = counterKeysOf({
      id: 'x',
      metric: 'registered',
      caseId: 'c',
      eventId: 'e',
      regionCode: '441481001',
      regionPath: '/440000/441400/441481/441481001',
      month: '2026-03',
      subjectCode: 'labor.wages',
      unit: null,
      at: new Date(),
    }).map((k) => k.id);
    expect(keys).toHaveLength(12);
    expect(keys).toContain('440000:2026-03:*');
    expect(keys).toContain('441400:2026-03:labor');
    expect(keys).toContain('441481001:2026-03:labor.wages');
  });

  it('sum into KPIs with ratios whose parts add up', () => {
    const stream = demoStream();
    const facts = stream.all.flatMap((c) => {
      let view: CaseView | undefined;
      return c.events.flatMap((raw) => {
        const e = toProjectedEvent(raw)!;
        const next = applyToCaseView(view, e);
        const f = factsFor(view, next, e);
        view = next;
        return f;
      });
    });
    const incs = incrementsOf(facts);
    const at = new Date();
    const docsOf = (region: string) =>
      incs
        .filter((i) => i.key.regionCode === region && i.key.bucket === '*')
        .map((i) => ({ values: i.values, units: i.units, updatedAt: at }));
    const city = kpisFrom(
      '441400',
      { start: '2026-03-01', end: '2026-03-31' },
      '*',
      docsOf('441400'),
    );
    expect(city).toMatchObject({
      registered: 5,
      accepted: 4,
      collective: 1,
      repeat: 1,
      skipLevel: 1,
      overdue: 1,
      onTimeAcceptance: { numerator: 3, denominator: 4, value: 0.75 },
      onTimeReply: { numerator: 2, denominator: 3 },
      onTimeClosure: { numerator: 2, denominator: 3 },
      resolution: { numerator: 2, denominator: 3 },
      satisfaction: { numerator: 2, denominator: 3 },
      backlogResolved: 1,
    });
    expect(city.topUnits[0]).toMatchObject({ unitId: 'unit-441481-hrss', cases: 2 });
    expect(kpisFrom('440000', city.period, '*', docsOf('440000')).registered).toBe(6);
  });
});

describe('periods', () => {
  it('reads months, quarters, years and ranges', () => {
    expect(parsePeriod('2026-03')).toEqual({ range: { start: '2026-03', end: '2026-03' } });
    expect(parsePeriod('2026-Q2')).toEqual({ range: { start: '2026-04', end: '2026-06' } });
    expect(monthsIn({ start: '2025-11', end: '2026-02' })).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
    expect(parsePeriod('2026-13')).toHaveProperty('reason');
    expect(parsePeriod('2026-05..2026-01')).toEqual({ reason: 'starts after it ends' });
    expect(monthsOfDays('2026-01-01', '2026-03-31')).toEqual({
      range: { start: '2026-01', end: '2026-03' },
    });
    expect(monthsOfDays('2026-01-02', '2026-03-31')).toHaveProperty('reason');
  });
});

it('maps proto enums to lower-camel names', () => {
  expect(caseEvents.Channel[caseEvents.Channel.CHANNEL_ONLINE]).toBe('CHANNEL_ONLINE');
});
