import { runAsSystem } from '@xinfang/principal';
import { CompactCounters, GetKpis, ProjectCaseEvents } from '../src/application';
import { loadRegionTree } from '@xinfang/kernel';
import { toProjectedEvent } from '../src/infrastructure/events/projected-event';
import {
  MemoryBatches,
  MemoryCounters,
  MemoryFacts,
  MemoryLeases,
  MemoryTimeline,
  MemoryViews,
} from './support/doubles';
import { demoStream } from './support/fixtures';

function world(holder = 'replica-1') {
  const ports = {
    views: new MemoryViews(),
    timeline: new MemoryTimeline(),
    facts: new MemoryFacts(),
    counters: new MemoryCounters(),
    batches: new MemoryBatches(),
    leases: new MemoryLeases(),
  };
  const clock = () => new Date('2026-04-01T00:00:00Z');
  return {
    ...ports,
    project: new ProjectCaseEvents(ports),
    compact: new CompactCounters({ ...ports, clock }, { holder, batchSize: 7, leaseMs: 60_000 }),
    kpis: new GetKpis(ports.counters, loadRegionTree('440000'), clock),
  };
}

const MARCH = { start: '2026-03', end: '2026-03' };

describe('projection and compaction', () => {
  it('counts each event once however often it is delivered', async () => {
    const w = world();
    const stream = demoStream();
    const events = stream.all.flatMap((c) => c.events.map((e) => toProjectedEvent(e)!));
    expect(await w.project.run(events)).toEqual({ applied: events.length, duplicates: 0 });
    // Redelivery of everything, one by one as the consumer would.
    for (const e of events) expect(await w.project.run([e])).toEqual({ applied: 0, duplicates: 1 });
    await w.compact.runOnce();
    const city = await runAsSystem('test', () => w.kpis.kpis('441400', MARCH));
    expect(city.registered).toBe(5);
    expect(city.accepted).toBe(4);
    expect(w.timeline.entries.size).toBe(events.length);
  });

  it('finishes a batch interrupted by a crash without counting it twice', async () => {
    const w = world();
    const events = demoStream().all.flatMap((c) => c.events.map((e) => toProjectedEvent(e)!));
    await w.project.run(events);
    w.counters.failAfter = 5;
    await expect(w.compact.runOnce()).rejects.toThrow('crash');
    expect(await w.batches.open()).toHaveLength(1);
    await w.compact.runOnce();
    expect(await w.batches.open()).toHaveLength(0);
    const province = await runAsSystem('test', () => w.kpis.kpis('440000', MARCH));
    expect(province.registered).toBe(6);
    expect(province.satisfaction).toMatchObject({ numerator: 2, denominator: 3 });
  });

  it('lets only the lease holder write counters', async () => {
    const a = world('replica-a');
    const b = {
      ...a,
      compact: new CompactCounters(
        { ...a, clock: () => new Date('2026-04-01T00:00:00Z') },
        { holder: 'replica-b', batchSize: 100, leaseMs: 60_000 },
      ),
    };
    await a.project.run(demoStream().a.events.map((e) => toProjectedEvent(e)!));
    expect((await a.compact.runOnce()).leader).toBe(true);
    expect(await b.compact.runOnce()).toEqual({
      leader: false,
      facts: 0,
      batches: 0,
      drained: false,
    });
  });
});
