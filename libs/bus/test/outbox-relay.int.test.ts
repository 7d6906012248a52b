import { principalFromClaims, runAsSystem, runWithContext } from '@xinfang/principal';
import {
  appliedEventsPlugin,
  applyOnce,
  ApplyOnceResult,
  AppliedEvents,
  CaseEvent,
  createKafka,
  createProducer,
  DeliveryInfo,
  ensureTopics,
  EventConsumer,
  inboxModel,
  OutboxMethods,
  Outboxed,
  outboxPlugin,
  OutboxRelay,
  withEvents,
} from '@xinfang/bus';
import { closeStore, connectStore, modifyWithLock, Tenanted, tenancyPlugin } from '@xinfang/store';
import { Admin, Kafka, Producer } from 'kafkajs';
import { Connection, Model, Schema } from 'mongoose';
import {
  caughtUp,
  KAFKA_BROKERS,
  MONGO_URL,
  recordsIn,
  runId,
  testLogger,
  waitFor,
} from './support';

jest.setTimeout(120_000);

interface Case extends Tenanted, Outboxed {
  _id: string;
  status: string;
  saves: number[];
}
type CaseModel = Model<Case, object, OutboxMethods>;

interface Effect extends Tenanted, AppliedEvents {
  _id: string;
  applied: number;
}

const RUN = runId();
const TOPIC = `test.relay.${RUN}`;
const GROUP = `test-relay-${RUN}`;
const TOWNSHIP = '/440000/441400/441481/441481001';
const clerk = principalFromClaims({
  sub: 'c1',
  preferred_username: 'clerk.441481',
  regions: ['/440000/441400/441481'],
  realm_access: { roles: ['clerk'] },
});
const asClerk = <T>(fn: () => Promise<T>): Promise<T> =>
  runWithContext({ principal: clerk, requestId: 'r1' }, fn);

let conn: Connection;
let kafka: Kafka;
let admin: Admin;
let producer: Producer;
let consumer: EventConsumer<{ seq?: number }>;
let Cases: CaseModel;
let Effects: Model<Effect>;
const received: Array<{
  event: CaseEvent<{ seq?: number }>;
  delivery: DeliveryInfo;
  result: ApplyOnceResult;
}> = [];
const relays: OutboxRelay[] = [];

const relay = (
  overrides: Partial<ConstructorParameters<typeof OutboxRelay>[0]> = {},
): OutboxRelay => {
  const r = new OutboxRelay({
    models: [Cases],
    producer,
    topic: TOPIC,
    source: 'xinfang/test',
    logger: testLogger,
    pollIntervalMs: 50,
    ...overrides,
  });
  relays.push(r);
  return r;
};
const handled = (subject: string) => received.filter((r) => r.event.subject === subject);
const effectOf = (id: string) => runAsSystem('test', () => Effects.findById(id).lean().exec());
const caseOf = (id: string) => runAsSystem('test', () => Cases.findById(id).lean().exec());

beforeAll(async () => {
  conn = await connectStore({ url: MONGO_URL, dbName: `bus_relay_${RUN}` });
  const caseSchema = new Schema<Case, CaseModel, OutboxMethods>({
    _id: String,
    status: String,
    saves: { type: [Number], default: [] },
  });
  caseSchema.plugin(tenancyPlugin);
  caseSchema.plugin(outboxPlugin);
  Cases = conn.model<Case, CaseModel>('Case', caseSchema);
  const effectSchema = new Schema<Effect>({ _id: String, applied: { type: Number, default: 0 } });
  effectSchema.plugin(tenancyPlugin);
  effectSchema.plugin(appliedEventsPlugin);
  Effects = conn.model<Effect>('Effect', effectSchema);
  await Promise.all([Cases.init(), Effects.init()]);

  kafka = createKafka({ brokers: KAFKA_BROKERS, clientId: `test-${RUN}`, logger: testLogger });
  await ensureTopics(kafka, [{ topic: TOPIC, numPartitions: 3 }]);
  admin = kafka.admin();
  await admin.connect();
  producer = createProducer(kafka);
  await producer.connect();

  consumer = new EventConsumer<{ seq?: number }>({
    kafka,
    groupId: GROUP,
    topics: [TOPIC],
    connection: conn,
    logger: testLogger,
    deadLetterTopic: `${TOPIC}.dlt`,
    consumerConfig: { sessionTimeout: 10_000, heartbeatInterval: 1_000, maxWaitTimeInMs: 200 },
    handle: async (event, delivery) => {
      const result = await applyOnce(
        Effects,
        { _id: event.subject },
        event.id,
        { $inc: { applied: 1 }, $setOnInsert: { regionPath: event.regionPath } },
        { upsert: true },
      );
      received.push({ event, delivery, result });
    },
  });
  await consumer.start();
});

