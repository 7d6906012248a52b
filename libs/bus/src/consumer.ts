import { runAsSystem } from '@xinfang/principal';
import { isDuplicateKey, Logger } from '@xinfang/store';
import type {
  Consumer,
  ConsumerConfig,
  EachMessagePayload,
  IHeaders,
  Kafka,
  KafkaMessage,
  Producer,
} from 'kafkajs';
import { Connection, Model, Schema } from 'mongoose';
import { CaseEvent, fromKafkaMessage, headerValue } from './envelope';
import { createProducer } from './kafka';

/** Where a message came from, handed to the handler with the event. */
export interface DeliveryInfo {
  topic: string;
  partition: number;
  offset: string;
  /** The record key (the case id). */
  key: string | null;
  /** The record headers, decoded (first value of a repeated header). */
  headers: Record<string, string>;
  /** 1 on the first try, then 2, 3, … while retrying. */
  attempt: number;
}

export type EventHandler<T = unknown> = (
  event: CaseEvent<T>,
  delivery: DeliveryInfo,
) => Promise<void>;

export interface EventConsumerOptions<T = unknown> {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  /** Applies one event. Runs as the system principal named `consumer:<groupId>`. */
  handle: EventHandler<T>;
  /** The service's store; the `inbox` collection of processed event ids lives there. */
  connection: Connection;
  logger: Logger;
  /** Retries after the first failure before the message goes to the dead-letter topic (default 5). */
  maxRetries?: number;
  /** Backoff before the first retry, doubled each time (default 200 ms). */
  retryBackoffMs?: number;
  /** Upper bound of the backoff (default 10 s). */
  maxBackoffMs?: number;
  deadLetterTopic: string;
  /** False for errors that retrying cannot fix; they go to the dead-letter topic at once. */
  isRetryable?: (err: unknown) => boolean;
  /** Where a new group starts (default true: from the beginning, so nothing is skipped). */
  fromBeginning?: boolean;
  /** kafkajs consumer settings (session timeout, heartbeat, fetch wait …) other than groupId. */
  consumerConfig?: Omit<ConsumerConfig, 'groupId'>;
  /** Producer for dead letters; one is created (and owned) when not given. */
  producer?: Producer;
  /** How long `start()` waits for the group join (default 60 s). */
  joinTimeoutMs?: number;
}

/** A processed event, kept so a redelivery is recognised. */
export interface InboxEntry {
  _id: string;
  groupId: string;
  eventId: string;
  type: string;
  subject: string;
  at: Date;
}

const inboxSchema = new Schema<InboxEntry>(
  {
    _id: { type: String, required: true },
    groupId: { type: String, required: true },
    eventId: { type: String, required: true },
    type: String,
    subject: String,
    at: { type: Date, required: true, index: true },
  },
  { versionKey: false },
);

/** The inbox model of a connection (collection `inbox`). */
export function inboxModel(connection: Connection): Model<InboxEntry> {
  return (
    (connection.models.XinfangInbox as Model<InboxEntry> | undefined) ??
    connection.model<InboxEntry>('XinfangInbox', inboxSchema, 'inbox')
  );
}

/**
 * Deletes inbox entries older than `before`. FerretDB v1 has no TTL indexes, so services prune on a
 * schedule; keep entries for longer than any redelivery can take (days, not minutes).
 */
export async function pruneInbox(connection: Connection, before: Date): Promise<number> {
  const r = await inboxModel(connection)
    .deleteMany({ at: { $lt: before } })
    .exec();
  return r.deletedCount;
}

/**
 * Consumes case events idempotently by event id. Before the handler runs, the `inbox` collection
 * (`_id = groupId:eventId`) is checked; after it succeeds, the id is written there. A crash between
 * the two runs the handler again on redelivery, so handlers make their effect idempotent as well,
 * in the same document as the effect (`applyOnce`).
 *
 * A failing handler is retried in place with exponential backoff, which holds back the rest of the
 * partition and so keeps each case's events in order. After `maxRetries`, the original record goes
 * to the dead-letter topic with the error in `dlt_*` headers and the offset is committed; if the
 * dead letter cannot be written the offset is not committed and the record comes back. A record
 * that is not a valid event goes to the dead-letter topic at once.
 */
export class EventConsumer<T = unknown> {
  private readonly consumer: Consumer;
  private readonly producer: Producer;
  private readonly ownsProducer: boolean;
  private readonly inbox: Model<InboxEntry>;
  private readonly maxRetries: number;
  private readonly retryBackoffMs: number;
  private readonly maxBackoffMs: number;
  private running = false;

