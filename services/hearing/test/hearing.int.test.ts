import { toKafkaMessage, type CaseEvent } from '@xinfang/bus';
import {
  CaseEventType,
  decodeCaseEvent,
  encodeCaseEvent,
  hearingV1,
  type CaseEventName,
  type CaseEventPayloads,
} from '@xinfang/contracts';
import { newEventId, newId } from '@xinfang/kernel';
import { createGrpcClient } from '@xinfang/service-kit';
import type { Consumer } from 'kafkajs';
import { createService, hearingConfigSchema } from '../src';
import { passwordToken } from '../../../tests/support/keycloak';
import { startService, uniqueSuffix } from '../../../tests/support/service-harness';

jest.setTimeout(180_000);

interface Received {
  key: string | null;
  type: string;
  value: string;
}

const at = (date: string, time = '10:00') => new Date(`${date}T${time}:00+08:00`);
/** The service's clock, moved by the tests (hearing days, deadlines). */
let now = at('2026-03-10');

async function createHearingTestbed() {
  const suffix = uniqueSuffix();
  const topic = `test.hearing.${suffix}`;
  const service = await startService(createService, {
    name: 'hearing',
    schema: hearingConfigSchema,
    clock: () => now,
    env: {
      CASE_EVENTS_TOPIC: topic,
      CASE_EVENTS_DLT: `${topic}.dlt`,
      HEARING_CONSUMER_GROUP: `hearing-${suffix}`,
      OUTBOX_POLL_INTERVAL: '100ms',
      HEARING_NOTICE_DAYS: '3',
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
        type: message.headers?.ce_type?.toString() ?? '',
        value: message.value?.toString() ?? '',
      });
    },
  });
  await joined;
  return {
    service,
    topic,
    received: (type: string, caseId: string) =>
      eventually(`${type} of ${caseId} on the topic`, async () =>
        records.find((r) => r.type === type && r.key === caseId),
      ),
    stop: async () => {
      await consumer.disconnect();
      await service.stop();
    },
  };
}

let bed: Awaited<ReturnType<typeof createHearingTestbed>>;
const tokens: Record<string, string> = {};
const USERS = [
  'clerk.441400',
  'clerk.441422',
  'clerk.440000',
  'supervisor.441400',
  'supervisor.440000',
  'hearing-officer.440000',
  'hearing-officer.441422',
] as const;
type User = (typeof USERS)[number];

type Body = Record<string, unknown> & { issues?: { field: string }[]; message?: string };

