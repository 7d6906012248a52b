import * as grpc from '@grpc/grpc-js';
import { toKafkaMessage, type CaseEvent } from '@xinfang/bus';
import {
  caseEvents,
  CaseEventType,
  decodeCaseEvent,
  encodeCaseEvent,
  intakeV1,
  type CaseEventName,
  type CaseEventPayloads,
} from '@xinfang/contracts';
import { clientCredentialsToken, passwordToken } from '../../../tests/support/keycloak';
import { aStaffInput, anOnlineInput, idNumber, LI, WANG, ZHANG } from './support/mothers';

/** The same ID number with another check character. */
const wrongCheckChar = (id: string) => id.slice(0, 17) + (id.endsWith('0') ? '1' : '0');

const WU = { name: '吴九', idNumber: idNumber('441481', '19920101', '321'), phone: '15800001111' };
import { createGrpcClient } from '@xinfang/service-kit';
import { newEventId } from '@xinfang/kernel';
import { verifyAuditChain } from '@xinfang/store';
import type { Consumer } from 'kafkajs';
import { createService, intakeConfigSchema } from '../src';
import { startService, uniqueSuffix } from '../../../tests/support/service-harness';

jest.setTimeout(180_000);

interface Received {
  key: string | null;
  value: string;
  headers: Record<string, string | undefined>;
}

