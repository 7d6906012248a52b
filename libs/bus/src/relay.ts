import { runAsSystem } from '@xinfang/principal';
import { Logger, LockBusyError, withDocumentLock } from '@xinfang/store';
import type { Producer } from 'kafkajs';
import type { Model } from 'mongoose';
import { CaseEvent, toKafkaMessage } from './envelope';
import type { OutboxEntry } from './outbox';

export interface OutboxRelayOptions {
  /** Models using `outboxPlugin` (and usually `tenancyPlugin`). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  models: Model<any>[];
  /** A connected producer, ideally from `createProducer` (idempotent). The caller owns it. */
  producer: Producer;
  topic: string;
  /** CloudEvents `source` of every event, e.g. `xinfang/intake`. */
  source: string;
  logger: Logger;
  /** Wait between polls when there was nothing to publish (default 500 ms). */
  pollIntervalMs?: number;
  /** Documents taken per model and poll (default 100). */
  batchSize?: number;
  /**
   * How long a relay holds a document's events while publishing them (default 0: no lease). A
   * lease only reduces duplicates between replicas, at the cost of one more write per document;
   * correctness never depends on it.
   */
  leaseMs?: number;
  /** Name of the relay in logs and in its system principal (default `outbox-relay`). */
  name?: string;
  /**
   * Take the document's lock (`withDocumentLock` of @xinfang/store) for every write the relay
   * makes to an aggregate (default true). Needed on FerretDB v1, where single-document updates are
   * not isolated; application writers of outboxed documents take the same lock.
   */
  lockDocuments?: boolean;
  /** How long to wait for a document's lock before leaving the document to the next pass (default 2000 ms). */
  lockWaitMs?: number;
  /** Lease of the relay's document locks (default 15000 ms). */
  lockLeaseMs?: number;
}

/** One document's events, as read for publishing. */
export interface PendingDocument {
  _id: unknown;
  outbox?: OutboxEntry[];
  regionPath?: string;
  tenantId?: string | null;
}

/**
 * Publishes the events queued in documents' outboxes (DESIGN §5). It finds documents with
 * `outboxPending` through its index, publishes their events in order with acks from all
 * replicas, then removes exactly the published events and clears the flag only if the outbox is
 * empty, by a conditional update, so an event queued meanwhile is never lost.
 *
 * Delivery is at least once: a relay that dies after publishing and before removing publishes the
 * same events again on restart, and replicas may publish the same event twice. Consumers
 * deduplicate by event id (`EventConsumer`, `applyOnce`).
 *
 * Published events are removed by one conditional write that empties the outbox when it still
 * holds exactly them, or else one conditional `$pop` per event that applies only while the front
 * entry has the published id (FerretDB v1 silently ignores `$pull` with a condition).
 *
 * Every write to an aggregate happens under the document's lock (`withDocumentLock`), so it never
 * interleaves with an application write that takes the same lock: on FerretDB v1, where an update
 * is read, modify, write back without isolation, that is what keeps the relay from undoing a
 * concurrent save. On MongoDB the conditional writes alone would suffice.
 */
export class OutboxRelay {
  protected readonly options: Required<Omit<OutboxRelayOptions, 'models' | 'producer'>>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  protected readonly models: Model<any>[];
  protected readonly producer: Producer;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(options: OutboxRelayOptions) {
    this.models = options.models;
    this.producer = options.producer;
    this.options = {
      topic: options.topic,
      source: options.source,
      logger: options.logger,
      pollIntervalMs: options.pollIntervalMs ?? 500,
      batchSize: options.batchSize ?? 100,
      leaseMs: options.leaseMs ?? 0,
      name: options.name ?? 'outbox-relay',
      lockDocuments: options.lockDocuments ?? true,
      lockWaitMs: options.lockWaitMs ?? 2_000,
      lockLeaseMs: options.lockLeaseMs ?? 15_000,
    };
  }

  /** Starts polling in the background. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops polling after the batch in progress has been published and acknowledged. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
  }

  /** One pass over every model; resolves to the number of events published. */
  drainOnce(): Promise<number> {
    return runAsSystem(this.options.name, async () => {
      let published = 0;
      for (const model of this.models) published += await this.drainModel(model);
      return published;
    });
  }

