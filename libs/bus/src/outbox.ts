import { randomUUID } from 'node:crypto';
import { HydratedDocument, Schema } from 'mongoose';

/** An event waiting in its aggregate's document for the relay to publish it. */
export interface OutboxEntry<T = unknown> {
  id: string;
  type: string;
  subject: string;
  time: Date;
  data: T;
  traceparent?: string;
}

/** What a use case records; id and time are filled in. */
export interface EventInput<T = unknown> {
  type: string;
  /** The case id; `recordEvent` defaults it to the document's `_id`. */
  subject?: string;
  data: T;
  id?: string;
  time?: Date;
  traceparent?: string;
}

/** Fields the outbox plugin adds. */
export interface Outboxed {
  outbox: OutboxEntry[];
  outboxPending: boolean;
  /** Until when a relay holds the document's events (optional lease against duplicates). */
  outboxLeaseUntil?: Date | null;
}

/** The method the outbox plugin adds. */
export interface OutboxMethods {
  /**
   * Queues an event in this document; the next `save()` writes it together with the state change
   * in one atomic single-document write.
   */
  recordEvent<T>(event: EventInput<T>): OutboxEntry<T>;
}

/** Builds the stored form of an event. */
export function outboxEntry<T>(event: EventInput<T> & { subject: string }): OutboxEntry<T> {
  if (!event.type) throw new TypeError('an event needs a type');
  if (!event.subject) throw new TypeError('an event needs a subject (the case id)');
  const entry: OutboxEntry<T> = {
    id: event.id ?? randomUUID(),
    type: event.type,
    subject: event.subject,
    time: event.time ?? new Date(),
    data: event.data,
  };
  if (event.traceparent) entry.traceparent = event.traceparent;
  return entry;
}

const entrySchema = new Schema<OutboxEntry>(
  {
    id: { type: String, required: true },
    type: { type: String, required: true },
    subject: { type: String, required: true },
    time: { type: Date, required: true },
    data: { type: Schema.Types.Mixed },
    traceparent: { type: String },
  },
  { _id: false, minimize: false },
);

/**
 * The outbox inside the aggregate's own document (DESIGN §5): state and events are written by one
 * single-document write, so neither exists without the other, with no multi-document transaction
 * and no change stream. `outboxPending` is indexed so the relay finds work without a scan.
 */
export function outboxPlugin(schema: Schema): void {
  schema.add({
    outbox: { type: [entrySchema], default: [] },
    outboxPending: { type: Boolean, default: false, index: true },
    outboxLeaseUntil: { type: Date },
  });
  (schema.methods as Record<string, unknown>).recordEvent = function recordEvent<T>(
    this: HydratedDocument<Outboxed & { _id: unknown }>,
    event: EventInput<T>,
  ): OutboxEntry<T> {
    const entry = outboxEntry({ ...event, subject: event.subject ?? String(this._id) });
    this.outbox.push(entry);
    this.outboxPending = true;
    return entry;
  };
}

/**
 * Adds events to an update so that `Model.updateOne(filter, withEvents(update, ...))` changes the
 * state and queues the events atomically. Each event needs its subject.
 */
export function withEvents<U extends object>(
  update: U,
  ...events: Array<EventInput & { subject: string }>
): U {
  if (events.length === 0) return update;
  const u = update as Record<string, Record<string, unknown> | undefined>;
  if (u.$push?.outbox !== undefined) throw new TypeError('the update already pushes to outbox');
  if (u.$set?.outboxPending !== undefined)
    throw new TypeError('the update already sets outboxPending');
  return {
    ...update,
    $push: { ...(u.$push ?? {}), outbox: { $each: events.map(outboxEntry) } },
    $set: { ...(u.$set ?? {}), outboxPending: true },
  };
}