async function api(
  method: string,
  path: string,
  options: { as?: User; body?: unknown } = {},
): Promise<{ status: number; body: Body }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.as) headers.authorization = `Bearer ${tokens[options.as]}`;
  const response = await fetch(`${bed.service.baseUrl}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  return { status: response.status, body: (await response.json()) as Body };
}

const fieldsOf = (r: { body: Body }) => (r.body.issues ?? []).map((i) => i.field);

async function publish<N extends CaseEventName>(
  name: N,
  caseId: string,
  payload: Partial<CaseEventPayloads[N]>,
): Promise<void> {
  const event: CaseEvent = {
    id: newEventId(),
    type: CaseEventType[name],
    source: 'xinfang/routing',
    time: new Date().toISOString(),
    subject: caseId,
    tenantId: '441481',
    regionPath: '/440000/441400/441481',
    data: encodeCaseEvent(name, payload as never).json,
  };
  await bed.service.producer.send({ topic: bed.topic, messages: [toKafkaMessage(event)] });
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

const HR_UNIT = {
  unitId: 'unit-hr-441481',
  name: '兴宁市人力资源和社会保障局',
  regionCode: '441481',
};

/** A case of 兴宁市 registered and replied by its HR bureau, the reply delivered on `delivered`. */
async function aRepliedCase(delivered: Date): Promise<string> {
  const caseId = newId();
  const caseRef = {
    caseId,
    caseNumber: `XF-441481-20260105-${caseId.slice(-6)}`,
    tenantId: '441481',
    regionPath: '/440000/441400/441481',
    regionCode: '441481',
  };
  await publish('CaseRegistered', caseId, {
    caseRef,
    occurredAt: at('2026-01-05').toISOString(),
    subjectCode: 'labor.wages',
    locationRegionCode: '441481',
    title: '某工地拖欠工资',
  });
  await publish('CaseReplied', caseId, {
    caseRef,
    occurredAt: delivered.toISOString(),
    unit: HR_UNIT,
    documentNumber: '兴人社复〔2026〕8号',
    deliveredAt: delivered.toISOString(),
  });
  return caseId;
}

beforeAll(async () => {
  bed = await createHearingTestbed();
  for (const user of USERS) tokens[user] = await passwordToken(user);
});

afterAll(async () => {
  await bed?.stop();
});

describe('review, re-review with a hearing, termination', () => {
  let caseId: string;
  let lateCaseId: string;
  let reviewId: string;
  let reReviewId: string;
  let hearingId: string;

  beforeAll(async () => {
    now = at('2026-03-10');
    caseId = await aRepliedCase(at('2026-03-02'));
    // Delivered 16 January: the window ended on 24 February (past the Spring Festival).
    lateCaseId = await aRepliedCase(at('2026-01-16'));
  });

  it('opens the review window from the CaseReplied event', async () => {
    const state = await eventually('the review window', async () => {
      const r = await api('GET', `/cases/${caseId}/review-state`, { as: 'clerk.441400' });
      return r.status === 200 && r.body.reviewRequestDueDate ? r.body : undefined;
    });
    expect(state).toEqual(
      expect.objectContaining({ stage: 'none', reviewRequestDueDate: '2026-04-01', review: null }),
    );
  });

  it('refuses users of another county (441422) on a 441481 matter', async () => {
    const read = await api('GET', `/cases/${caseId}/review-state`, { as: 'clerk.441422' });
    expect(read.status).toBe(404);
    const write = await api('POST', `/cases/${caseId}/reviews`, {
      as: 'clerk.441422',
      body: { grounds: '不服答复' },
    });
    expect([403, 404]).toContain(write.status);
  });

  it('answers 400 naming the bad field', async () => {
    const r = await api('POST', `/cases/${caseId}/reviews`, {
      as: 'clerk.441400',
      body: { grounds: '', receivedAt: 'yesterday' },
    });
    expect(r.status).toBe(400);
    expect(fieldsOf(r)).toEqual(expect.arrayContaining(['body.grounds', 'body.receivedAt']));
    const badId = await api('POST', '/cases/not-a-case/reviews', {
      as: 'clerk.441400',
      body: { grounds: '不服' },
    });
    expect(badId.status).toBe(400);
    expect(fieldsOf(badId)).toEqual(['params.caseId']);
  });

  it('refuses a late review request with the date the window expired', async () => {
    await eventually('the late case', async () => {
      const r = await api('GET', `/cases/${lateCaseId}/review-state`, { as: 'clerk.441400' });
      return r.status === 200 ? r : undefined;
    });
    const r = await api('POST', `/cases/${lateCaseId}/reviews`, {
      as: 'clerk.441400',
      body: { grounds: '不服答复' },
    });
    expect(r.status).toBe(422);
    expect(r.body.message).toMatch(/review window expired on 2026-02-24/);
  });

  it('accepts a review within the window, addressed to the city above the unit', async () => {
    const r = await api('POST', `/cases/${caseId}/reviews`, {
      as: 'clerk.441400',
      body: { grounds: '认为工资计算有误' },
    });
    expect(r.status).toBe(201);
    expect(r.body).toEqual(
      expect.objectContaining({
        stage: 'review',
        authority: expect.objectContaining({ regionCode: '441400', name: '梅州市' }),
        requestDueDate: '2026-04-01',
        decisionDueDate: '2026-04-09',
      }),
    );
    reviewId = String(r.body.id);
    const event = await bed.received(CaseEventType.ReviewRequested, caseId);
    const decoded = decodeCaseEvent(event.type, JSON.parse(event.value));
    expect(decoded?.payload).toEqual(
      expect.objectContaining({ reviewId, withinWindow: true, decisionDueDate: '2026-04-09' }),
    );
    const again = await api('POST', `/cases/${caseId}/reviews`, {
      as: 'clerk.441400',
      body: { grounds: '再次申请' },
    });
    expect(again.status).toBe(409);
  });

  it('lets the city decide the review and opens the re-review window', async () => {
    const bad = await api('POST', `/reviews/${reviewId}/decision`, {
      as: 'supervisor.441400',
      body: { outcome: 'maybe', summary: 'x', documentNumber: 'y' },
    });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad)).toEqual(['body.outcome']);
    now = at('2026-03-20');
    const r = await api('POST', `/reviews/${reviewId}/decision`, {
      as: 'supervisor.441400',
      body: { outcome: 'uphold', summary: '维持原处理意见', documentNumber: '梅信复查〔2026〕3号' },
    });
    expect(r.status).toBe(200);
    expect(r.body.reReviewRequestDueDate).toBe('2026-04-20');
    await bed.received(CaseEventType.ReviewDecided, caseId);
  });

  it('takes a re-review at the province and schedules a public hearing with notice', async () => {
    now = at('2026-03-23');
    const r = await api('POST', `/cases/${caseId}/re-reviews`, {
      as: 'clerk.440000',
      body: { grounds: '仍不服复查意见' },
    });
    expect(r.status).toBe(201);
    reReviewId = String(r.body.id);
    expect(r.body.authority).toEqual(expect.objectContaining({ regionCode: '440000' }));
    expect(r.body.decisionDueDate).toBe('2026-04-22');
    await bed.received(CaseEventType.ReReviewRequested, caseId);

    const hearing = {
      appealId: reReviewId,
      venue: '广东省信访局听证室',
      public: true,
      hostName: '陈主持',
      participants: [
        { name: '张三', side: 'petitioner' },
        { name: '李科长', side: 'unit', unitId: HR_UNIT.unitId },
      ],
    };
    const tooSoon = await api('POST', '/hearings', {
      as: 'hearing-officer.440000',
      body: { ...hearing, scheduledAt: at('2026-03-25').toISOString() },
    });
    expect(tooSoon.status).toBe(422);
    expect(tooSoon.body.message).toMatch(/earliest day is 2026-03-26/);
    const elsewhere = await api('POST', '/hearings', {
      as: 'hearing-officer.441422',
      body: { ...hearing, scheduledAt: at('2026-03-27').toISOString() },
    });
    expect([403, 404]).toContain(elsewhere.status);

    const s = await api('POST', '/hearings', {
      as: 'hearing-officer.440000',
      body: { ...hearing, scheduledAt: at('2026-03-27', '09:30').toISOString() },
    });
    expect(s.status).toBe(201);
    hearingId = String(s.body.id);
    const scheduled = await bed.received(CaseEventType.HearingScheduled, caseId);
    expect(decodeCaseEvent(scheduled.type, JSON.parse(scheduled.value))?.payload).toEqual(
      expect.objectContaining({ hearingId, reviewId: reReviewId, public: true }),
    );
    const board = await api('GET', '/hearings/public');
    expect(board.status).toBe(200);
    const notice = (board.body.hearings as Array<Record<string, unknown>>).find(
      (h) => h.hearingId === hearingId,
    );
    expect(notice).toEqual(expect.objectContaining({ scheduledDate: '2026-03-27', held: false }));
    expect(JSON.stringify(board.body)).not.toContain('张三');
  });

  it('refuses a panel member from the handling unit, naming them, and holds the hearing', async () => {
    const conflict = await api('POST', `/hearings/${hearingId}/panel`, {
      as: 'hearing-officer.440000',
      body: {
        members: [
          { name: '王监督', kind: 'monitor' },
          { name: '孙专家', kind: 'expert', unitId: HR_UNIT.unitId },
        ],
      },
    });
    expect(conflict.status).toBe(422);
    expect(conflict.body.message).toMatch(/孙专家 has a conflict of interest/);
    const panel = await api('POST', `/hearings/${hearingId}/panel`, {
      as: 'hearing-officer.440000',
      body: {
        members: [
          { name: '王监督', kind: 'monitor' },
          { name: '赵律师', kind: 'lawyer', organisation: '广东某律师事务所' },
        ],
      },
    });
    expect(panel.status).toBe(200);
    const members = panel.body.panel as Array<{ id: string; name: string }>;
    expect(members.map((m) => m.name)).toEqual(['陈主持', '王监督', '赵律师']);

    now = at('2026-03-27', '12:00');
    const minutes = await api('POST', `/hearings/${hearingId}/minutes`, {
      as: 'hearing-officer.440000',
      body: { documentId: 'DOC-2026-0327', summary: '双方陈述并质证' },
    });
    expect(minutes.status).toBe(200);
    const positions = ['uphold', 'uphold', 'revise'];
    for (const [i, m] of members.entries()) {
      const v = await api('POST', `/hearings/${hearingId}/votes`, {
        as: 'hearing-officer.440000',
        body: { memberId: m.id, position: positions[i], opinion: `${m.name}的意见` },
      });
      expect(v.status).toBe(200);
    }
    const done = await api('POST', `/hearings/${hearingId}/conclude`, {
      as: 'hearing-officer.440000',
      body: { majorityOpinion: '维持复查意见' },
    });
    expect(done.status).toBe(200);
    expect(done.body.result).toEqual(
      expect.objectContaining({
        position: 'uphold',
        majorityCount: 2,
        dissent: [expect.objectContaining({ name: '赵律师', position: 'revise' })],
      }),
    );
    const held = await bed.received(CaseEventType.HearingHeld, caseId);
    expect(decodeCaseEvent(held.type, JSON.parse(held.value))?.payload).toEqual(
      expect.objectContaining({ hearingId, majorityCount: 2, dissentRecorded: true }),
    );
    // Paused 23 to 27 March: the four days after the start day are given back (22 + 4 April
    // falls on a Sunday, so the limit ends on Monday 27 April).
    const state = await api('GET', `/cases/${caseId}/review-state`, { as: 'supervisor.440000' });
    expect(state.body.stage).toBe('reReviewRequested');
    expect((state.body.reReview as Record<string, unknown>).decisionDueDate).toBe('2026-04-27');
    const board = await api('GET', '/hearings/public');
    const published = (board.body.hearings as Array<Record<string, unknown>>).find(
      (h) => h.hearingId === hearingId,
    );
    expect(published).toEqual(
      expect.objectContaining({
        held: true,
        result: expect.objectContaining({ majorityOpinion: '维持复查意见', dissentCount: 1 }),
      }),
    );
  });

  it('terminates the matter with the re-review decision', async () => {
    now = at('2026-04-03');
    const r = await api('POST', `/re-reviews/${reReviewId}/decision`, {
      as: 'supervisor.440000',
      body: { outcome: 'uphold', summary: '维持复查意见', documentNumber: '粤信复核〔2026〕5号' },
    });
    expect(r.status).toBe(200);
    expect(r.body.terminatedAt).toBe(at('2026-04-03').toISOString());
    await bed.received(CaseEventType.ReReviewDecided, caseId);
    const terminated = await bed.received(CaseEventType.CaseTerminated, caseId);
    expect(decodeCaseEvent(terminated.type, JSON.parse(terminated.value))?.payload).toEqual(
      expect.objectContaining({
        reReviewId,
        subjectCode: 'labor.wages',
        locationRegionCode: '441481',
      }),
    );

    const client = createGrpcClient(hearingV1.HearingServiceClient, bed.service.grpcAddress, {
      token: async () => tokens['supervisor.440000'] ?? '',
    });
    try {
      const answer = await new Promise<hearingV1.IsTerminatedResponse>((resolve, reject) =>
        client.isTerminated({ caseId }, (err, res) => (err ? reject(err) : resolve(res))),
      );
      expect(answer).toEqual(expect.objectContaining({ terminated: true, reReviewId }));
      const state = await new Promise<hearingV1.GetReviewStateResponse>((resolve, reject) =>
        client.getReviewState({ caseId }, (err, res) => (err ? reject(err) : resolve(res))),
      );
      expect(state.stage).toBe(hearingV1.AppealStage.APPEAL_STAGE_TERMINATED);
      expect(state.hearings).toEqual([expect.objectContaining({ hearingId, held: true })]);
    } finally {
      client.close();
    }
  });
});
