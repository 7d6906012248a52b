import { Logger } from '@xinfang/store';
import {
  ITopicConfig,
  Kafka,
  KafkaConfig,
  logLevel,
  LogEntry,
  Partitioners,
  Producer,
  ProducerConfig,
} from 'kafkajs';

export type BusLogLevel = 'error' | 'warn' | 'info' | 'debug';

export interface CreateKafkaOptions {
  /** Broker addresses, as a list or comma-separated (`KAFKA_BROKERS`). */
  brokers: string[] | string;
  clientId: string;
  logger: Logger;
  /** kafkajs log level passed to the logger (default `warn`; kafkajs is chatty at info). */
  logLevel?: BusLogLevel;
  ssl?: KafkaConfig['ssl'];
  sasl?: KafkaConfig['sasl'];
  connectionTimeout?: number;
  requestTimeout?: number;
  retry?: KafkaConfig['retry'];
}

const LEVELS: Record<BusLogLevel, logLevel> = {
  error: logLevel.ERROR,
  warn: logLevel.WARN,
  info: logLevel.INFO,
  debug: logLevel.DEBUG,
};

/** A kafkajs log creator writing through the service logger. */
export function kafkaLogCreator(logger: Logger) {
  return () =>
    ({ namespace, level, log }: LogEntry): void => {
      const {
        message,
        timestamp: _timestamp,
        logger: _logger,
        level: _level,
        label: _label,
        ...context
      } = log as LogEntry['log'] & {
        level?: unknown;
        label?: unknown;
      };
      const fields = { ...context, kafka: namespace };
      if (level <= logLevel.ERROR) logger.error(fields, message);
      else if (level === logLevel.WARN) logger.warn(fields, message);
      else if (level === logLevel.INFO) logger.info(fields, message);
      else logger.debug(fields, message);
    };
}

export function parseBrokers(brokers: string[] | string): string[] {
  const list = (Array.isArray(brokers) ? brokers : brokers.split(','))
    .map((b) => b.trim())
    .filter(Boolean);
  if (list.length === 0) throw new Error('no Kafka brokers configured');
  return list;
}

export function createKafka(options: CreateKafkaOptions): Kafka {
  return new Kafka({
    clientId: options.clientId,
    brokers: parseBrokers(options.brokers),
    logLevel: LEVELS[options.logLevel ?? 'warn'],
    logCreator: kafkaLogCreator(options.logger),
    ...(options.ssl === undefined ? {} : { ssl: options.ssl }),
    ...(options.sasl === undefined ? {} : { sasl: options.sasl }),
    ...(options.connectionTimeout === undefined
      ? {}
      : { connectionTimeout: options.connectionTimeout }),
    ...(options.requestTimeout === undefined ? {} : { requestTimeout: options.requestTimeout }),
    ...(options.retry === undefined ? {} : { retry: options.retry }),
  });
}

/**
 * A producer for events: idempotent (the broker drops the duplicates its own retries would
 * create), one request in flight so retries cannot reorder a partition, and the Java-compatible
 * partitioner so a case id lands on the same partition as with any other client.
 */
export function createProducer(kafka: Kafka, config: ProducerConfig = {}): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
    ...config,
  });
}

export interface TopicSpec {
  topic: string;
  numPartitions?: number;
  replicationFactor?: number;
  configEntries?: ITopicConfig['configEntries'];
}

/** Creates the topics that do not exist yet and waits for their leaders. */
export async function ensureTopics(kafka: Kafka, topics: TopicSpec[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.topic));
    if (missing.length === 0) return;
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((t) => ({
        topic: t.topic,
        numPartitions: t.numPartitions ?? 3,
        replicationFactor: t.replicationFactor ?? -1,
        ...(t.configEntries ? { configEntries: t.configEntries } : {}),
      })),
    });
  } finally {
    await admin.disconnect();
  }
}
