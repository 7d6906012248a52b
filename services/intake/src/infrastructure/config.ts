import { CASE_EVENTS_DLT, CASE_EVENTS_TOPIC } from '@xinfang/contracts';
import {
  commonServiceConfig,
  csv,
  durationMs,
  int,
  serviceDefaults,
  text,
  type Env,
  loadConfig,
} from '@xinfang/config';
import { z } from 'zod';

/** Every environment variable intake reads (one key each; see the service README). */
export const intakeConfigSchema = z.object({
  ...commonServiceConfig,
  ...serviceDefaults({ name: 'intake', httpPort: 8101, grpcPort: 9101 }),
  /** Public case-event topic intake publishes to and mirrors progress from. */
  CASE_EVENTS_TOPIC: text().default(CASE_EVENTS_TOPIC),
  CASE_EVENTS_DLT: text().default(CASE_EVENTS_DLT),
  /** Consumer group of the progress consumer. */
  INTAKE_CONSUMER_GROUP: text().default('intake'),
  /** Province whose region tree (libs/kernel/data/regions/<code>.json) the deployment serves. */
  REGION_PROVINCE: text().default('440000'),
  /** Requests per client IP and minute on each portal route (submit, track, rate). */
  PORTAL_RATE_LIMIT: int({ min: 1, max: 100_000, default: 20 }),
  /** Wait between outbox polls when there was nothing to publish. */
  OUTBOX_POLL_INTERVAL: durationMs(250),
  /** Version of the ID-number/phone encryption key in PII_ENCRYPTION_KEY (for key rotation). */
  PII_KEY_ID: z
    .string()
    .trim()
    .regex(/^[a-z0-9]{1,16}$/, 'must be 1-16 lower-case letters or digits')
    .default('k1'),
  /**
   * Earlier encryption keys still needed to read old values while they are re-encrypted:
   * `keyId:base64,keyId:base64`.
   */
  PII_PREVIOUS_KEYS: csv({ default: [] }),
  /** Usernames of the service clients allowed to read petitioners' contacts in clear (gRPC). */
  CONTACT_READER_CLIENTS: csv({ default: ['service-account-xinfang-notification'] }),
});

export type IntakeConfig = z.output<typeof intakeConfigSchema>;

/** Reads and checks intake's configuration; fails naming every bad variable. */
export function loadIntakeConfig(env: Env = process.env): IntakeConfig {
  return loadConfig(intakeConfigSchema, env);
}