afterAll(async () => {
  await Promise.all(relays.map((r) => r.stop()));
  await consumer?.stop();
  await producer?.disconnect();
  await admin?.deleteTopics({ topics: [TOPIC] }).catch(() => undefined);
  await admin?.disconnect();
  await conn?.dropDatabase();
  if (conn) await closeStore(conn);
});

it('(a) delivers a saved aggregate’s events to a consumer with the CloudEvents headers', async () => {
  const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
  const registered = await asClerk(async () => {
    const doc = new Cases({ _id: `a-${RUN}`, status: 'registered', regionPath: TOWNSHIP });
    const e = doc.recordEvent({
      type: 'xinfang.case.v1.CaseRegistered',
      data: { seq: 0 },
      traceparent,
    });
    await doc.save();
    return e;
  });
  const forwarded = {
    type: 'xinfang.case.v1.CaseForwarded',
    subject: `a-${RUN}`,
    data: { seq: 1 },
  };
  await asClerk(async () => {
    await Cases.updateOne(
      { _id: `a-${RUN}` },
      withEvents({ $set: { status: 'forwarded' } }, forwarded),
    ).exec();
  });
  expect(await caseOf(`a-${RUN}`)).toMatchObject({
    status: 'forwarded',
    outboxPending: true,
    outbox: [{ id: registered.id }, { type: forwarded.type }],
  });

  expect(await relay().drainOnce()).toBe(2);
  await waitFor(() => handled(`a-${RUN}`).length === 2, 'both events');

  const [first, second] = handled(`a-${RUN}`);
  expect(first!.delivery.key).toBe(`a-${RUN}`);
  expect(first!.delivery.headers).toEqual({
    ce_specversion: '1.0',
    ce_id: registered.id,
    ce_type: 'xinfang.case.v1.CaseRegistered',
    ce_source: 'xinfang/test',
    ce_time: registered.time.toISOString(),
    ce_subject: `a-${RUN}`,
    tenantid: '441481',
    regionpath: TOWNSHIP,
    'content-type': 'application/json',
    traceparent,
  });
  expect(first!.event.data).toEqual({ seq: 0 });
  expect(second!.event).toMatchObject({ type: 'xinfang.case.v1.CaseForwarded', data: { seq: 1 } });
  expect(await caseOf(`a-${RUN}`)).toMatchObject({ outbox: [], outboxPending: false });
  expect(await effectOf(`a-${RUN}`)).toMatchObject({ applied: 2, tenantId: '441481' });
});

class CrashAfterPublish extends OutboxRelay {
  protected override async acknowledge(): Promise<void> {
    throw new Error('relay died after publishing');
  }
}