  constructor(private readonly options: EventConsumerOptions<T>) {
    this.consumer = options.kafka.consumer({
      sessionTimeout: 15_000,
      heartbeatInterval: 1_500,
      maxWaitTimeInMs: 500,
      ...options.consumerConfig,
      groupId: options.groupId,
    });
    this.ownsProducer = options.producer === undefined;
    this.producer = options.producer ?? createProducer(options.kafka);
    this.inbox = inboxModel(options.connection);
    this.maxRetries = options.maxRetries ?? 5;
    this.retryBackoffMs = options.retryBackoffMs ?? 200;
    this.maxBackoffMs = options.maxBackoffMs ?? 10_000;
  }

  /** Connects, subscribes and resolves once the consumer has joined its group. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    if (this.ownsProducer) await this.producer.connect();
    await this.consumer.connect();
    for (const topic of this.options.topics) {
      await this.consumer.subscribe({ topic, fromBeginning: this.options.fromBeginning ?? true });
    }
    const joined = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `consumer group ${this.options.groupId} did not join within ${this.options.joinTimeoutMs ?? 60_000} ms`,
            ),
          ),
        this.options.joinTimeoutMs ?? 60_000,
      );
      const off = this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
        clearTimeout(timer);
        off();
        resolve();
      });
    });
    await this.consumer.run({ eachMessage: (payload) => this.onMessage(payload) });
    await joined;
    this.options.logger.info(
      { groupId: this.options.groupId, topics: this.options.topics },
      'event consumer started',
    );
  }

  /** Stops after the message in progress; an unfinished retry loop leaves its offset uncommitted. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await this.consumer.disconnect();
    if (this.ownsProducer) await this.producer.disconnect();
  }

  private async onMessage({
    topic,
    partition,
    message,
    heartbeat,
  }: EachMessagePayload): Promise<void> {
    const { groupId, logger } = this.options;
    let event: CaseEvent<T>;
    try {
      event = fromKafkaMessage<T>(message);
    } catch (err) {
      logger.error(
        { err, topic, partition, offset: message.offset },
        'record is not a valid case event; dead-lettering',
      );
      await this.deadLetter(topic, partition, message, err, 0);
      return;
    }
    const inboxId = `${groupId}:${event.id}`;
    if (await this.inbox.exists({ _id: inboxId }).exec()) {
      logger.debug({ eventId: event.id, type: event.type }, 'event already processed; skipped');
      return;
    }
    const headers = Object.fromEntries(
      Object.keys(message.headers ?? {}).map((name) => [
        name,
        headerValue(message.headers, name) ?? '',
      ]),
    );
    const key = message.key === null || message.key === undefined ? null : message.key.toString();
    for (let attempt = 1; ; attempt++) {
      try {
        const delivery: DeliveryInfo = {
          topic,
          partition,
          offset: message.offset,
          key,
          headers,
          attempt,
        };
        await runAsSystem(`consumer:${groupId}`, () => this.options.handle(event, delivery));
        break;
      } catch (err) {
        const retryable = this.options.isRetryable?.(err) ?? true;
        if (!retryable || attempt > this.maxRetries) {
          logger.error(
            { err, eventId: event.id, type: event.type, attempt },
            'event handling failed; dead-lettering',
          );
          await this.deadLetter(topic, partition, message, err, attempt);
          return;
        }
        logger.warn(
          { err, eventId: event.id, type: event.type, attempt },
          'event handling failed; retrying',
        );
        await this.backoff(attempt, heartbeat);
      }
    }
    try {
      await this.inbox.create({
        _id: inboxId,
        groupId,
        eventId: event.id,
        type: event.type,
        subject: event.subject,
        at: new Date(),
      });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }

  private async backoff(attempt: number, heartbeat: () => Promise<void>): Promise<void> {
    let remaining = Math.min(this.retryBackoffMs * 2 ** (attempt - 1), this.maxBackoffMs);
    while (remaining > 0) {
      // Leaving the loop keeps the offset uncommitted, so the record is redelivered after restart.
      if (!this.running) throw new Error('consumer stopping during a retry');
      const step = Math.min(remaining, 1_000);
      await new Promise((resolve) => setTimeout(resolve, step));
      remaining -= step;
      await heartbeat();
    }
  }

  private async deadLetter(
    topic: string,
    partition: number,
    message: KafkaMessage,
    err: unknown,
    attempts: number,
  ): Promise<void> {
    const error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    const headers: IHeaders = {
      ...(message.headers ?? {}),
      dlt_error: error.slice(0, 4000),
      dlt_group: this.options.groupId,
      dlt_original_topic: topic,
      dlt_original_partition: String(partition),
      dlt_original_offset: message.offset,
      dlt_attempts: String(attempts),
      dlt_time: new Date().toISOString(),
    };
    await this.producer.send({
      topic: this.options.deadLetterTopic,
      acks: -1,
      messages: [{ key: message.key, value: message.value, headers }],
    });
  }
}
