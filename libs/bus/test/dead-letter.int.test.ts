import {
  CaseEvent,
  createKafka,
  createProducer,
  ensureTopics,
  EventConsumer,
  headerValue,
  toKafkaMessage,
} from '@xinfang/bus';
import { closeStore, connectStore } from '@xinfang/store';
import { Consumer, IHeaders, Kafka, Producer } from 'kafkajs';
import { Connection } from 'mongoose';
import { KAFKA_BROKERS, MONGO_URL, runId, testLogger, waitFor } from './support';

jest.setTimeout(120_000);

const RUN = runId();
const TOPIC = `test.dlt.${RUN}`;
const DLT = `${TOPIC}.dlt`;
const GROUP = `test-dlt-${RUN}`;

let conn: Connection;
let kafka: Kafka;
let producer: Producer;
let consumer: EventConsumer<{ n: number; poison?: boolean }>;
let dltReader: Consumer;
const attempts = new Map<number, number>();
const handled: number[] = [];
const deadLetters: Array<{ key: string | null; value: string | null; headers: IHeaders }> = [];

const event = (n: number, poison = false): CaseEvent<{ n: number; poison?: boolean }> => ({
  id: `${RUN}-${n}`,
  type: 'xinfang.case.v1.CaseAccepted',
  source: 'xinfang/test',
  time: new Date().toISOString(),
  subject: 'case-dlt',
  tenantId: '441481',
  regionPath: '/440000/441400/441481',
  data: poison ? { n, poison } : { n },
});

beforeAll(async () => {
  conn = await connectStore({ url: MONGO_URL, dbName: `bus_dlt_${RUN}` });
  kafka = createKafka({ brokers: KAFKA_BROKERS, clientId: `test-${RUN}`, logger: testLogger });
  await ensureTopics(kafka, [
    { topic: TOPIC, numPartitions: 3 },
    { topic: DLT, numPartitions: 1 },
  ]);
  producer = createProducer(kafka);
  await producer.connect();
  consumer = new EventConsumer({
    kafka,
    groupId: GROUP,
    topics: [TOPIC],
    connection: conn,
    logger: { ...testLogger, error: () => undefined },
    deadLetterTopic: DLT,
    maxRetries: 2,
    retryBackoffMs: 50,
    consumerConfig: { sessionTimeout: 10_000, heartbeatInterval: 1_000, maxWaitTimeInMs: 200 },
    handle: async (e) => {
      attempts.set(e.data.n, (attempts.get(e.data.n) ?? 0) + 1);
      if (e.data.poison) throw new Error(`cannot apply event ${e.data.n}`);
      handled.push(e.data.n);
    },
  });
  dltReader = kafka.consumer({
    groupId: `${GROUP}-reader`,
    sessionTimeout: 10_000,
    heartbeatInterval: 1_000,
    maxWaitTimeInMs: 200,
  });
  await dltReader.connect();
  await dltReader.subscribe({ topic: DLT, fromBeginning: true });
  await dltReader.run({
    eachMessage: async ({ message }) => {
      deadLetters.push({
        key: message.key?.toString() ?? null,
        value: message.value?.toString() ?? null,
        headers: message.headers ?? {},
      });
    },
  });
  await consumer.start();
});

afterAll(async () => {
  await consumer?.stop();
  await dltReader?.disconnect();
  await producer?.disconnect();
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [TOPIC, DLT] }).catch(() => undefined);
  await admin.disconnect();
  await conn?.dropDatabase();
  if (conn) await closeStore(conn);
});

it('(c) dead-letters a poison message after maxRetries, with the error, and later messages still flow', async () => {
  await producer.send({
    topic: TOPIC,
    acks: -1,
    messages: [toKafkaMessage(event(1)), toKafkaMessage(event(2, true)), toKafkaMessage(event(3))],
  });
  await producer.send({
    topic: TOPIC,
    acks: -1,
    messages: [{ key: 'case-dlt', value: 'not an event', headers: { ce_id: 'broken' } }],
  });
  await producer.send({ topic: TOPIC, acks: -1, messages: [toKafkaMessage(event(4))] });

  await waitFor(
    () => handled.length === 3 && deadLetters.length === 2,
    'the good events and two dead letters',
  );
  expect(handled).toEqual([1, 3, 4]);
  expect(attempts.get(2)).toBe(3);

  const poison = deadLetters.find((d) => headerValue(d.headers, 'ce_id') === `${RUN}-2`)!;
  expect(poison.key).toBe('case-dlt');
  expect(JSON.parse(poison.value!)).toEqual({ n: 2, poison: true });
  const h = (name: string) => headerValue(poison.headers, name);
  expect(h('dlt_error')).toBe('Error: cannot apply event 2');
  expect(h('dlt_group')).toBe(GROUP);
  expect(h('dlt_original_topic')).toBe(TOPIC);
  expect(Number(h('dlt_original_partition'))).toBeGreaterThanOrEqual(0);
  expect(Number(h('dlt_original_offset'))).toBeGreaterThanOrEqual(0);
  expect(h('dlt_attempts')).toBe('3');
  expect(h('ce_type')).toBe('xinfang.case.v1.CaseAccepted');

  const broken = deadLetters.find((d) => headerValue(d.headers, 'ce_id') === 'broken')!;
  expect(broken.value).toBe('not an event');
  expect(headerValue(broken.headers, 'dlt_error')).toMatch(
    /^ValidationError: .*ce_specversion: header is missing/,
  );
  expect(headerValue(broken.headers, 'dlt_attempts')).toBe('0');
});

it('skips an event it has already processed', async () => {
  await producer.send({
    topic: TOPIC,
    acks: -1,
    messages: [toKafkaMessage(event(1)), toKafkaMessage(event(5))],
  });
  await waitFor(() => handled.includes(5), 'event 5');
  expect(handled).toEqual([1, 3, 4, 5]);
});