it('(b) re-publishes after a crash between publish and removal, and the effect still happens once', async () => {
  const ids = [0, 1, 2].map((i) => `b${i}-${RUN}`);
  await asClerk(async () => {
    for (const id of ids) {
      const doc = new Cases({ _id: id, status: 'registered', regionPath: TOWNSHIP });
      doc.recordEvent({ type: 'xinfang.case.v1.CaseRegistered', data: {} });
      doc.recordEvent({ type: 'xinfang.case.v1.CaseForwarded', data: {} });
      await doc.save();
    }
  });
  const before = await recordsIn(admin, TOPIC);

  // With a lease, as a replica set would run; the restarted relay waits for it to lapse.
  const crashing = new CrashAfterPublish({
    models: [Cases],
    producer,
    topic: TOPIC,
    source: 'xinfang/test',
    logger: testLogger,
    leaseMs: 300,
  });
  await expect(crashing.drainOnce()).rejects.toThrow('relay died after publishing');
  expect(await recordsIn(admin, TOPIC)).toBe(before + 6);
  await waitFor(() => caughtUp(admin, GROUP, TOPIC), 'the consumer to process the first delivery');
  for (const id of ids)
    expect(await caseOf(id)).toMatchObject({ outboxPending: true, outbox: [{}, {}] });

  // The consumer, too, "died" after applying and before writing its inbox: only applyOnce stands
  // between the redelivered events and a second effect.
  await inboxModel(conn)
    .deleteMany({ _id: { $regex: `^${GROUP}:` } })
    .exec();

  await new Promise((resolve) => setTimeout(resolve, 400)); // the crashed relay's lease expires
  expect(await relay({ leaseMs: 300 }).drainOnce()).toBe(6);
  expect(await recordsIn(admin, TOPIC)).toBe(before + 12);
  await waitFor(() => caughtUp(admin, GROUP, TOPIC), 'the consumer to process the redelivery');

  for (const id of ids) {
    expect(handled(id).map((r) => r.result)).toEqual([
      'applied',
      'applied',
      'duplicate',
      'duplicate',
    ]); // handled twice …
    expect(await effectOf(id)).toMatchObject({ applied: 2 }); // … and applied once
    expect(await caseOf(id)).toMatchObject({ outbox: [], outboxPending: false });
  }
  expect(await relay().drainOnce()).toBe(0);
});

