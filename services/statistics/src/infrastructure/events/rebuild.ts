import { runAsSystem } from '@xinfang/principal';
import type { Logger } from '@xinfang/service-kit';
import type { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import { initModels } from '../mongo/models';
import {
  projectionConsumer,
  projectionWriter,
  readActiveGeneration,
  switchActiveGeneration,
  type ProjectionConfig,
} from './projection';

export interface RebuildOptions {
  connection: Connection;
  kafka: Kafka;
  logger: Logger;
  config: ProjectionConfig;
  clock?: () => Date;
  /** Name of the new generation (default `g<time>`). */
  generation?: string;
  /** Switch the service to the new generation when caught up (default true). */
  switchWhenDone?: boolean;
  /** Gives up when not caught up after this long (default 6 h). */
  timeoutMs?: number;
}

export interface RebuildResult {
  generation: string;
  groupId: string;
  previous: string;
  /** Records on the topic when the rebuild started (what it had to catch up with). */
  records: number;
  elapsedMs: number;
  switched: boolean;
}

/**
 * Rebuilds the projection from the topic into fresh collections: a new consumer group reads from
 * the beginning with the same handler the service uses, until it has passed the end offsets seen
 * at the start; the counters are then fully compacted and the active generation is switched.
 * Replicas follow within STATISTICS_GENERATION_POLL and continue with the new group from where
 * the rebuild stopped, so nothing is skipped. The old collections stay for a rollback.
 */
export async function rebuildProjection(options: RebuildOptions): Promise<RebuildResult> {
  const { connection, kafka, logger, config } = options;
  const clock = options.clock ?? (() => new Date());
  const started = Date.now();
  const previous = await readActiveGeneration(connection, config);
  const generation = options.generation ?? `g${started.toString(36)}`;
  const groupId = `${config.STATISTICS_CONSUMER_GROUP}.${generation}`;
  const writer = projectionWriter(connection, generation, config, clock);
  await initModels(writer.models);

  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(config.CASE_EVENTS_TOPIC);
    const records = ends.reduce((n, p) => n + (Number(p.high) - Number(p.low)), 0);
    logger.info({ generation, groupId, records }, 'rebuild started');
    const consumer = projectionConsumer(kafka, connection, logger, config, writer, groupId);
    await consumer.start();
    const deadline = started + (options.timeoutMs ?? 6 * 3_600_000);
    try {
      for (;;) {
        await runAsSystem('statistics-rebuild', () => writer.compact.runOnce());
        const committed = await admin.fetchOffsets({ groupId, topics: [config.CASE_EVENTS_TOPIC] });
        const positions = new Map(
          (committed[0]?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]),
        );
        const caughtUp = ends.every(
          (p) => Number(p.high) === 0 || (positions.get(p.partition) ?? -1) >= Number(p.high),
        );
        if (caughtUp) break;
        if (Date.now() > deadline)
          throw new Error(`rebuild ${generation} did not catch up in time`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    } finally {
      await consumer.stop();
    }
    // Fold every remaining fact before the generation serves.
    for (;;) {
      const run = await runAsSystem('statistics-rebuild', () => writer.compact.runOnce());
      if (run.drained) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const switched = options.switchWhenDone ?? true;
    if (switched) await switchActiveGeneration(connection, { generation, groupId }, clock());
    const elapsedMs = Date.now() - started;
    logger.info({ generation, groupId, records, elapsedMs, switched }, 'rebuild finished');
    return { generation, groupId, previous: previous.generation, records, elapsedMs, switched };
  } finally {
    await admin.disconnect();
  }
}
