import { telemetry } from './instrumentation';
import { createKafka, createProducer } from '@xinfang/bus';
import { ConfigError } from '@xinfang/config';
import {
  createGrpcServer,
  httpServerCloser,
  KeycloakTokenVerifier,
  listenHttp,
  runService,
} from '@xinfang/service-kit';
import { closeStore, connectStore } from '@xinfang/store';
import { createLogger } from '@xinfang/telemetry';
import { createService } from './app';
import { loadSupervisionConfig, type SupervisionConfig } from './infrastructure/config';

function configOrExit(): SupervisionConfig {
  try {
    return loadSupervisionConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
}

/** The supervision process: the only place that reads the environment and listens. */
async function main(): Promise<void> {
  const config = configOrExit();
  const logger = createLogger(config.OTEL_SERVICE_NAME, config.LOG_LEVEL);
  await runService({
    logger,
    start: async (lifecycle) => {
      lifecycle.add({ name: 'telemetry', close: () => telemetry.shutdown() });
      const connection = await connectStore({
        url: config.MONGO_URL,
        dbName: config.MONGO_DB,
        logger,
      });
      lifecycle.add({ name: 'mongo', close: () => closeStore(connection) });
      const kafka = createKafka({
        brokers: config.KAFKA_BROKERS,
        clientId: config.KAFKA_CLIENT_ID,
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
      const parts = await createService({ connection, kafka, producer, verifier, logger, config });
      for (const worker of parts.workers) {
        await worker.start();
        lifecycle.add({ name: worker.name, close: () => worker.stop() });
      }
      const grpcServer = createGrpcServer({
        services: parts.grpc,
        auth: verifier,
        logger,
        serviceName: 'supervision',
      });
      await grpcServer.listen(config.GRPC_PORT);
      lifecycle.add(grpcServer.closer());
      const server = await listenHttp(parts.http, config.HTTP_PORT);
      lifecycle.add(httpServerCloser(server));
      logger.info(
        { httpPort: config.HTTP_PORT, grpcPort: config.GRPC_PORT },
        'supervision listening',
      );
    },
  });
}

void main();
