// The foundation's proof, end to end against the real Keycloak, Kafka and MongoDB-wire server:
// a county clerk's token from Keycloak registers a case through intake's REST API; intake writes it
// through mongoose with its event in the same document's outbox; a relay publishes it to Kafka; the
// statistics service's consumer projects it exactly once even though a relay died between
// publishing and acknowledging and the event was published twice; another county's clerk can
// neither read nor change the case; unsigned and expired tokens are refused.
import { OutboxRelay } from '@xinfang/bus';
import { createService as createIntake, intakeConfigSchema } from '@xinfang/intake';
import { createService as createStatistics, statisticsConfigSchema } from '@xinfang/statistics';
import type { Model } from 'mongoose';
import type { Consumer } from 'kafkajs';
import { decodeJwt, passwordToken } from '../support/keycloak';
import { startService, uniqueSuffix } from '../support/service-harness';

jest.setTimeout(240_000);

const suffix = uniqueSuffix();
const topic = `test.proof.${suffix}`;
const topicEnv = { CASE_EVENTS_TOPIC: topic, CASE_EVENTS_DLT: `${topic}.dlt` };

type Intake = Awaited<ReturnType<typeof startIntake>>;
type Statistics = Awaited<ReturnType<typeof startStatistics>>;

function startIntake() {
  return startService(createIntake, {
    name: 'intake',
    schema: intakeConfigSchema,
    // The relay is driven by hand below, so that it can die mid-way.
    startWorkers: false,
    env: { ...topicEnv, INTAKE_CONSUMER_GROUP: `proof-intake-${suffix}` },
  });
}

function startStatistics() {
  return startService(createStatistics, {
    name: 'statistics',
    schema: statisticsConfigSchema,
    env: {
      ...topicEnv,
      STATISTICS_CONSUMER_GROUP: `proof-statistics-${suffix}`,
      STATISTICS_COMPACT_INTERVAL: '200ms',
    },
  });
}

/** A relay that dies after Kafka acknowledged the batch and before the outbox is cleared. */
class RelayKilledAfterPublish extends OutboxRelay {
  published = 0;
  protected override async acknowledge(): Promise<void> {
    this.published += 1;
    throw new Error('relay killed between publish and acknowledge');
  }
}

function aPetition(idNumber: string, title: string) {
  return {
    channel: 'letter',
    nature: 'claim',
    subjectCode: 'land-acquisition',
    title,
    narrative: '村里土地被征收,补偿款至今只发放了一半,多次询问未果,请求依法足额发放。',
    location: { regionCode: '441481001', address: '兴宁市兴田街道某村' },
    urgency: 'normal',
    petitioners: [{ name: '张三', idNumber, phone: '13812345678', address: '兴宁市兴田街道某村' }],
    attachments: [],
  };
}