it('(d) keeps 50 events of one case in order through two relay replicas', async () => {
  const id = `d-${RUN}`;
  await asClerk(async () => {
    const doc = new Cases({ _id: id, status: 'registered', regionPath: TOWNSHIP });
    await doc.save();
  });
  for (let round = 0; round < 10; round++) {
    await asClerk(async () => {
      const doc = (await Cases.findById(id).exec())!;
      for (let i = 0; i < 5; i++)
        doc.recordEvent({ type: 'xinfang.case.v1.CaseProgressed', data: { seq: round * 5 + i } });
      await doc.save();
    });
  }
  expect((await caseOf(id))?.outbox).toHaveLength(50);
  const before = await recordsIn(admin, TOPIC);
  const replicas = [relay({ batchSize: 1 }), relay({ batchSize: 1 })];
  replicas.forEach((r) => r.start());
  await waitFor(async () => (await caseOf(id))?.outboxPending === false, 'the outbox to empty');
  await Promise.all(replicas.map((r) => r.stop()));
  await waitFor(() => caughtUp(admin, GROUP, TOPIC), 'the consumer to catch up');

  expect(await recordsIn(admin, TOPIC)).toBeGreaterThanOrEqual(before + 50);
  expect(handled(id).map((r) => r.event.data.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  expect(new Set(handled(id).map((r) => r.delivery.partition)).size).toBe(1);
  expect(await effectOf(id)).toMatchObject({ applied: 50 });
  expect(await caseOf(id)).toMatchObject({ outbox: [] });
});

it('(e) loses no event recorded while a relay is publishing', async () => {
  const ids = Array.from({ length: 8 }, (_, i) => `e${i}-${RUN}`);
  const r = relay();
  r.start();
  await asClerk(async () => {
    for (const id of ids) {
      const doc = new Cases({ _id: id, status: 'registered', regionPath: TOWNSHIP });
      doc.recordEvent({ type: 'xinfang.case.v1.CaseRegistered', data: {} });
      doc.recordEvent({ type: 'xinfang.case.v1.CaseForwarded', data: {} });
      await doc.save();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });
  await waitFor(async () => {
    const docs = await Promise.all(ids.map(caseOf));
    return docs.every((d) => d?.outboxPending === false);
  }, 'every outbox to empty');
  await r.stop();
  await waitFor(() => caughtUp(admin, GROUP, TOPIC), 'the consumer to catch up');
  for (const id of ids) expect(await effectOf(id)).toMatchObject({ applied: 2 });
});

it('(f) loses neither state nor events when the application saves while two relays acknowledge', async () => {
  const ids = Array.from({ length: 8 }, (_, i) => `f${i}-${RUN}`);
  const rounds = 12;
  await asClerk(async () => {
    for (const id of ids)
      await Cases.create({ _id: id, status: 'registered', regionPath: TOWNSHIP });
  });
  // The second replica has its own connection, as another process would: only the database
  // can keep it apart from the first replica and from the application.
  const other = await connectStore({ url: MONGO_URL, dbName: conn.name });
  const OtherCases = other.model<Case, CaseModel>('Case', Cases.schema);
  const replicas = [Cases, OtherCases].map((model) =>
    relay({ models: [model], batchSize: 2, pollIntervalMs: 5 }),
  );
  replicas.forEach((r) => r.start());
  const recorded = new Map<string, string[]>(ids.map((id) => [id, []]));
  // Every save of an outboxed document goes through its lock, as the relays' writes do.
  const saveRounds = async (id: string) => {
    for (let round = 0; round < rounds; round++) {
      await asClerk(() =>
        modifyWithLock(Cases, id, (doc) => {
          doc.status = `round-${round}`;
          doc.saves.push(round);
          const e = doc.recordEvent({
            type: 'xinfang.case.v1.CaseProgressed',
            data: { seq: round },
          });
          recorded.get(id)!.push(e.id);
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10));
    }
  };
  await Promise.all(ids.map(saveRounds));
  await waitFor(async () => {
    const docs = await Promise.all(ids.map(caseOf));
    return docs.every((d) => d?.outboxPending === false);
  }, 'every outbox to empty');
  await Promise.all(replicas.map((r) => r.stop()));
  await closeStore(other);
  await waitFor(() => caughtUp(admin, GROUP, TOPIC), 'the consumer to catch up');

  for (const id of ids) {
    const stored = await caseOf(id);
    expect(stored).toMatchObject({
      status: `round-${rounds - 1}`,
      outbox: [],
      outboxPending: false,
    });
    expect(stored?.saves).toEqual(Array.from({ length: rounds }, (_, i) => i)); // every write kept
    const delivered = new Set(handled(id).map((r) => r.event.id));
    expect(recorded.get(id)!.filter((e) => !delivered.has(e))).toEqual([]); // every event sent
    expect(await effectOf(id)).toMatchObject({ applied: rounds }); // and applied once
  }
});

it('applyOnce applies an event id once and reports duplicates and missing documents', async () => {
  await runAsSystem('test', async () => {
    await Effects.create({ _id: `x-${RUN}`, regionPath: TOWNSHIP, applied: 0 });
    expect(
      await applyOnce(Effects, { _id: `x-${RUN}` }, 'e1', { $inc: { applied: 1 } }, { keep: 2 }),
    ).toBe('applied');
    expect(
      await applyOnce(Effects, { _id: `x-${RUN}` }, 'e1', { $inc: { applied: 1 } }, { keep: 2 }),
    ).toBe('duplicate');
    expect(
      await applyOnce(Effects, { _id: `x-${RUN}` }, 'e2', { $inc: { applied: 1 } }, { keep: 2 }),
    ).toBe('applied');
    expect(
      await applyOnce(Effects, { _id: `x-${RUN}` }, 'e3', { $inc: { applied: 1 } }, { keep: 2 }),
    ).toBe('applied');
    expect(await applyOnce(Effects, { _id: `nobody-${RUN}` }, 'e1', { $inc: { applied: 1 } })).toBe(
      'missing',
    );
    const doc = await Effects.findById(`x-${RUN}`).select('+appliedEvents').lean().exec();
    expect(doc).toMatchObject({ applied: 3, appliedEvents: ['e2', 'e3'] });
  });
});
