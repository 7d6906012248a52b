import { createKafka, createProducer } from '@xinfang/bus';
import { ConfigError } from '@xinfang/config';
import { closeStore, connectStore } from '@xinfang/store';
import { createLogger } from '@xinfang/telemetry';
import type { Express } from 'express';
import type { Kafka, Producer } from 'kafkajs';
import type { Connection } from 'mongoose';
import { KeycloakTokenVerifier } from './auth/keycloak-token-verifier';
import type { TokenVerifier } from './auth/token-verifier';
import { createGrpcServer, type GrpcServiceRegistration } from './grpc/server';
import { httpServerCloser, listenHttp } from './http/listen';
import { runService } from './lifecycle';
import type { Logger } from './logger';

/** The configuration every service process has (`commonServiceConfig` of @xinfang/config). */
export interface ProcessConfig {
  readonly OTEL_SERVICE_NAME: string;
  readonly LOG_LEVEL: string;
  readonly HTTP_PORT: number;
  readonly GRPC_PORT: number;
  readonly MONGO_URL: string;
  readonly MONGO_DB: string;
  readonly KAFKA_BROKERS: string[];
  readonly KAFKA_CLIENT_ID?: string;
  readonly KEYCLOAK_URL: string;
  readonly KEYCLOAK_REALM: string;
  readonly KEYCLOAK_AUDIENCE: string;
}

/** What `createService(deps)` of every service receives. */
export interface ServiceDeps<C> {
  readonly connection: Connection;
  readonly kafka: Kafka;
  /** Connected; owned by the caller. */
  readonly producer: Producer;
  readonly verifier: TokenVerifier;
  readonly logger: Logger;
  readonly config: C;
  readonly clock?: () => Date;
}

/** Background work (relays, consumers, sweepers), started after the servers listen. */
export interface Worker {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** What `createService` of every service returns: nothing listens yet. */
export interface ServiceParts {
  readonly http: Express;
  readonly grpc: readonly GrpcServiceRegistration[];
  readonly workers: readonly Worker[];
}

export interface ServiceProcessOptions<C extends ProcessConfig> {
  /** Short service name (`intake`). */
  readonly name: string;
  /** Started by the entry file before anything else was imported. */
  readonly telemetry: { shutdown(): Promise<void> };
  readonly loadConfig: () => C;
  readonly createService: (deps: ServiceDeps<C>) => Promise<ServiceParts>;
}

/**
 * The whole life of a service process, the same for every service: configuration (a bad variable
 * ends the process naming it), store, Kafka producer, token verifier, the service's parts, the
 * workers, gRPC and HTTP listening, and graceful shutdown in reverse order on SIGTERM.
 */
export function runServiceProcess<C extends ProcessConfig>(
  options: ServiceProcessOptions<C>,
): void {
  let config: C;
  try {
    config = options.loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  const logger = createLogger(config.OTEL_SERVICE_NAME, config.LOG_LEVEL);
  void runService({
    logger,
    start: async (lifecycle) => {
      lifecycle.add({ name: 'telemetry', close: () => options.telemetry.shutdown() });
      const connection = await connectStore({
        url: config.MONGO_URL,
        dbName: config.MONGO_DB,
        logger,
      });
      lifecycle.add({ name: 'mongo', close: () => closeStore(connection) });
      const kafka = createKafka({
        brokers: config.KAFKA_BROKERS,
        clientId: config.KAFKA_CLIENT_ID ?? `xinfang-${options.name}`,
        logger,
      });
      const producer = createProducer(kafka);
      await producer.connect();
      lifecycle.add({ name: 'kafka producer', close: () => producer.disconnect() });
      const verifier = new KeycloakTokenVerifier({
        url: config.KEYCLOAK_URL,
        realm: config.KEYCLOAK_REALM,
        audience: config.KEYCLOAK_AUDIENCE,
      });
      const parts = await options.createService({
        connection,
        kafka,
        producer,
        verifier,
        logger,
        config,
      });
      for (const worker of parts.workers) {
        await worker.start();
        lifecycle.add({ name: worker.name, close: () => worker.stop() });
      }
      const grpcServer = createGrpcServer({
        services: parts.grpc,
        auth: verifier,
        logger,
        serviceName: options.name,
      });
      await grpcServer.listen(config.GRPC_PORT);
      lifecycle.add(grpcServer.closer());
      const server = await listenHttp(parts.http, config.HTTP_PORT);
      lifecycle.add(httpServerCloser(server));
      logger.info(
        { httpPort: config.HTTP_PORT, grpcPort: config.GRPC_PORT },
        `${options.name} listening`,
      );
    },
  });
}
