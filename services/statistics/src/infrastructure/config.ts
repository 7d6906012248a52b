import { CASE_EVENTS_DLT, CASE_EVENTS_TOPIC } from '@xinfang/contracts';
import {
  commonServiceConfig,
  durationMs,
  int,
  loadConfig,
  serviceDefaults,
  text,
  type Env,
} from '@xinfang/config';
import { z } from 'zod';

/** Every environment variable statistics reads (one key each; see the service README). */
export const statisticsConfigSchema = z.object({
  ...commonServiceConfig,
  ...serviceDefaults({ name: 'statistics', httpPort: 8105, grpcPort: 9105 }),
  /** Public case-event topic the projection is built from. */
  CASE_EVENTS_TOPIC: text().default(CASE_EVENTS_TOPIC),
  CASE_EVENTS_DLT: text().default(CASE_EVENTS_DLT),
  /** Consumer group of the first projection generation; a rebuild adds `.<generation>`. */
  STATISTICS_CONSUMER_GROUP: text().default('statistics'),
  /** Province whose region tree (libs/kernel/data/regions/<code>.json) names the regions. */
  REGION_PROVINCE: text().default('440000'),
  /** Pause between two compactions of counter facts into counters (freshness of the KPIs). */
  STATISTICS_COMPACT_INTERVAL: durationMs(2_000),
  /** Counter facts per compaction batch. */
  STATISTICS_COMPACT_BATCH: int({ min: 1, max: 20_000, default: 2_000 }),
  /** Lease window of the single counter writer among replicas. */
  STATISTICS_LEASE_WINDOW: durationMs(30_000),
  /** How often a replica checks whether a rebuild switched the active generation. */
  STATISTICS_GENERATION_POLL: durationMs(5_000),
  /** Largest CSV export, in rows. */
  STATISTICS_EXPORT_MAX_ROWS: int({ min: 1, max: 1_000_000, default: 100_000 }),
  /** Most units listed as most complained about. */
  STATISTICS_TOP_UNITS: int({ min: 1, max: 100, default: 10 }),
});

export type StatisticsConfig = z.output<typeof statisticsConfigSchema>;

/** Reads and checks statistics' configuration; fails naming every bad variable. */
export function loadStatisticsConfig(env: Env = process.env): StatisticsConfig {
  return loadConfig(statisticsConfigSchema, env);
}
