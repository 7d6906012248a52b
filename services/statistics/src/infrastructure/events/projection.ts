import { hostname } from 'node:os';
import { EventConsumer } from '@xinfang/bus';
import { newId } from '@xinfang/kernel';
import { runAsSystem } from '@xinfang/principal';
import type { Logger } from '@xinfang/service-kit';
import type { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import { CompactCounters, ProjectCaseEvents } from '../../application';
import type { StatisticsConfig } from '../config';
import {
  FIRST_GENERATION,
  initModels,
  metaModel,
  projectionModels,
  type ProjectionModels,
} from '../mongo/models';
import { projectionStores } from '../mongo/stores';
import { isRetryable, toProjectedEvent } from './projected-event';

export type ProjectionConfig = Pick<
  StatisticsConfig,
  | 'CASE_EVENTS_TOPIC'
  | 'CASE_EVENTS_DLT'
  | 'STATISTICS_CONSUMER_GROUP'
  | 'STATISTICS_COMPACT_BATCH'
  | 'STATISTICS_COMPACT_INTERVAL'
  | 'STATISTICS_LEASE_WINDOW'
  | 'STATISTICS_GENERATION_POLL'
>;

/** Which generation serves reads and which consumer group feeds it. */
export interface ActiveGeneration {
  generation: string;
  groupId: string;
}

const ACTIVE = 'active';

export async function readActiveGeneration(
  connection: Connection,
  config: ProjectionConfig,
): Promise<ActiveGeneration> {
  const doc = await metaModel(connection).findById(ACTIVE).lean().exec();
  return doc
    ? { generation: doc.generation, groupId: doc.groupId }
    : { generation: FIRST_GENERATION, groupId: config.STATISTICS_CONSUMER_GROUP };
}

/** Points every replica at a new generation (they pick it up within the poll interval). */
export async function switchActiveGeneration(
  connection: Connection,
  active: ActiveGeneration,
  at: Date,
): Promise<void> {
  await metaModel(connection)
    .replaceOne({ _id: ACTIVE }, { ...active, switchedAt: at }, { upsert: true })
    .exec();
}

/** The write side of one generation: the projection handler and the counter compactor. */
export interface ProjectionWriter {
  models: ProjectionModels;
  project: ProjectCaseEvents;
  compact: CompactCounters;
}

export function projectionWriter(
  connection: Connection,
  generation: string,
  config: ProjectionConfig,
  clock: () => Date,
  holder = `${hostname()}:${process.pid}:${newId()}`,
): ProjectionWriter {
  const models = projectionModels(connection, generation);
  const stores = projectionStores(models);
  return {
    models,
    project: new ProjectCaseEvents(stores),
    compact: new CompactCounters(
      { ...stores, clock },
      {
        holder,
        batchSize: config.STATISTICS_COMPACT_BATCH,
        leaseMs: config.STATISTICS_LEASE_WINDOW,
      },
    ),
  };
}

/** The consumer of the case-event topic for one generation (group `statistics` at first). */
export function projectionConsumer(
  kafka: Kafka,
  connection: Connection,
  logger: Logger,
  config: ProjectionConfig,
  writer: ProjectionWriter,
  groupId: string,
): EventConsumer {
  return new EventConsumer({
    kafka,
    groupId,
    topics: [config.CASE_EVENTS_TOPIC],
    connection,
    logger,
    deadLetterTopic: config.CASE_EVENTS_DLT,
    isRetryable,
    handle: async (event) => {
      const projected = toProjectedEvent(event);
      if (!projected) {
        logger.debug({ type: event.type, eventId: event.id }, 'event type not projected');
        return;
      }
      await writer.project.run([projected]);
    },
  });
}

type Listener = (writer: ProjectionWriter) => void;

/**
 * Keeps the projection of the active generation fed: consumes the topic with the generation's
 * group and, when a rebuild switches the generation, moves to the new collections and group.
 */
export class ProjectionWorker {
  readonly name = 'statistics-projection';
  private consumer?: EventConsumer;
  private timer?: NodeJS.Timeout;
  private active?: ActiveGeneration;
  private current?: ProjectionWriter;
  private readonly listeners: Listener[] = [];
  private switching: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: {
      kafka: Kafka;
      connection: Connection;
      logger: Logger;
      config: ProjectionConfig;
      clock: () => Date;
    },
  ) {}

  /** Called with the writer of each generation that becomes active (read side follows it). */
  onSwitch(listener: Listener): void {
    this.listeners.push(listener);
    if (this.current) listener(this.current);
  }

  /** The active generation (reads it from the store before the worker starts). */
  async prepare(): Promise<ProjectionWriter> {
    if (this.current) return this.current;
    const active = await readActiveGeneration(this.deps.connection, this.deps.config);
    return this.use(active);
  }

  writer(): ProjectionWriter {
    if (!this.current) throw new Error('projection not prepared');
    return this.current;
  }

  async start(): Promise<void> {
    const writer = await this.prepare();
    await this.startConsumer(writer, this.active!.groupId);
    this.timer = setInterval(() => {
      this.switching = this.switching.then(() => this.checkGeneration()).catch(() => undefined);
    }, this.deps.config.STATISTICS_GENERATION_POLL);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.switching;
    await this.consumer?.stop();
    this.consumer = undefined;
  }

  private async use(active: ActiveGeneration): Promise<ProjectionWriter> {
    const writer = projectionWriter(
      this.deps.connection,
      active.generation,
      this.deps.config,
      this.deps.clock,
    );
    await initModels(writer.models);
    this.active = active;
    this.current = writer;
    for (const l of this.listeners) l(writer);
    return writer;
  }

  private async startConsumer(writer: ProjectionWriter, groupId: string): Promise<void> {
    const { kafka, connection, logger, config } = this.deps;
    this.consumer = projectionConsumer(kafka, connection, logger, config, writer, groupId);
    await this.consumer.start();
  }

  private async checkGeneration(): Promise<void> {
    const { connection, config, logger } = this.deps;
    const active = await readActiveGeneration(connection, config);
    if (!this.timer || active.generation === this.active?.generation) return;
    logger.info(
      { from: this.active?.generation, to: active.generation, groupId: active.groupId },
      'switching projection generation',
    );
    await this.consumer?.stop();
    const writer = await this.use(active);
    await this.startConsumer(writer, active.groupId);
  }
}

