import { toKafkaMessage } from '@xinfang/bus';
import {
  caseEvents,
  decodeCaseEvent,
  encodeCaseEvent,
  type CaseEventName,
  type CaseEventPayloads,
} from '@xinfang/contracts';
import {
  addDays,
  DEFAULT_CLOCK_POLICY,
  endOfDay,
  loadHolidayCalendar,
  newId,
  startOfDay,
} from '@xinfang/kernel';
import type { Consumer } from 'kafkajs';
import { createService, supervisionConfigSchema } from '../src';
import { passwordToken } from '../../../tests/support/keycloak';
import { startService, uniqueSuffix } from '../../../tests/support/service-harness';

jest.setTimeout(240_000);

type Running = Awaited<ReturnType<typeof startA>>;

const DAY_MS = 24 * 60 * 60 * 1000;
const calendar = loadHolidayCalendar();
const limits = DEFAULT_CLOCK_POLICY.limits;
const { stepDays, levels } = DEFAULT_CLOCK_POLICY.escalation;

const suffix = uniqueSuffix();
const topic = `test.supervision.${suffix}`;
const env = {
  CASE_EVENTS_TOPIC: topic,
  CASE_EVENTS_DLT: `${topic}.dlt`,
  SUPERVISION_CONSUMER_GROUP: `supervision-${suffix}`,
  SWEEP_INTERVAL: '150ms',
  SWEEP_BATCH: '3',
  LEASE_MS: '20s',
  OUTBOX_POLL_INTERVAL: '100ms',
};

/** The service's now, moved by the test; both instances share it. */
let now = new Date('2026-03-02T02:00:00.000Z');
const clock = () => new Date(now.getTime());

const startA = () =>
  startService(createService, { name: 'supervision', schema: supervisionConfigSchema, env, clock });

interface Published {
  id: string;
  type: string;
  name: string;
  caseId: string;
  payload: Record<string, unknown>;
}

let a: Running;
let b: Running;
let observer: Consumer;
const seen: Published[] = [];
const tokens: Record<string, string> = {};

