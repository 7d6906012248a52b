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

/** Every environment variable hearing reads (one key each; see the service README). */
export const hearingConfigSchema = z.object({
  ...commonServiceConfig,
  ...serviceDefaults({ name: 'hearing', httpPort: 8104, grpcPort: 9104 }),
  /** Public case-event topic hearing publishes to and reads replies and registrations from. */
  CASE_EVENTS_TOPIC: text().default(CASE_EVENTS_TOPIC),
  CASE_EVENTS_DLT: text().default(CASE_EVENTS_DLT),
  /** Consumer group of the case-event consumer. */
  HEARING_CONSUMER_GROUP: text().default('hearing'),
  /** Province whose region tree (libs/kernel/data/regions/<code>.json) the deployment serves. */
  REGION_PROVINCE: text().default('440000'),
  /** Calendar days of notice before a hearing (public notice for public hearings). */
  HEARING_NOTICE_DAYS: int({ min: 0, max: 90, default: 3 }),
  /** Wait between outbox polls when there was nothing to publish. */
  OUTBOX_POLL_INTERVAL: durationMs(250),
  /** Requests per client IP and minute on the public notice board. */
  PUBLIC_RATE_LIMIT: int({ min: 1, max: 100_000, default: 60 }),
});

export type HearingConfig = z.output<typeof hearingConfigSchema>;

/** Reads and checks hearing's configuration; fails naming every bad variable. */
export function loadHearingConfig(env: Env = process.env): HearingConfig {
  return loadConfig(hearingConfigSchema, env);
}
