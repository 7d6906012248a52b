// In-memory implementations of the projection's ports (single-threaded, like one consumer).
import type {
  CaseQuery,
  CaseView,
  CaseViewRepository,
  CompactionBatch,
  CompactionBatchStore,
  CounterDocument,
  CounterFact,
  CounterFactStore,
  CounterIncrement,
  CounterKey,
  KpiCounterStore,
  LeaseStore,
  SearchCursor,
  TimelineEntry,
  TimelineRepository,
} from '../../src/domain';

export class MemoryViews implements CaseViewRepository {
  readonly docs = new Map<string, CaseView>();
  async get(caseId: string) {
    const v = this.docs.get(caseId);
    return v ? structuredClone(v) : undefined;
  }
  async save(view: CaseView, previousCount: number) {
    const existing = this.docs.get(view.caseId);
    if ((existing?.eventCount ?? 0) !== previousCount) throw new Error('conflict');
    this.docs.set(view.caseId, structuredClone(view));
  }
  async search(_q: CaseQuery, limit: number, _after?: SearchCursor) {
    return [...this.docs.values()].slice(0, limit);
  }
}

export class MemoryTimeline implements TimelineRepository {
  readonly entries = new Map<string, TimelineEntry>();
  async add(entries: readonly TimelineEntry[]) {
    for (const e of entries) if (!this.entries.has(e.eventId)) this.entries.set(e.eventId, e);
  }
  async forCase(caseId: string) {
    return [...this.entries.values()].filter((e) => e.caseId === caseId);
  }
}

export class MemoryFacts implements CounterFactStore {
  readonly facts = new Map<string, CounterFact & { batch: string | null }>();
  async add(facts: readonly CounterFact[]) {
    for (const f of facts) if (!this.facts.has(f.id)) this.facts.set(f.id, { ...f, batch: null });
  }
  async unclaimed(limit: number) {
    return [...this.facts.values()].filter((f) => f.batch === null).slice(0, limit);
  }
  async claim(ids: readonly string[], batchId: string) {
    for (const id of ids) this.facts.get(id)!.batch = batchId;
  }
}

export class MemoryBatches implements CompactionBatchStore {
  readonly batches = new Map<string, CompactionBatch & { done: boolean }>();
  async create(b: CompactionBatch) {
    this.batches.set(b.id, { ...structuredClone(b), done: false });
  }
  async open() {
    return [...this.batches.values()].filter((b) => !b.done);
  }
  async markDone(id: string) {
    this.batches.get(id)!.done = true;
  }
}

export class MemoryCounters implements KpiCounterStore {
  readonly docs = new Map<string, CounterDocument & { applied: string[] }>();
  /** Throws once after this many applications (a crash in the middle of a batch). */
  failAfter?: number;
  async apply(batchId: string, inc: CounterIncrement, at: Date) {
    if (this.failAfter !== undefined && this.failAfter-- <= 0) {
      this.failAfter = undefined;
      throw new Error('crash');
    }
    const doc = this.docs.get(inc.key.id) ?? {
      key: inc.key,
      values: {},
      units: {},
      updatedAt: at,
      applied: [],
    };
    if (doc.applied.includes(batchId)) return;
    for (const [m, n] of Object.entries(inc.values))
      doc.values[m as keyof typeof doc.values] =
        (doc.values[m as keyof typeof doc.values] ?? 0) + n!;
    for (const [k, u] of Object.entries(inc.units)) {
      const e = doc.units[k] ?? { unit: u.unit, count: 0 };
      e.count += u.count;
      doc.units[k] = e;
    }
    doc.applied.push(batchId);
    doc.updatedAt = at;
    this.docs.set(inc.key.id, doc);
  }
  async read(keys: readonly CounterKey[]) {
    return keys.flatMap((k) => (this.docs.has(k.id) ? [this.docs.get(k.id)!] : []));
  }
}

export class MemoryLeases implements LeaseStore {
  readonly held = new Map<string, string>();
  async acquire(name: string, holder: string, now: Date, windowMs: number) {
    const id = `${name}:${Math.floor(now.getTime() / windowMs)}`;
    if (!this.held.has(id)) this.held.set(id, holder);
    return this.held.get(id) === holder;
  }
}