/** Intake on real servers with a topic of its own, and a consumer recording what it publishes. */
async function createIntakeTestbed() {
  const suffix = uniqueSuffix();
  const topic = `test.intake.${suffix}`;
  const service = await startService(createService, {
    name: 'intake',
    schema: intakeConfigSchema,
    env: {
      CASE_EVENTS_TOPIC: topic,
      CASE_EVENTS_DLT: `${topic}.dlt`,
      INTAKE_CONSUMER_GROUP: `intake-${suffix}`,
      PORTAL_RATE_LIMIT: '60',
      OUTBOX_POLL_INTERVAL: '100ms',
    },
  });
  const records: Received[] = [];
  const consumer: Consumer = service.kafka.consumer({
    groupId: `observer-${suffix}`,
    maxWaitTimeInMs: 200,
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const joined = new Promise<void>((resolve) => {
    const off = consumer.on(consumer.events.GROUP_JOIN, () => {
      off();
      resolve();
    });
  });
  await consumer.run({
    eachMessage: async ({ message }) => {
      records.push({
        key: message.key?.toString() ?? null,
        value: message.value?.toString() ?? '',
        headers: Object.fromEntries(
          Object.entries(message.headers ?? {}).map(([k, v]) => [k, v?.toString()]),
        ),
      });
    },
  });
  await joined;
  return {
    service,
    topic,
    received: (match: (r: Received) => boolean) =>
      eventually('a record on the topic', async () => records.find(match)),
    stop: async () => {
      await consumer.disconnect();
      await service.stop();
    },
  };
}

type IntakeTestbed = Awaited<ReturnType<typeof createIntakeTestbed>>;

let bed: IntakeTestbed;
const tokens: Record<string, string> = {};

const USERS = [
  'clerk.441481',
  'clerk.441422',
  'clerk.441400',
  'supervisor.441400',
  'handler.441481',
  'analyst.441481',
  'tenant-admin.441481',
] as const;
type User = (typeof USERS)[number];

async function api(
  method: string,
  path: string,
  options: { as?: User; body?: unknown; raw?: string } = {},
): Promise<{ status: number; body: Record<string, unknown> & { issues?: { field: string }[] } }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.as) headers.authorization = `Bearer ${tokens[options.as]}`;
  const response = await fetch(`${bed.service.baseUrl}${path}`, {
    method,
    headers,
    body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  return { status: response.status, body: (await response.json()) as never };
}

const fieldsOf = (r: { body: { issues?: { field: string }[] } }) =>
  (r.body.issues ?? []).map((i) => i.field);

/** Publishes an event of another service on the test topic, as that service's relay would. */
async function publish<N extends CaseEventName>(
  name: N,
  caseId: string,
  regionPath: string,
  payload: Partial<CaseEventPayloads[N]>,
): Promise<string> {
  const id = newEventId();
  const event: CaseEvent = {
    id,
    type: CaseEventType[name],
    source: 'xinfang/routing',
    time: new Date().toISOString(),
    subject: caseId,
    tenantId: regionPath.split('/')[3] ?? null,
    regionPath,
    data: encodeCaseEvent(name, payload as never).json,
  };
  await bed.service.producer.send({ topic: bed.topic, messages: [toKafkaMessage(event)] });
  return id;
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

beforeAll(async () => {
  bed = await createIntakeTestbed();
  for (const user of USERS) tokens[user] = await passwordToken(user);
});

afterAll(async () => {
  await bed?.stop();
});

describe('registration through the staff API', () => {
  let caseId: string;
  let caseNumber: string;

  beforeAll(async () => {
    const r = await api('POST', '/cases', {
      as: 'clerk.441481',
      body: aStaffInput({ petitioners: [ZHANG, LI] }),
    });
    expect(r.status).toBe(201);
    caseId = String(r.body.caseId);
    caseNumber = String(r.body.caseNumber);
    expect(caseNumber).toMatch(/^XF-441481-\d{8}-\d{6}$/);
    expect(r.body.queryCode).toMatch(/^[0-9A-Z]{12}$/);
  });

  it('stores ID numbers and phones encrypted, never in plain text', async () => {
    const raw = await bed.service.connection
      .db!.collection('cases')
      .findOne({ _id: caseId as never });
    expect(raw).not.toBeNull();
    const text = JSON.stringify(raw);
    for (const secret of [ZHANG.idNumber, ZHANG.phone, LI.idNumber, LI.phone]) {
      expect(text).not.toContain(secret);
    }
    const stored = (raw!.petitioners as { idNumberSealed: string; phoneSealed: string }[])[0]!;
    expect(stored.idNumberSealed).toMatch(/^k1:[A-Za-z0-9+/=]+$/);
    expect(stored.phoneSealed).toMatch(/^k1:/);
    expect(raw!.tenantId).toBe('441481');
    expect(raw!.regionPath).toBe('/440000/441400/441481');
  });

  it('shows ID numbers to the owning clerk and masks them for a city supervisor', async () => {
    const own = await api('GET', `/cases/${caseId}`, { as: 'clerk.441481' });
    expect(own.status).toBe(200);
    expect(own.body.piiMasked).toBe(false);
    expect(own.body.petitioners).toEqual([
      expect.objectContaining({ name: '张三', idNumber: ZHANG.idNumber, phone: ZHANG.phone }),
      expect.objectContaining({ name: '李四', idNumber: LI.idNumber, phone: LI.phone }),
    ]);

    const city = await api('GET', `/cases/${caseId}`, { as: 'supervisor.441400' });
    expect(city.status).toBe(200);
    expect(city.body.piiMasked).toBe(true);
    const text = JSON.stringify(city.body);
    expect(text).not.toContain(ZHANG.idNumber);
    expect(text).not.toContain(ZHANG.phone);
    expect(city.body.petitioners).toEqual([
      expect.objectContaining({ idNumber: '441***********' + ZHANG.idNumber.slice(-4) }),
      expect.objectContaining({ phone: '139****1111' }),
    ]);
  });

  it('publishes CaseRegistered on Kafka with CloudEvents headers and no personal data', async () => {
    const record = await bed.received(
      (m) => m.headers.ce_type === CaseEventType.CaseRegistered && m.key === caseId,
    );
    expect(record.headers).toMatchObject({
      ce_specversion: '1.0',
      ce_source: 'xinfang/intake',
      ce_subject: caseId,
      tenantid: '441481',
      regionpath: '/440000/441400/441481',
      'content-type': 'application/json',
    });
    expect(record.headers.ce_id).toMatch(/^[0-9A-Z]{26}$/);
    expect(Number.isNaN(Date.parse(record.headers.ce_time!))).toBe(false);
    for (const secret of [ZHANG.idNumber, ZHANG.phone, ZHANG.name, ZHANG.address]) {
      expect(record.value).not.toContain(secret);
    }
    const decoded = decodeCaseEvent(record.headers.ce_type!, JSON.parse(record.value));
    if (decoded?.name !== 'CaseRegistered') throw new Error('not a CaseRegistered payload');
    expect(decoded.payload.caseRef).toMatchObject({ caseId, caseNumber, tenantId: '441481' });
    expect(decoded.payload.actor).toMatchObject({ username: 'clerk.441481', role: 'clerk' });
    expect(decoded.payload.petitionerKeys).toHaveLength(4);
    expect(decoded.payload.locationRegionCode).toBe('441481001');
  });

  it('hides the case from another county and shows it to the city', async () => {
    expect((await api('GET', `/cases/${caseId}`, { as: 'clerk.441422' })).status).toBe(404);
    const other = await api('GET', '/cases', { as: 'clerk.441422' });
    expect(other.status).toBe(200);
    expect((other.body.items as { id: string }[]).map((c) => c.id)).not.toContain(caseId);

    const own = await api('GET', '/cases?limit=100', { as: 'clerk.441481' });
    expect((own.body.items as { id: string }[]).map((c) => c.id)).toContain(caseId);
    const city = await api('GET', '/cases?limit=100', { as: 'supervisor.441400' });
    expect((city.body.items as { id: string }[]).map((c) => c.id)).toContain(caseId);
    expect(JSON.stringify(city.body)).not.toContain(ZHANG.name);
  });

  it('refuses roles that do not handle cases', async () => {
    expect((await api('GET', `/cases/${caseId}`, { as: 'analyst.441481' })).status).toBe(403);
    expect((await api('GET', `/cases/${caseId}`)).status).toBe(401);
    expect(
      (await api('POST', '/cases', { as: 'handler.441481', body: aStaffInput() })).status,
    ).toBe(403);
  });

  it('pages through the list with a cursor', async () => {
    for (let i = 0; i < 2; i += 1) {
      const r = await api('POST', '/cases', {
        as: 'clerk.441481',
        body: aStaffInput({ petitioners: [{ name: `页${i}`, address: '兴宁市某地' }] }),
      });
      expect(r.status).toBe(201);
    }
    const first = await api('GET', '/cases?limit=2', { as: 'clerk.441481' });
    const firstIds = (first.body.items as { id: string }[]).map((c) => c.id);
    expect(firstIds).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await api(
      'GET',
      `/cases?limit=2&cursor=${encodeURIComponent(String(first.body.nextCursor))}`,
      { as: 'clerk.441481' },
    );
    const secondIds = (second.body.items as { id: string }[]).map((c) => c.id);
    expect(secondIds.length).toBeGreaterThan(0);
    expect(secondIds.some((id) => firstIds.includes(id))).toBe(false);
  });

  it('audit-logs every registration and read with who and from where, in an intact chain', async () => {
    const entries = await bed.service.connection
      .db!.collection('audit_log')
      .find({ entity: 'case', entityId: caseId })
      .toArray();
    const actions = entries.map((e) => `${e.action}:${(e.actor as { username: string }).username}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        'register:clerk.441481',
        'read:clerk.441481',
        'read:supervisor.441400',
        'list:clerk.441481',
      ]),
    );
    expect(entries.every((e) => typeof e.sourceIp === 'string' && e.requestId)).toBe(true);
    expect(await verifyAuditChain(bed.service.connection, '441481')).toMatchObject({ ok: true });
  });
});

describe('bad input on every endpoint answers 400 naming the field', () => {
  it('POST /cases', async () => {
    const r = await api('POST', '/cases', {
      as: 'clerk.441481',
      body: { ...aStaffInput(), title: undefined, channel: 'fax' },
    });
    expect(r.status).toBe(400);
    expect(fieldsOf(r)).toEqual(expect.arrayContaining(['body.title', 'body.channel']));

    const rules = await api('POST', '/cases', {
      as: 'clerk.441481',
      body: aStaffInput({
        subjectCode: 'no-such-subject',
        location: { regionCode: '441499001' },
        petitioners: [{ ...ZHANG, idNumber: wrongCheckChar(ZHANG.idNumber), phone: '12345' }],
      }),
    });
    expect(rules.status).toBe(400);
    expect(fieldsOf(rules)).toEqual(
      expect.arrayContaining([
        'body.subjectCode',
        'body.location.regionCode',
        'body.petitioners.0.idNumber',
        'body.petitioners.0.phone',
      ]),
    );
    const malformed = await api('POST', '/cases', { as: 'clerk.441481', raw: '{"channel":' });
    expect(malformed.status).toBe(400);
    expect(fieldsOf(malformed)).toEqual(['body']);
  });

  it('POST /cases/termination-check', async () => {
    const r = await api('POST', '/cases/termination-check', {
      as: 'clerk.441481',
      body: {
        petitioners: [{ idNumber: 'x' }],
        subjectCode: 'land-acquisition',
        locationRegionCode: '44',
      },
    });
    expect(r.status).toBe(400);
    expect(fieldsOf(r)).toEqual(
      expect.arrayContaining(['body.locationRegionCode', 'body.petitioners.0.idNumber']),
    );
  });

  it('GET /cases/:caseId and GET /cases', async () => {
    const one = await api('GET', '/cases/not-an-id', { as: 'clerk.441481' });
    expect(one.status).toBe(400);
    expect(fieldsOf(one)).toEqual(['params.caseId']);
    const list = await api('GET', '/cases?limit=0&status=lost&registeredFrom=yesterday', {
      as: 'clerk.441481',
    });
    expect(list.status).toBe(400);
    expect(fieldsOf(list)).toEqual(
      expect.arrayContaining(['query.limit', 'query.status', 'query.registeredFrom']),
    );
    const cursor = await api('GET', '/cases?cursor=garbage', { as: 'clerk.441481' });
    expect(cursor.status).toBe(400);
    expect(fieldsOf(cursor)).toEqual(['query.cursor']);
    const range = await api(
      'GET',
      '/cases?registeredFrom=2026-03-02T00:00:00Z&registeredTo=2026-03-01T00:00:00Z',
      { as: 'clerk.441481' },
    );
    expect(fieldsOf(range)).toEqual(['query.registeredTo']);
  });

  it('POST /subjects', async () => {
    const r = await api('POST', '/subjects', {
      as: 'tenant-admin.441481',
      body: { code: 'Bad Code', name: '', parent: 'nothing' },
    });
    expect(r.status).toBe(400);
    expect(fieldsOf(r)).toEqual(expect.arrayContaining(['body.code', 'body.name', 'body.parent']));
  });

  it('the portal endpoints', async () => {
    const submit = await api('POST', '/portal/petitions', {
      body: anOnlineInput({
        nature: 'rumour' as never,
        petitioners: [{ name: '赵六', phone: '999' }],
      }),
    });
    expect(submit.status).toBe(400);
    expect(fieldsOf(submit)).toEqual(expect.arrayContaining(['body.nature']));
    const content = await api('POST', '/portal/petitions', {
      body: anOnlineInput({ petitioners: [{ name: '赵六', phone: '999' }] }),
    });
    expect(fieldsOf(content)).toEqual(['body.petitioners.0.phone']);

    const track = await api('POST', '/portal/track', {
      body: { caseNumber: 'XF-1', queryCode: 'short' },
    });
    expect(track.status).toBe(400);
    expect(fieldsOf(track)).toEqual(expect.arrayContaining(['body.caseNumber', 'body.queryCode']));

    const rate = await api('POST', '/portal/rate', {
      body: { caseNumber: 'XF-441481-20260314-000001', queryCode: 'ABCDEFGHJKMN', rating: 'great' },
    });
    expect(rate.status).toBe(400);
    expect(fieldsOf(rate)).toEqual(['body.rating']);
  });
});

describe('the online portal', () => {
  it('submits, tracks, refuses a rating before the reply and accepts one after it, once', async () => {
    const submitted = await api('POST', '/portal/petitions', {
      body: anOnlineInput({ petitioners: [{ name: '孙七', phone: '13700001234' }] }),
    });
    expect(submitted.status).toBe(201);
    const { caseNumber, queryCode } = submitted.body as { caseNumber: string; queryCode: string };
    expect(caseNumber).toMatch(/^XF-441481-/);
    const credentials = { caseNumber, queryCode };

    const tracked = await api('POST', '/portal/track', { body: credentials });
    expect(tracked.status).toBe(200);
    expect(tracked.body).toMatchObject({
      status: 'registered',
      statusLabel: '已登记',
      canRate: false,
    });
    expect(JSON.stringify(tracked.body)).not.toContain('13700001234');

    const wrongCode = await api('POST', '/portal/track', {
      body: {
        caseNumber,
        queryCode: queryCode === 'ABCDEFGHJKMN' ? 'ABCDEFGHJKMP' : 'ABCDEFGHJKMN',
      },
    });
    expect(wrongCode.status).toBe(404);

    const early = await api('POST', '/portal/rate', {
      body: { ...credentials, rating: 'satisfied' },
    });
    expect(early.status).toBe(422);

    const registered = await bed.received(
      (m) => m.headers.ce_type === CaseEventType.CaseRegistered && m.value.includes(caseNumber),
    );
    const caseId = registered.key!;
    await publish('CaseReplied', caseId, registered.headers.regionpath!, {
      caseRef: {
        caseId,
        caseNumber,
        tenantId: '441481',
        regionPath: '/440000/441400/441481',
        regionCode: '441481',
      },
      occurredAt: new Date().toISOString(),
      opinionSummary: '经核实,补偿款已于本月足额发放。',
    });
    const replied = await eventually('the reply on the timeline', async () => {
      const r = await api('POST', '/portal/track', { body: credentials });
      return r.body.canRate === true ? r : undefined;
    });
    expect(replied.body.status).toBe('replied');
    expect(replied.body.entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          label: '已出具处理意见并答复',
          note: '经核实,补偿款已于本月足额发放。',
        }),
      ]),
    );

    const rated = await api('POST', '/portal/rate', {
      body: { ...credentials, rating: 'basicallySatisfied', comment: '基本解决' },
    });
    expect(rated.status).toBe(200);
    expect(rated.body).toMatchObject({ rating: 'basicallySatisfied', label: '基本满意' });
    const again = await api('POST', '/portal/rate', {
      body: { ...credentials, rating: 'satisfied' },
    });
    expect(again.status).toBe(409);

    const ratedEvent = await bed.received(
      (m) => m.headers.ce_type === CaseEventType.SatisfactionRated && m.key === caseId,
    );
    const decoded = decodeCaseEvent(ratedEvent.headers.ce_type!, JSON.parse(ratedEvent.value));
    expect(decoded?.payload).toMatchObject({
      satisfaction: caseEvents.Satisfaction.SATISFACTION_BASICALLY_SATISFIED,
    });
    const final = await api('POST', '/portal/track', { body: credentials });
    expect(final.body).toMatchObject({ canRate: false, satisfaction: { label: '基本满意' } });
  });
});

describe('repeat detection across counties', () => {
  it('links a repeat registered in another county by reference only and defers at city level', async () => {
    const narrative = '王五反映的拆迁安置问题,具体细节仅兴宁市可见。';
    const first = await api('POST', '/cases', {
      as: 'clerk.441481',
      body: aStaffInput({ subjectCode: 'demolition', narrative, petitioners: [WANG] }),
    });
    expect(first.status).toBe(201);
    const firstId = String(first.body.caseId);

    const elsewhere = await api('POST', '/cases', {
      as: 'clerk.441422',
      body: aStaffInput({
        subjectCode: 'demolition',
        narrative: '同一事项再次反映。',
        title: '再次反映拆迁安置',
        petitioners: [{ name: '王五', phone: WANG.phone }],
      }),
    });
    expect(elsewhere.status).toBe(201);
    expect(elsewhere.body.repeat).toEqual({
      of: {
        caseId: firstId,
        caseNumber: first.body.caseNumber,
        tenantId: '441481',
        regionPath: '/440000/441400/441481',
      },
      count: 1,
    });
    expect(JSON.stringify(elsewhere.body)).not.toContain(narrative);
    expect((await api('GET', `/cases/${firstId}`, { as: 'clerk.441422' })).status).toBe(404);

    const city = await api('POST', '/cases', {
      as: 'clerk.441400',
      body: aStaffInput({ subjectCode: 'demolition', petitioners: [WANG] }),
    });
    expect(city.status).toBe(201);
    expect(city.body.deferredTo).toMatchObject({
      caseId: firstId,
      regionCode: '441481',
      regionName: '兴宁市',
    });
    expect(city.body.notices).toEqual(
      expect.arrayContaining([expect.stringContaining('该事项正由兴宁市依法办理')]),
    );
  });
});

describe('tenant subjects', () => {
  it('lets a tenant admin add a subject that only their county registers under', async () => {
    const subject = { code: 'land-compensation', name: '征地补偿', parent: 'land-acquisition' };
    expect((await api('POST', '/subjects', { as: 'clerk.441481', body: subject })).status).toBe(
      403,
    );
    const added = await api('POST', '/subjects', { as: 'tenant-admin.441481', body: subject });
    expect(added.status).toBe(201);
    expect(
      (await api('POST', '/subjects', { as: 'tenant-admin.441481', body: subject })).status,
    ).toBe(409);

    const own = await api('GET', '/subjects', { as: 'clerk.441481' });
    expect((own.body.subjects as { code: string }[]).map((s) => s.code)).toContain(
      'land-compensation',
    );
    const other = await api('GET', '/subjects', { as: 'clerk.441422' });
    expect((other.body.subjects as { code: string }[]).map((s) => s.code)).not.toContain(
      'land-compensation',
    );

    const r = await api('POST', '/cases', {
      as: 'clerk.441481',
      body: aStaffInput({
        subjectCode: 'land-compensation',
        petitioners: [{ name: '周八', address: '兴宁' }],
      }),
    });
    expect(r.status).toBe(201);
  });
});

describe('gRPC IntakeService', () => {
  let client: intakeV1.IntakeServiceClient;
  let anonymousClient: intakeV1.IntakeServiceClient;
  let caseId: string;
  let petitionerKeys: string[];

  const call = <Req, Res>(
    fn: (req: Req, cb: (err: grpc.ServiceError | null, res?: Res) => void) => unknown,
    req: Req,
  ) =>
    new Promise<Res>((resolve, reject) =>
      fn(req, (err, res) => (err ? reject(err) : resolve(res as Res))),
    );

  beforeAll(async () => {
    const serviceToken = await clientCredentialsToken('xinfang-routing', 'xinfang-routing-secret');
    client = createGrpcClient(intakeV1.IntakeServiceClient, bed.service.grpcAddress, {
      token: async () => serviceToken,
    });
    anonymousClient = createGrpcClient(intakeV1.IntakeServiceClient, bed.service.grpcAddress);
    const r = await api('POST', '/cases', {
      as: 'clerk.441481',
      body: aStaffInput({ subjectCode: 'environment', petitioners: [WU] }),
    });
    expect(r.status).toBe(201);
    caseId = String(r.body.caseId);
    const registered = await bed.received(
      (m) => m.headers.ce_type === CaseEventType.CaseRegistered && m.key === caseId,
    );
    const decoded = decodeCaseEvent(registered.headers.ce_type!, JSON.parse(registered.value));
    if (decoded?.name !== 'CaseRegistered') throw new Error('not CaseRegistered');
    petitionerKeys = decoded.payload.petitionerKeys;
  });

  afterAll(() => {
    client?.close();
    anonymousClient?.close();
  });

  it('GetCase answers a service token with masked contact details', async () => {
    const res = await call<intakeV1.GetCaseRequest, intakeV1.GetCaseResponse>(
      client.getCase.bind(client),
      { caseId, revealContact: true },
    );
    expect(res.caseRef).toMatchObject({ caseId, tenantId: '441481' });
    expect(res.status).toBe(intakeV1.CaseStatus.CASE_STATUS_REGISTERED);
    expect(res.petitioners[0]).toMatchObject({
      name: '吴九',
      phone: '158****1111',
      revealed: false,
    });
  });

  it('GetCase refuses a call without a token and names a bad request field', async () => {
    await expect(
      call(anonymousClient.getCase.bind(anonymousClient), { caseId, revealContact: false }),
    ).rejects.toMatchObject({ code: grpc.status.UNAUTHENTICATED });
    await expect(
      call(client.getCase.bind(client), { caseId: '', revealContact: false }),
    ).rejects.toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
    });
    await expect(
      call(client.getCase.bind(client), {
        caseId: '01JZZZZZZZZZZZZZZZZZZZZZZZ',
        revealContact: false,
      }),
    ).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
  });

  it('FindPriorCases returns references of the same petitioner only', async () => {
    const res = await call<intakeV1.FindPriorCasesRequest, intakeV1.FindPriorCasesResponse>(
      client.findPriorCases.bind(client),
      {
        petitionerKey: petitionerKeys[0]!,
        subjectCode: 'environment',
        locationRegionCode: '441481',
        registeredSince: undefined,
        excludeCaseId: '',
        limit: 0,
      },
    );
    expect(res.total).toBe(1);
    expect(res.cases[0]!.caseRef).toMatchObject({ caseId });
    await expect(
      call(client.findPriorCases.bind(client), {
        petitionerKey: 'nope',
        subjectCode: '',
        locationRegionCode: '',
        registeredSince: undefined,
        excludeCaseId: '',
        limit: 500,
      }),
    ).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT });
  });

  it('CheckTerminated learns terminations from CaseTerminated events, and registration refuses them', async () => {
    const request = {
      petitionerKey: petitionerKeys[0]!,
      subjectCode: 'environment',
      locationRegionCode: '441481001',
    };
    const before = await call<intakeV1.CheckTerminatedRequest, intakeV1.CheckTerminatedResponse>(
      client.checkTerminated.bind(client),
      request,
    );
    expect(before.terminated).toBe(false);

    await publish('CaseTerminated', caseId, '/440000/441400/441481', {
      occurredAt: new Date().toISOString(),
      subjectCode: 'environment',
      locationRegionCode: '441481001',
      basis: '梅市复核〔2026〕1号',
    });
    const after = await eventually('the termination to be recorded', async () => {
      const r = await call<intakeV1.CheckTerminatedRequest, intakeV1.CheckTerminatedResponse>(
        client.checkTerminated.bind(client),
        request,
      );
      return r.terminated ? r : undefined;
    });
    expect(after.caseRef).toMatchObject({ caseId });

    const again = await api('POST', '/cases', {
      as: 'clerk.441481',
      body: aStaffInput({ subjectCode: 'environment', petitioners: [WU] }),
    });
    expect(again.status).toBe(422);
    expect(again.body.terminatedCaseId).toBe(caseId);
  });
});

describe('gRPC GetPetitionerContacts', () => {
  const clients: intakeV1.IntakeServiceClient[] = [];
  const clientWith = (token: string) => {
    const c = createGrpcClient(intakeV1.IntakeServiceClient, bed.service.grpcAddress, {
      token: async () => token,
    });
    clients.push(c);
    return c;
  };
  const contactsOf = (c: intakeV1.IntakeServiceClient, caseId: string) =>
    new Promise<intakeV1.GetPetitionerContactsResponse>((resolve, reject) =>
      c.getPetitionerContacts({ caseId }, (err, res) => (err ? reject(err) : resolve(res))),
    );
  const register = async (body: unknown) => {
    const r = await api('POST', '/cases', { as: 'clerk.441481', body });
    expect(r.status).toBe(201);
    return String(r.body.caseId);
  };

  let notification: intakeV1.IntakeServiceClient;
  beforeAll(async () => {
    notification = clientWith(
      await clientCredentialsToken('xinfang-notification', 'xinfang-notification-secret'),
    );
  });
  afterAll(() => clients.forEach((c) => c.close()));

  it('gives the notification service the decrypted phone and address, audit-logged', async () => {
    const caseId = await register(aStaffInput({ subjectCode: 'labour-social-security' }));
    const res = await contactsOf(notification, caseId);
    expect(res.contacts).toEqual([
      { name: ZHANG.name, phone: ZHANG.phone, postalAddress: ZHANG.address },
    ]);
    const audit = await bed.service.connection
      .db!.collection('audit_log')
      .find({ entity: 'case', entityId: caseId, action: 'contact-read' })
      .toArray();
    expect(audit.map((e) => (e.actor as { username: string }).username)).toEqual([
      'service-account-xinfang-notification',
    ]);
  });

  it('gives the informant of an accusation, and nothing for an anonymous petition', async () => {
    const accusation = await register(
      aStaffInput({
        nature: 'accusation',
        subjectCode: 'labour-social-security',
        petitioners: [LI],
      }),
    );
    expect((await contactsOf(notification, accusation)).contacts).toEqual([
      { name: LI.name, phone: LI.phone, postalAddress: '' },
    ]);
    const anonymous = await register(
      aStaffInput({ nature: 'accusation', petitioners: [{ anonymous: true }] }),
    );
    expect((await contactsOf(notification, anonymous)).contacts).toEqual([]);
  });

  it('refuses other service clients, staff and bad requests', async () => {
    const caseId = await register(aStaffInput({ subjectCode: 'labour-social-security' }));
    const intakeClient = clientWith(
      await clientCredentialsToken('xinfang-intake', 'xinfang-intake-secret'),
    );
    const clerk = clientWith(tokens['clerk.441481']!);
    await expect(contactsOf(intakeClient, caseId)).rejects.toMatchObject({
      code: grpc.status.PERMISSION_DENIED,
    });
    await expect(contactsOf(clerk, caseId)).rejects.toMatchObject({
      code: grpc.status.PERMISSION_DENIED,
    });
    await expect(contactsOf(notification, '')).rejects.toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
    });
    await expect(contactsOf(notification, '01JZZZZZZZZZZZZZZZZZZZZZZZ')).rejects.toMatchObject({
      code: grpc.status.NOT_FOUND,
    });
  });
});

describe('the service', () => {
  it('serves its OpenAPI document', async () => {
    const r = await fetch(`${bed.service.baseUrl}/openapi.json`);
    const doc = (await r.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/cases',
        '/cases/{caseId}',
        '/portal/petitions',
        '/portal/track',
        '/portal/rate',
        '/subjects',
      ]),
    );
  });

  it('rate-limits the portal per client', async () => {
    let limited = 0;
    for (let i = 0; i < 80 && limited === 0; i += 1) {
      const r = await api('POST', '/portal/track', {
        body: { caseNumber: 'XF-441481-20260314-000001', queryCode: 'ABCDEFGHJKMN' },
      });
      if (r.status === 429) limited += 1;
      else expect(r.status).toBe(404);
    }
    expect(limited).toBe(1);
  });
});
