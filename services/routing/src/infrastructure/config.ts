import { CASE_EVENTS_DLT, CASE_EVENTS_TOPIC } from '@xinfang/contracts';
import {
  commonServiceConfig,
  durationMs,
  loadConfig,
  serviceDefaults,
  text,
  type Env,
} from '@xinfang/config';
import { z } from 'zod';

/** Every environment variable routing reads (one key each; see the service README). */
export const routingConfigSchema = z.object({
  ...commonServiceConfig,
  ...serviceDefaults({ name: 'routing', httpPort: 8102, grpcPort: 9102 }),
  /** Public case-event topic: routing consumes CaseRegistered and publishes its steps there. */
  CASE_EVENTS_TOPIC: text().default(CASE_EVENTS_TOPIC),
  CASE_EVENTS_DLT: text().default(CASE_EVENTS_DLT),
  /** Consumer group of the CaseRegistered consumer. */
  ROUTING_CONSUMER_GROUP: text().default('routing'),
  /** Wait between outbox polls when there was nothing to publish. */
  OUTBOX_POLL_INTERVAL: durationMs(250),
});

export type RoutingConfig = z.output<typeof routingConfigSchema>;

/** Reads and checks routing's configuration; fails naming every bad variable. */
export function loadRoutingConfig(env: Env = process.env): RoutingConfig {
  return loadConfig(routingConfigSchema, env);
}