async function call(
  baseUrl: string,
  path: string,
  token: string | null,
  init: { method?: string; body?: unknown } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, ms = 60_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Every record on the topic, to show the duplicate publication really happened. */
async function recordTopic(intake: Intake) {
  const seen: string[] = [];
  const consumer: Consumer = intake.kafka.consumer({ groupId: `proof-observer-${suffix}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const id = message.headers?.ce_id?.toString();
      if (id) seen.push(id);
    },
  });
  return { seen, stop: () => consumer.disconnect() };
}

describe('foundation proof: token → REST → mongoose + outbox → Kafka → another service', () => {
  let intake: Intake;
  let statistics: Statistics;
  let clerkA: string;
  let clerkB: string;
  const caseIds: string[] = [];

  beforeAll(async () => {
    [clerkA, clerkB] = await Promise.all([
      passwordToken('clerk.441481'),
      passwordToken('clerk.441422'),
    ]);
    intake = await startIntake();
    statistics = await startStatistics();
  });

  afterAll(async () => {
    await statistics?.stop();
    await intake?.stop();
  });

  it('issues a county clerk a real Keycloak token carrying the county and the role', () => {
    const claims = decodeJwt(clerkA) as { regions: string[]; realm_access: { roles: string[] } };
    expect(claims.regions).toEqual(['/440000/441400/441481']);
    expect(claims.realm_access.roles).toContain('clerk');
  });

  it('registers cases through REST; state and event are stored together', async () => {
    const petitions = [
      aPetition('441481198503151230', '反映征地补偿款未足额发放'),
      aPetition('441481199006064560', '反映宅基地征收安置问题'),
    ];
    for (const petition of petitions) {
      const res = await call(intake.baseUrl, '/cases', clerkA, { method: 'POST', body: petition });
      expect(res.status).toBe(201);
      caseIds.push(String(res.body.caseId));
    }
    const cases = intake.connection.model('Case') as Model<{ outbox: unknown[] }>;
    const raw = await cases.collection.find({ _id: { $in: caseIds } } as never).toArray();
    expect(raw).toHaveLength(2);
    for (const doc of raw) {
      expect(doc.outboxPending).toBe(true);
      expect(doc.outbox).toHaveLength(1);
      expect(JSON.stringify(doc)).not.toContain('441481198503151230');
    }
  });

  it('delivers each event to the other service exactly once although a relay died mid-way', async () => {
    const observer = await recordTopic(intake);
    try {
      const cases = intake.connection.model('Case') as never;
      const relayOptions = {
        models: [cases],
        producer: intake.producer,
        topic,
        source: 'xinfang/intake',
        logger: intake.logger,
      };
      const dying = new RelayKilledAfterPublish(relayOptions);
      await expect(dying.drainOnce()).rejects.toThrow('relay killed');
      expect(dying.published).toBeGreaterThan(0);

      // The replacement relay finds the outbox still full and publishes again.
      const restarted = new OutboxRelay(relayOptions);
      await eventually('the outbox to drain', async () =>
        (await restarted.drainOnce()) === 0 ? true : undefined,
      );

      const eventIds = await eventually('both events published twice', async () => {
        const counts = new Map<string, number>();
        for (const id of observer.seen) counts.set(id, (counts.get(id) ?? 0) + 1);
        const twice = [...counts].filter(([, n]) => n >= 2).map(([id]) => id);
        return twice.length >= caseIds.length ? twice : undefined;
      });
      expect(eventIds.length).toBe(caseIds.length);

      for (const caseId of caseIds) {
        const timeline = await eventually(`the projection of ${caseId}`, async () => {
          const res = await call(statistics.baseUrl, `/cases/${caseId}/timeline`, clerkA);
          return res.status === 200 ? res.body : undefined;
        });
        const entries = timeline.entries as Array<{ name: string; eventId: string }>;
        expect(entries.filter((e) => e.name === 'CaseRegistered')).toHaveLength(1);
      }
      // Let any redelivery land, then look again: still exactly once.
      await new Promise((r) => setTimeout(r, 1_500));
      const again = await call(statistics.baseUrl, `/cases/${caseIds[0]}/timeline`, clerkA);
      const entries = again.body.entries as Array<{ name: string }>;
      expect(entries.filter((e) => e.name === 'CaseRegistered')).toHaveLength(1);
    } finally {
      await observer.stop();
    }
  });

  it('refuses another county: it can neither read nor change the case', async () => {
    const [caseId] = caseIds;
    expect((await call(intake.baseUrl, `/cases/${caseId}`, clerkA)).status).toBe(200);
    expect((await call(intake.baseUrl, `/cases/${caseId}`, clerkB)).status).toBe(404);
    expect((await call(statistics.baseUrl, `/cases/${caseId}`, clerkB)).status).toBe(404);
    expect((await call(statistics.baseUrl, `/cases/${caseId}/timeline`, clerkB)).status).toBe(404);

    const listed = await call(intake.baseUrl, '/cases', clerkB);
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body)).not.toContain(String(caseId));

    // A write through the data layer on behalf of county B does not reach county A's document.
    const before = await intake.connection.collection('cases').findOne({ _id: caseId } as never);
    const { runWithContext, principalFromClaims } = await import('@xinfang/principal');
    const model = intake.connection.model('Case');
    const principalB = principalFromClaims(decodeJwt(clerkB));
    const result = await runWithContext({ principal: principalB }, async () =>
      model.updateOne({ _id: caseId }, { $set: { title: '篡改' } }).exec(),
    );
    expect(result.modifiedCount).toBe(0);
    const after = await intake.connection.collection('cases').findOne({ _id: caseId } as never);
    expect(after?.title).toEqual(before?.title);
  });

  it('refuses unsigned, forged and expired tokens', async () => {
    const [caseId] = caseIds;
    const [header, payload] = clerkA.split('.');
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    const forged = `${header}.${payload}.${Buffer.from('not-the-signature').toString('base64url')}`;
    for (const token of [unsigned, forged, 'garbage']) {
      expect((await call(intake.baseUrl, `/cases/${caseId}`, token)).status).toBe(401);
    }
    expect((await call(intake.baseUrl, `/cases/${caseId}`, null)).status).toBe(401);

    // xinfang-test-short issues tokens that live two seconds.
    const shortLived = await passwordToken('clerk.441481', undefined, 'xinfang-test-short');
    expect((await call(intake.baseUrl, `/cases/${caseId}`, shortLived)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 3_500));
    const expired = await call(intake.baseUrl, `/cases/${caseId}`, shortLived);
    expect(expired.status).toBe(401);
  });
});