/** Runs the counter compaction of the active generation at a fixed pace. */
export class CompactorWorker {
  readonly name = 'statistics-compactor';
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private runs = 0;

  constructor(
    private readonly writer: () => ProjectionWriter,
    private readonly intervalMs: number,
    private readonly logger: Logger,
    private readonly clock: () => Date,
  ) {}

  async start(): Promise<void> {
    const tick = () => {
      this.running = this.compactOnce()
        .then(() => undefined)
        .catch((err: unknown) => this.logger.error({ err: String(err) }, 'compaction failed'))
        .finally(() => {
          if (this.timer !== undefined) this.timer = setTimeout(tick, this.intervalMs);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    const timer = this.timer;
    this.timer = undefined;
    if (timer) clearTimeout(timer);
    await this.running;
  }

  /** Compacts until no fact is pending (waiting out lease windows); the facts folded in. */
  async compactAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const run = await runAsSystem('statistics-compactor', () => this.writer().compact.runOnce());
      total += run.facts;
      if (run.drained) return total;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** One compaction of the active generation; the number of facts folded in. */
  async compactOnce(): Promise<number> {
    const writer = this.writer();
    return runAsSystem('statistics-compactor', async () => {
      const run = await writer.compact.runOnce();
      if (run.facts > 0) this.logger.debug({ ...run }, 'counters compacted');
      this.runs += 1;
      if (this.runs % 500 === 0) {
        const before = new Date(this.clock().getTime() - 24 * 3_600_000);
        await writer.models.leases.deleteMany({ at: { $lt: before } }).exec();
        await writer.models.batches
          .deleteMany({ state: 'done', createdAt: { $lt: before } })
          .exec();
      }
      return run.facts;
    });
  }
}
