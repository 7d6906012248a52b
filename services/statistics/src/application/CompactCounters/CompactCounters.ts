import { newId } from '@xinfang/kernel';
import {
  CompactionBatch,
  CompactionBatchStore,
  CounterFactStore,
  incrementsOf,
  KpiCounterStore,
  LeaseStore,
} from '../../domain';

export interface CompactionPorts {
  facts: CounterFactStore;
  counters: KpiCounterStore;
  batches: CompactionBatchStore;
  leases: LeaseStore;
  clock: () => Date;
}

export interface CompactionOptions {
  /** Identifies this process among the replicas competing for the lease. */
  holder: string;
  /** Facts per batch. */
  batchSize: number;
  /** Length of a lease window; a run stops well before its window ends. */
  leaseMs: number;
}

export interface CompactionRun {
  /** False when another replica holds the lease. */
  leader: boolean;
  facts: number;
  batches: number;
  /** True when no unclaimed fact was left (false when the run stopped at its lease deadline). */
  drained: boolean;
}

const LEASE = 'counter-compactor';

/**
 * Folds counter facts into the counter documents. Only the holder of the current lease window
 * writes counters, so each counter document has one writer (FerretDB v1 loses concurrent `$inc`s).
 * A batch is recorded before it is applied and each counter document remembers the batches it
 * took, so a crash at any point is finished by the next run without counting anything twice.
 */
export class CompactCounters {
  constructor(
    private readonly ports: CompactionPorts,
    private readonly options: CompactionOptions,
  ) {}

  private tail: Promise<unknown> = Promise.resolve();

  /** One compaction; runs of the same process queue behind each other (they share the lease). */
  runOnce(): Promise<CompactionRun> {
    const run = this.tail.then(() => this.compact());
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async compact(): Promise<CompactionRun> {
    const { clock } = this.ports;
    const started = clock();
    const { leaseMs } = this.options;
    if (!(await this.ports.leases.acquire(LEASE, this.options.holder, started, leaseMs))) {
      return { leader: false, facts: 0, batches: 0, drained: false };
    }
    // Stop with a third of the window to spare, so the next holder never overlaps this one.
    const windowEnd = (Math.floor(started.getTime() / leaseMs) + 1) * leaseMs;
    const deadline = windowEnd - leaseMs / 3;
    const run: CompactionRun = { leader: true, facts: 0, batches: 0, drained: false };
    for (const open of await this.ports.batches.open()) {
      await this.finish(open);
      run.batches += 1;
      run.facts += open.factIds.length;
    }
    while (clock().getTime() < deadline) {
      const facts = await this.ports.facts.unclaimed(this.options.batchSize);
      if (facts.length === 0) {
        run.drained = true;
        break;
      }
      const batch: CompactionBatch = {
        id: newId(),
        factIds: facts.map((f) => f.id),
        increments: incrementsOf(facts),
      };
      await this.ports.batches.create(batch);
      await this.finish(batch);
      run.batches += 1;
      run.facts += facts.length;
      if (facts.length < this.options.batchSize) {
        run.drained = true;
        break;
      }
    }
    return run;
  }

  private async finish(batch: CompactionBatch): Promise<void> {
    await this.ports.facts.claim(batch.factIds, batch.id);
    const at = this.ports.clock();
    for (const inc of batch.increments) await this.ports.counters.apply(batch.id, inc, at);
    await this.ports.batches.markDone(batch.id);
  }
}
