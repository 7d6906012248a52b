import type { CaseView } from './case-view';
import type { CounterFact, CounterIncrement, CounterKey, MetricValues } from './kpi';
import type { UnitSummary } from './case-view';
import type { CaseQuery, SearchCursor } from './search';
import type { TimelineEntry } from './timeline';

/** The case projection. Reads are confined to the caller's region subtree by the store. */
export interface CaseViewRepository {
  get(caseId: string): Promise<CaseView | undefined>;
  /**
   * Stores the view. `previousCount` is the event count the view had when read (0 when new);
   * one writer per case (events of a case are consumed in order) makes this safe.
   */
  save(view: CaseView, previousCount: number): Promise<void>;
  search(query: CaseQuery, limit: number, after?: SearchCursor): Promise<CaseView[]>;
}

export interface TimelineRepository {
  /** Inserts entries; those already present (same event id) are left as they are. */
  add(entries: readonly TimelineEntry[]): Promise<void>;
  forCase(caseId: string): Promise<TimelineEntry[]>;
}

/** Insert-only counter facts; an id already stored is ignored. */
export interface CounterFactStore {
  add(facts: readonly CounterFact[]): Promise<void>;
  /** Facts no compaction batch has claimed yet, oldest first. */
  unclaimed(limit: number): Promise<CounterFact[]>;
  /** Marks facts as taken by a batch (idempotent). */
  claim(ids: readonly string[], batchId: string): Promise<void>;
}

/** A compaction batch: the increments of a set of facts, applied to counters exactly once. */
export interface CompactionBatch {
  id: string;
  factIds: string[];
  increments: CounterIncrement[];
}

export interface CompactionBatchStore {
  create(batch: CompactionBatch): Promise<void>;
  /** Batches created but not finished (after a crash). */
  open(): Promise<CompactionBatch[]>;
  markDone(id: string): Promise<void>;
}

/** One counter document: a region × month × subject bucket. */
export interface CounterDocument {
  key: CounterKey;
  values: Partial<MetricValues>;
  units: Record<string, { unit: UnitSummary; count: number }>;
  updatedAt: Date;
}

export interface KpiCounterStore {
  /** Adds the increment unless this batch was applied to the document already. */
  apply(batchId: string, increment: CounterIncrement, at: Date): Promise<void>;
  /** The counter documents with these keys that exist and that the caller may see. */
  read(keys: readonly CounterKey[]): Promise<CounterDocument[]>;
}

/** Time-window leases: at most one holder per name and window. */
export interface LeaseStore {
  /** True when this holder has the lease for the window containing `now`. */
  acquire(name: string, holder: string, now: Date, windowMs: number): Promise<boolean>;
}
