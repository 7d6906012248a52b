#!/usr/bin/env node
// Rebuilds the statistics projection from the case-event topic into fresh collections and
// switches the running service to them: `node dist/rebuild.js [--no-switch]`.
import { createKafka } from '@xinfang/bus';
import { ConfigError } from '@xinfang/config';
import { closeStore, connectStore } from '@xinfang/store';
import { createLogger } from '@xinfang/telemetry';
import { rebuildProjection } from './infrastructure/events/rebuild';
import { loadStatisticsConfig } from './infrastructure/config';

async function main(): Promise<void> {
  let config;
  try {
    config = loadStatisticsConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  const logger = createLogger(`${config.OTEL_SERVICE_NAME}-rebuild`, config.LOG_LEVEL);
  const connection = await connectStore({ url: config.MONGO_URL, dbName: config.MONGO_DB, logger });
  const kafka = createKafka({
    brokers: config.KAFKA_BROKERS,
    clientId: `${config.KAFKA_CLIENT_ID}-rebuild`,
    logger,
  });
  try {
    const result = await rebuildProjection({
      connection,
      kafka,
      logger,
      config,
      switchWhenDone: !process.argv.includes('--no-switch'),
    });
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await closeStore(connection);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`rebuild failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