const UNIT = { unitId: 'unit-441481-housing', name: '四会市住建局', regionCode: '441481' };
const OFFICE = { unitId: 'office-441481', name: '四会市信访局', regionCode: '441481' };

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, ms = 60_000) {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${String(last)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function caseRefOf(caseId: string) {
  return {
    caseId,
    caseNumber: `四信-${caseId.slice(-6)}`,
    tenantId: '441481',
    regionPath: '/440000/441400/441481',
    regionCode: '441481',
  };
}

async function publish<N extends CaseEventName>(
  name: N,
  caseId: string,
  at: Date,
  payload: caseEvents.DeepPartial<CaseEventPayloads[N]>,
) {
  const { type, json } = encodeCaseEvent(name, {
    caseRef: caseRefOf(caseId),
    actor: { subject: 'sub-clerk', username: 'clerk.441481', role: 'clerk', unitId: '' },
    occurredAt: at.toISOString(),
    ...payload,
  } as caseEvents.DeepPartial<CaseEventPayloads[N]>);
  await a.producer.send({
    topic,
    messages: [
      toKafkaMessage({
        id: newId(),
        type,
        source: 'xinfang/test',
        time: at.toISOString(),
        subject: caseId,
        tenantId: '441481',
        regionPath: '/440000/441400/441481',
        data: json,
      }),
    ],
  });
}

/** A case registered at `t0`, forwarded a day later and accepted by the unit a day after that. */
async function caseAcceptedAt(t0: Date) {
  const caseId = newId();
  await publish('CaseRegistered', caseId, t0, {
    channel: caseEvents.Channel.CHANNEL_LETTER,
    title: '小区加装电梯纠纷',
    subjectCode: '12',
    registeringOffice: OFFICE,
  });
  const forwardedAt = new Date(t0.getTime() + DAY_MS);
  await publish('CaseForwarded', caseId, forwardedAt, {
    fromUnit: OFFICE,
    toUnit: UNIT,
    letterNumber: '四信转〔2026〕1号',
  });
  const acceptedAt = new Date(t0.getTime() + 2 * DAY_MS);
  await publish('CaseAccepted', caseId, acceptedAt, { unit: UNIT });
  return { caseId, forwardedAt, acceptedAt };
}

async function api(user: string, method: string, path: string, body?: unknown) {
  tokens[user] ??= await passwordToken(user);
  const res = await fetch(`${a.baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${tokens[user]}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test reads arbitrary JSON
  const json: Record<string, any> = text ? JSON.parse(text) : {};
  return { status: res.status, body: json };
}

interface ClockJson {
  clockId: string;
  kind: string;
  state: string;
  dueDate: string;
  escalationLevel: number;
  stopReason: string | null;
}

async function clocksOf(caseId: string, user = 'supervisor.441481'): Promise<ClockJson[]> {
  const res = await api(user, 'GET', `/cases/${caseId}/clocks`);
  return res.status === 200 ? (res.body.clocks as ClockJson[]) : [];
}

/**
 * The distinct events of a kind on a case. Delivery is at least once (a relay may publish an
 * event again; consumers deduplicate by id), so a step fired twice shows as two ids.
 */
const ofCase = (caseId: string, name: string) => {
  const byId = new Map<string, Published>();
  for (const e of seen) if (e.caseId === caseId && e.name === name) byId.set(e.id, e);
  return [...byId.values()];
};

beforeAll(async () => {
  a = await startA();
  // A second replica on the same database and topic: two sweepers racing on the same clocks.
  b = await startService(createService, {
    name: 'supervision',
    schema: supervisionConfigSchema,
    env: { ...env, MONGO_DB: a.config.MONGO_DB },
    clock,
    keepDatabase: true,
  });
  observer = a.kafka.consumer({ groupId: `observer-${suffix}`, maxWaitTimeInMs: 200 });
  await observer.connect();
  await observer.subscribe({ topic, fromBeginning: true });
  const joined = new Promise<void>((resolve) => {
    const off = observer.on(observer.events.GROUP_JOIN, () => {
      off();
      resolve();
    });
  });
  await observer.run({
    eachMessage: async ({ message }) => {
      const header = (k: string) => message.headers?.[k]?.toString() ?? '';
      const decoded = decodeCaseEvent(header('ce_type'), JSON.parse(message.value!.toString()));
      if (!decoded) return;
      seen.push({
        id: header('ce_id'),
        type: header('ce_type'),
        name: decoded.name,
        caseId: header('ce_subject'),
        payload: decoded.payload as unknown as Record<string, unknown>,
      });
    },
  });
  await joined;
});

afterAll(async () => {
  await observer?.disconnect();
  await b?.stop();
  await a?.stop();
});

describe('supervision on real Kafka, FerretDB and Keycloak', () => {
  let first: Awaited<ReturnType<typeof caseAcceptedAt>>;
  const others: string[] = [];

  it('starts, stops and dates the clocks from case events', async () => {
    const t0 = now;
    first = await caseAcceptedAt(t0);
    for (let i = 0; i < 3; i += 1) others.push((await caseAcceptedAt(t0)).caseId);

    const clocks = await eventually('the handling clock', async () => {
      const list = await clocksOf(first.caseId);
      return list.some((c) => c.kind === 'handling') ? list : undefined;
    });
    const byKind = (kind: string) => clocks.find((c) => c.kind === kind)!;
    expect(byKind('dispose')).toMatchObject({
      state: 'stopped',
      stopReason: 'met',
      dueDate: calendar.dueByCalendarDays(t0, limits.dispose.days),
    });
    expect(byKind('acceptance')).toMatchObject({
      state: 'stopped',
      stopReason: 'met',
      dueDate: calendar.dueByCalendarDays(first.forwardedAt, limits.acceptance.days),
    });
    expect(byKind('objection')).toMatchObject({ state: 'stopped', stopReason: 'cancelled' });
    expect(byKind('handling')).toMatchObject({
      state: 'running',
      escalationLevel: 0,
      dueDate: calendar.dueByCalendarDays(first.acceptedAt, limits.handling.days),
    });
    // Published by supervision's relay: the clocks' own events.
    await eventually('ClockStarted of handling', async () =>
      ofCase(first.caseId, 'ClockStarted').some(
        (e) => e.payload.kind === caseEvents.ClockKind.CLOCK_KIND_HANDLING,
      ),
    );
  });

  it('goes overdue and climbs the ladder once per level, with two sweepers racing', async () => {
    const all = [first.caseId, ...others];
    await eventually('every handling clock', async () => {
      for (const id of all) {
        if (!(await clocksOf(id)).some((c) => c.kind === 'handling')) return undefined;
      }
      return true;
    });
    const handling = (await clocksOf(first.caseId)).find((c) => c.kind === 'handling')!;
    const overdueSince = addDays(handling.dueDate, 1);

    // The day after the due date: overdue and level 1 at once.
    now = new Date(endOfDay(handling.dueDate).getTime() + 60 * 60 * 1000);
    for (let level = 1; level <= levels; level += 1) {
      if (level > 1)
        now = new Date(startOfDay(addDays(overdueSince, stepDays * (level - 1))).getTime() + 1000);
      await eventually(`level ${level} on every case`, async () =>
        all.every((id) => ofCase(id, 'CaseEscalated').some((e) => e.payload.level === level)),
      );
      const view = (await clocksOf(first.caseId)).find((c) => c.kind === 'handling')!;
      expect(view.escalationLevel).toBe(level);
    }
    // Let both sweepers run a few more rounds at the top of the ladder: nothing more fires.
    await new Promise((r) => setTimeout(r, 1500));
    for (const id of all) {
      const overdue = ofCase(id, 'CaseOverdue').filter(
        (e) => e.payload.kind === caseEvents.ClockKind.CLOCK_KIND_HANDLING,
      );
      expect(overdue).toHaveLength(1);
      const escalated = ofCase(id, 'CaseEscalated').map((e) => e.payload.level as number);
      expect(escalated.sort()).toEqual(Array.from({ length: levels }, (_, i) => i + 1));
    }
    const level1 = ofCase(first.caseId, 'CaseEscalated').find((e) => e.payload.level === 1)!;
    expect(level1.payload).toMatchObject({
      body: caseEvents.EscalationBody.ESCALATION_BODY_PETITION_BUREAU,
      overdueSince,
      clockId: handling.clockId,
    });
    const level3 = ofCase(first.caseId, 'CaseEscalated').find((e) => e.payload.level === 3)!;
    expect(level3.payload.body).toBe(
      caseEvents.EscalationBody.ESCALATION_BODY_DISCIPLINE_COMMISSION,
    );
  });

  it("keeps another county's supervisor out of the case", async () => {
    const other = await api('supervisor.441422', 'GET', `/cases/${first.caseId}/clocks`);
    expect(other.status).toBe(404);
    const own = await api('supervisor.441481', 'GET', `/cases/${first.caseId}/clocks`);
    expect(own.status).toBe(200);
    const city = await api('supervisor.441400', 'GET', `/cases/${first.caseId}/clocks`);
    expect(city.status).toBe(200);
    expect(city.body.clocks.length).toBe(own.body.clocks.length);
  });

  it('refuses to close without the 六有 and names bad fields', async () => {
    const bad = await api('clerk.441481', 'POST', `/cases/${first.caseId}/close`, {
      reason: 'finished',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.issues).toEqual([expect.objectContaining({ field: 'body.reason' })]);

    const refused = await api('clerk.441481', 'POST', `/cases/${first.caseId}/close`, {
      reason: 'replied',
    });
    expect(refused.status).toBe(422);
    const missing = (refused.body.missing as Array<{ item: string }>).map((m) => m.item);
    expect(missing).toEqual(
      expect.arrayContaining(['leaderDecision', 'signedReport', 'replyAndFollowUp']),
    );
    expect(missing).not.toContain('caseFacts');
    expect(missing).not.toContain('ledgerEntryAndAssignmentLetter');
  });

  it('assigns one leader per case and answers over REST', async () => {
    const leader = {
      leader: { subject: 'sub-leader-1', name: '李副县长', title: '副县长' },
      duties: ['阅批', '督办'],
    };
    const assigned = await api(
      'supervisor.441481',
      'POST',
      `/cases/${first.caseId}/leader`,
      leader,
    );
    expect(assigned.status).toBe(201);
    expect(assigned.body).toMatchObject({ subject: 'sub-leader-1', duties: ['阅批', '督办'] });
    const second = await api('supervisor.441481', 'POST', `/cases/${first.caseId}/leader`, {
      ...leader,
      leader: { subject: 'sub-leader-2', name: '王副县长', title: '副县长' },
    });
    expect(second.status).toBe(409);
    const missingDuties = await api('supervisor.441481', 'POST', `/cases/${first.caseId}/leader`, {
      leader: leader.leader,
    });
    expect(missingDuties.status).toBe(400);
    expect(missingDuties.body.issues[0].field).toBe('body.duties');
  });
});
