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

/** Every environment variable supervision reads (one key each; see the service README). */
export const supervisionConfigSchema = z.object({
  ...commonServiceConfig,
  ...serviceDefaults({ name: 'supervision', httpPort: 8103, grpcPort: 9103 }),
  /** Public case-event topic supervision consumes and publishes to. */
  CASE_EVENTS_TOPIC: text().default(CASE_EVENTS_TOPIC),
  CASE_EVENTS_DLT: text().default(CASE_EVENTS_DLT),
  /** Consumer group of the case-event consumer. */
  SUPERVISION_CONSUMER_GROUP: text().default('supervision'),
  /** Wait between sweeps of due clocks when the last sweep found nothing. */
  SWEEP_INTERVAL: durationMs(30_000),
  /** Clocks claimed per sweep. */
  SWEEP_BATCH: int({ min: 1, max: 10_000, default: 200 }),
  /** How long a claimed clock stays with this replica; a crashed replica's claims free after it. */
  LEASE_MS: durationMs(60_000),
  /** Wait between backlog scans (积案: every tenant's open cases against the backlog rules). */
  BACKLOG_SCAN_INTERVAL: durationMs(24 * 60 * 60 * 1000),
  /** Wait between outbox polls when there was nothing to publish. */
  OUTBOX_POLL_INTERVAL: durationMs(250),
});

export type SupervisionConfig = z.output<typeof supervisionConfigSchema>;

/** Reads and checks supervision's configuration; fails naming every bad variable. */
export function loadSupervisionConfig(env: Env = process.env): SupervisionConfig {
  return loadConfig(supervisionConfigSchema, env);
}