  private async run(): Promise<void> {
    while (this.running) {
      let published = 0;
      try {
        published = await this.drainOnce();
      } catch (err) {
        this.options.logger.error(
          { err, relay: this.options.name },
          'outbox relay pass failed; retrying',
        );
      }
      if (published === 0 && this.running) await this.sleep(this.options.pollIntervalMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private async drainModel(model: Model<any>): Promise<number> {
    const docs = await this.pending(model);
    const batch: Array<{ doc: PendingDocument; entries: OutboxEntry[] }> = [];
    for (const doc of docs) {
      const entries = doc.outbox ?? [];
      if (entries.length > 0 && !doc.regionPath) {
        this.options.logger.error(
          { model: model.modelName, id: String(doc._id) },
          'outbox document has no regionPath; its events are held',
        );
        continue;
      }
      batch.push({ doc, entries });
    }
    const messages = batch.flatMap(({ doc, entries }) =>
      entries.map((e) => toKafkaMessage(this.envelope(doc, e))),
    );
    if (messages.length > 0) {
      await this.producer.send({ topic: this.options.topic, messages, acks: -1 });
    }
    for (const { doc, entries } of batch) {
      await this.acknowledge(
        model,
        doc._id,
        entries.map((e) => e.id),
      );
    }
    if (messages.length > 0) {
      this.options.logger.debug(
        { model: model.modelName, events: messages.length, documents: batch.length },
        'outbox events published',
      );
    }
    return messages.length;
  }

  /** Documents with pending events; with a lease, only those this relay could claim. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private async pending(model: Model<any>): Promise<PendingDocument[]> {
    const projection = { outbox: 1, regionPath: 1, tenantId: 1 };
    const { batchSize, leaseMs } = this.options;
    if (leaseMs <= 0) {
      return model
        .find({ outboxPending: true }, projection)
        .sort({ _id: 1 })
        .limit(batchSize)
        .lean<PendingDocument[]>()
        .exec();
    }
    const now = new Date();
    const free = [
      { outboxLeaseUntil: { $exists: false } },
      { outboxLeaseUntil: null },
      { outboxLeaseUntil: { $lt: now } },
    ];
    const candidates = await model
      .find({ outboxPending: true, $or: free }, { _id: 1 })
      .sort({ _id: 1 })
      .limit(batchSize)
      .lean<PendingDocument[]>()
      .exec();
    const claimed: unknown[] = [];
    for (const { _id } of candidates) {
      const r = await this.locked(model, _id, () =>
        model
          .updateOne(
            { _id, $or: free },
            { $set: { outboxLeaseUntil: new Date(now.getTime() + leaseMs) } },
          )
          .exec(),
      );
      if (r?.modifiedCount === 1) claimed.push(_id);
    }
    if (claimed.length === 0) return [];
    return model
      .find({ _id: { $in: claimed } }, projection)
      .sort({ _id: 1 })
      .lean<PendingDocument[]>()
      .exec();
  }

  protected envelope(doc: PendingDocument, entry: OutboxEntry): CaseEvent {
    const event: CaseEvent = {
      id: entry.id,
      type: entry.type,
      source: this.options.source,
      time: new Date(entry.time).toISOString(),
      subject: entry.subject,
      tenantId: doc.tenantId ?? null,
      regionPath: doc.regionPath!,
      data: entry.data ?? null,
    };
    if (entry.traceparent) event.traceparent = entry.traceparent;
    return event;
  }

  /**
   * Under the document's lock, removes the published events from the front of the document's
   * outbox, then clears the flag if nothing is left. A document whose lock stays busy keeps its
   * events and they are published again (at least once). Protected so a test can stand in for a
   * crash between publish and removal.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  protected async acknowledge(model: Model<any>, id: unknown, eventIds: string[]): Promise<void> {
    await this.locked(model, id, () => this.removePublished(model, id, eventIds));
  }

  /**
   * Runs `write` under the document's lock (when `lockDocuments`); undefined when the lock stayed
   * busy, so the document waits for the next pass instead of failing the whole batch.
   */
  private async locked<T>(
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    model: Model<any>,
    id: unknown,
    write: () => Promise<T>,
  ): Promise<T | undefined> {
    const { lockDocuments, lockWaitMs, lockLeaseMs, logger, name } = this.options;
    if (!lockDocuments) return write();
    try {
      return await withDocumentLock(model.db, model.collection.collectionName, id, write, {
        waitMs: lockWaitMs,
        leaseMs: lockLeaseMs,
      });
    } catch (err) {
      if (!(err instanceof LockBusyError)) throw err;
      logger.warn(
        { relay: name, model: model.modelName, id: String(id) },
        'outbox document busy; left for the next pass',
      );
      return undefined;
    }
  }

  /** Removes exactly the published events, by conditional writes (safe on MongoDB without a lock). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private async removePublished(model: Model<any>, id: unknown, eventIds: string[]): Promise<void> {
    const n = eventIds.length;
    const release = this.options.leaseMs > 0 ? { $unset: { outboxLeaseUntil: 1 } } : {};
    if (n > 0) {
      // The outbox only grows at the end and shrinks at the front, so a same-sized outbox with the
      // published first and last ids holds exactly the published events: one write empties it.
      const same = {
        _id: id,
        outbox: { $size: n },
        'outbox.0.id': eventIds[0],
        [`outbox.${n - 1}.id`]: eventIds[n - 1],
      };
      const emptied = await model
        .updateOne(same, { $set: { outbox: [], outboxPending: false }, ...release })
        .exec();
      if (emptied.modifiedCount === 1) return;
      for (const eventId of eventIds) {
        await model.updateOne({ _id: id, 'outbox.0.id': eventId }, { $pop: { outbox: -1 } }).exec();
      }
    }
    const cleared = await model
      .updateOne(
        { _id: id, outboxPending: true, outbox: { $size: 0 } },
        { $set: { outboxPending: false }, ...release },
      )
      .exec();
    if (cleared.matchedCount === 0 && this.options.leaseMs > 0) {
      await model.updateOne({ _id: id }, release).exec();
    }
  }
}
