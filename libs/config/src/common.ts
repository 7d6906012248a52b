import { z } from 'zod';
import { devDefault } from './config';
import { base64Key, csv, logLevel, mongoUrl, oneOf, optionalUrl, port, text, url } from './fields';

// Fixed, public keys for development and tests only: data encrypted with them is not protected.
const DEV_PII_ENCRYPTION_KEY = Buffer.from('xinfang-dev-pii-encryption-key-1').toString('base64');
const DEV_PII_HASH_KEY = Buffer.from('xinfang-dev-pii-hash-key-0000001').toString('base64');

/**
 * The variables every service reads. Spread it into the service's own schema and override the
 * entries that have per-service defaults (see `serviceDefaults`):
 *
 *   const schema = z.object({
 *     ...commonServiceConfig,
 *     ...serviceDefaults({ name: 'intake', httpPort: 8101, grpcPort: 9101 }),
 *     INTAKE_MAX_ATTACHMENT_BYTES: int({ min: 1, default: 10_485_760 }),
 *   });
 *
 * PII_ENCRYPTION_KEY and PII_HASH_KEY (base64 of 32 bytes, yielded as Buffers) must be set when
 * NODE_ENV=production; otherwise they fall back to fixed development keys, so charts and
 * production manifests must set NODE_ENV=production.
 */
export const commonServiceConfig = {
  NODE_ENV: oneOf(['development', 'test', 'production'], 'development'),
  OTEL_SERVICE_NAME: text(),
  HTTP_PORT: port(),
  GRPC_PORT: port(),
  MONGO_URL: mongoUrl(),
  MONGO_DB: text(),
  /** host:port list of the Kafka bootstrap brokers. */
  KAFKA_BROKERS: csv({ min: 1 }),
  /** Defaults to the service name where the service reads it. */
  KAFKA_CLIENT_ID: text().optional(),
  KEYCLOAK_URL: url(),
  KEYCLOAK_REALM: text().default('xinfang'),
  /** The audience access tokens must carry to be accepted. */
  KEYCLOAK_AUDIENCE: text().default('xinfang-api'),
  /** The service's own client (client-credentials grant) for calls to other services. */
  KEYCLOAK_CLIENT_ID: text().optional(),
  KEYCLOAK_CLIENT_SECRET: text().optional(),
  LOG_LEVEL: logLevel('info'),
  /** OTLP/HTTP collector; traces and metrics are exported only when set. */
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalUrl(),
  PII_ENCRYPTION_KEY: devDefault(base64Key(32), DEV_PII_ENCRYPTION_KEY),
  PII_HASH_KEY: devDefault(base64Key(32), DEV_PII_HASH_KEY),
};

export type CommonServiceConfig = z.output<z.ZodObject<typeof commonServiceConfig>>;

export interface ServiceDefaults {
  /** Short service name, e.g. `intake`. */
  name: string;
  httpPort: number;
  grpcPort: number;
}

/** Per-service defaults: service name, ports, database `xinfang_<name>`, Kafka client id. */
export function serviceDefaults(defaults: ServiceDefaults) {
  return {
    OTEL_SERVICE_NAME: text().default(defaults.name),
    HTTP_PORT: port(defaults.httpPort),
    GRPC_PORT: port(defaults.grpcPort),
    MONGO_DB: text().default(`xinfang_${defaults.name}`),
    KAFKA_CLIENT_ID: text().default(`xinfang-${defaults.name}`),
  };
}
