// Starts one xinfang service in the test process against the real servers (MONGO_URL,
// KAFKA_BROKERS, KEYCLOAK_URL; see tests/support/integration-env.js): a database of its own per
// call, ephemeral HTTP and gRPC ports, the service's workers running. Every service's
// integration tests and the end-to-end proof use it; do not fork it.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createKafka, createProducer } from '@xinfang/bus';
import { loadConfig } from '@xinfang/config';
import {
  createGrpcServer,
  KeycloakTokenVerifier,
  listenHttp,
  type GrpcServer,
  type GrpcServiceRegistration,
  type Logger,
  type TokenVerifier,
} from '@xinfang/service-kit';
import { closeStore, connectStore } from '@xinfang/store';
import type { Express } from 'express';
import type { Kafka, Producer } from 'kafkajs';
import type { Connection } from 'mongoose';
import type { z } from 'zod';

/** What every service's config has (commonServiceConfig). */
export interface HarnessConfig {
  MONGO_URL: string;
  MONGO_DB: string;
  KAFKA_BROKERS: string[];
  KAFKA_CLIENT_ID?: string;
  KEYCLOAK_URL: string;
  KEYCLOAK_REALM: string;
  KEYCLOAK_AUDIENCE: string;
}

/** The dependencies `createService(deps)` takes (STYLE: composition shape of every service). */
export interface HarnessDeps<C> {
  connection: Connection;
  kafka: Kafka;
  producer: Producer;
  verifier: TokenVerifier;
  logger: Logger;
  config: C;
  clock?: () => Date;
}

export interface HarnessWorker {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** What `createService` returns. */
export interface HarnessParts {
  readonly http: Express;
  readonly grpc: readonly GrpcServiceRegistration[];
  readonly workers: readonly HarnessWorker[];
}

export interface StartServiceOptions<S extends z.ZodObject> {
  /** Short service name (`intake`); names the database and the Kafka client. */
  name: string;
  /** The service's config schema; read from the environment merged with `env`. */
  schema: S;
  /** Variables that override the environment for this service, e.g. a topic of its own. */
  env?: Record<string, string | undefined>;
  clock?: () => Date;
  /** Start the workers (relays, consumers); default true. */
  startWorkers?: boolean;
  /** Keep the database after `stop()` (to look at it); default false. */
  keepDatabase?: boolean;
}

export interface RunningService<C, P extends HarnessParts> {
  /** `http://127.0.0.1:<port>`. */
  readonly baseUrl: string;
  /** `127.0.0.1:<port>`. */
  readonly grpcAddress: string;
  readonly parts: P;
  readonly config: C;
  readonly connection: Connection;
  readonly kafka: Kafka;
  readonly producer: Producer;
  readonly logger: Logger;
  /** Stops workers, servers and clients, and drops the database unless kept. */
  stop(): Promise<void>;
}

/** Unique per call, so databases, topics and groups of parallel runs never collide. */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${process.pid.toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** Quiet unless TEST_LOG is set; errors are always shown. */
export function testLogger(name: string): Logger {
  const show = Boolean(process.env.TEST_LOG);
  const line =
    (level: string) =>
    (obj: object | string, msg?: string): void => {
      if (level === 'error' || show)
        console.error(
          `[${name}] ${level}: ${msg ?? ''}`,
          typeof obj === 'string' ? obj : JSON.stringify(obj),
        );
    };
  return { error: line('error'), warn: line('warn'), info: line('info'), debug: () => undefined };
}

/** Builds the service from real dependencies and serves it on ephemeral ports. */
export async function startService<S extends z.ZodObject, P extends HarnessParts>(
  createService: (deps: HarnessDeps<z.output<S>>) => Promise<P>,
  options: StartServiceOptions<S>,
): Promise<RunningService<z.output<S>, P>> {
  const suffix = uniqueSuffix();
  const config = loadConfig(options.schema, {
    ...process.env,
    MONGO_DB: `test_${options.name.replace(/[^a-z0-9]/gi, '_')}_${suffix}`,
    KAFKA_CLIENT_ID: `test-${options.name}-${suffix}`,
    ...options.env,
  }) as z.output<S> & HarnessConfig;
  const logger = testLogger(options.name);
  const closers: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const close of closers.reverse()) {
      await close().catch((err: unknown) => logger.error({ err: String(err) }, 'stop failed'));
    }
    closers.length = 0;
  };
  try {
    const connection = await connectStore({
      url: config.MONGO_URL,
      dbName: config.MONGO_DB,
      logger,
      attempts: 2,
    });
    closers.push(async () => {
      if (!options.keepDatabase) await connection.dropDatabase().catch(() => undefined);
      await closeStore(connection);
    });
    const kafka = createKafka({
      brokers: config.KAFKA_BROKERS,
      clientId: config.KAFKA_CLIENT_ID ?? `test-${options.name}`,
      logger,
    });
    const producer = createProducer(kafka);
    await producer.connect();
    closers.push(() => producer.disconnect());
    const verifier = new KeycloakTokenVerifier({
      url: config.KEYCLOAK_URL,
      realm: config.KEYCLOAK_REALM,
      audience: config.KEYCLOAK_AUDIENCE,
    });
    const parts = await createService({
      connection,
      kafka,
      producer,
      verifier,
      logger,
      config,
      ...(options.clock ? { clock: options.clock } : {}),
    });
    if (options.startWorkers ?? true) {
      for (const worker of parts.workers) {
        await worker.start();
        closers.push(() => worker.stop());
      }
    }
    const grpcServer: GrpcServer = createGrpcServer({
      services: parts.grpc,
      auth: verifier,
      logger,
      serviceName: options.name,
    });
    const grpcPort = await grpcServer.listen(0, '127.0.0.1');
    closers.push(() => grpcServer.shutdown(1_000));
    const server: Server = await listenHttp(parts.http, 0, '127.0.0.1');
    closers.push(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    );
    const { port } = server.address() as AddressInfo;
    return {
      baseUrl: `http://127.0.0.1:${port}`,
      grpcAddress: `127.0.0.1:${grpcPort}`,
      parts,
      config,
      connection,
      kafka,
      producer,
      logger,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
