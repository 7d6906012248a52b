// One case across services on the real servers: a township clerk registers it at intake; routing
// opens it from the CaseRegistered event and proposes the competent unit; the township office
// forwards it; the county unit accepts, is granted one extension by its head and replies;
// intake follows every step from the topic, so the petitioner's timeline shows it and the portal
// rating is accepted only after the reply; statistics projects the whole history. The petitioner
// then asks for review at the city and re-review at the province (hearing); the re-review decision
// terminates the matter, and intake refuses the same matter registered again.
import { createService as createHearing, hearingConfigSchema } from '@xinfang/hearing';
import { createService as createIntake, intakeConfigSchema } from '@xinfang/intake';
import { createService as createRouting, routingConfigSchema } from '@xinfang/routing';
import { createService as createStatistics, statisticsConfigSchema } from '@xinfang/statistics';
import { passwordToken } from '../support/keycloak';
import { startService, uniqueSuffix } from '../support/service-harness';

jest.setTimeout(300_000);

const suffix = uniqueSuffix();
const topic = `test.lifecycle.${suffix}`;
const topicEnv = { CASE_EVENTS_TOPIC: topic, CASE_EVENTS_DLT: `${topic}.dlt` };

type Json = Record<string, unknown>;

async function call(
  baseUrl: string,
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
) {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Json };
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

describe('a petition from a township clerk to the reply, across intake, routing, statistics and hearing', () => {
  const token: Record<string, string> = {};
  let intake: Awaited<ReturnType<typeof startIntakeService>>;
  let routing: Awaited<ReturnType<typeof startRoutingService>>;
  let statistics: Awaited<ReturnType<typeof startStatisticsService>>;
  let hearing: Awaited<ReturnType<typeof startHearingService>>;
  let caseId = '';
  const unit = { township: '', government: '', labour: '' };

  function startIntakeService() {
    return startService(createIntake, {
      name: 'intake',
      schema: intakeConfigSchema,
      env: {
        ...topicEnv,
        INTAKE_CONSUMER_GROUP: `e2e-intake-${suffix}`,
        OUTBOX_POLL_INTERVAL: '100ms',
      },
    });
  }
  function startRoutingService() {
    return startService(createRouting, {
      name: 'routing',
      schema: routingConfigSchema,
      env: {
        ...topicEnv,
        ROUTING_CONSUMER_GROUP: `e2e-routing-${suffix}`,
        OUTBOX_POLL_INTERVAL: '100',
      },
    });
  }
  function startStatisticsService() {
    return startService(createStatistics, {
      name: 'statistics',
      schema: statisticsConfigSchema,
      env: {
        ...topicEnv,
        STATISTICS_CONSUMER_GROUP: `e2e-statistics-${suffix}`,
        STATISTICS_COMPACT_INTERVAL: '200ms',
      },
    });
  }

  function startHearingService() {
    return startService(createHearing, {
      name: 'hearing',
      schema: hearingConfigSchema,
      env: {
        ...topicEnv,
        HEARING_CONSUMER_GROUP: `e2e-hearing-${suffix}`,
        OUTBOX_POLL_INTERVAL: '100',
      },
    });
  }

  const routingApi = (user: string, method: string, path: string, body?: unknown) =>
    call(routing.baseUrl, token[user]!, method, path, body);

  beforeAll(async () => {
    const users = [
      'clerk.441481001',
      'tenant-admin.441481',
      'handler.441481',
      'unit-head.441481',
      'clerk.441422',
      'clerk.441400',
      'supervisor.441400',
      'clerk.440000',
      'supervisor.440000',
    ];
    await Promise.all(users.map(async (u) => (token[u] = await passwordToken(u))));
    [intake, routing, statistics, hearing] = await Promise.all([
      startIntakeService(),
      startRoutingService(),
      startStatisticsService(),
      startHearingService(),
    ]);

    // The county's tenant admin sets up the directory: the township's petition office, the
    // county government (属地) and the labour bureau with a routing rule.
    const contacts = [{ name: '值班室', phone: '0753-3000001' }];
    const create = async (body: Json) => {
      const r = await routingApi('tenant-admin.441481', 'POST', '/units', { contacts, ...body });
      expect(r.status).toBe(201);
      return String(r.body.id);
    };
    unit.township = await create({
      regionCode: '441481001',
      name: '兴田街道信访办',
      kind: 'petitionOffice',
    });
    unit.government = await create({
      regionCode: '441481',
      name: '兴宁市人民政府',
      kind: 'government',
      isLocalGovernment: true,
    });
    unit.labour = await create({
      regionCode: '441481',
      name: '兴宁市人力资源和社会保障局',
      kind: 'department',
      subjectCodes: ['labour-social-security'],
      parentUnitId: unit.government,
    });
    const members: Array<[string, string]> = [
      [unit.township, 'clerk.441481001'],
      [unit.labour, 'handler.441481'],
      [unit.labour, 'unit-head.441481'],
    ];
    for (const [unitId, username] of members) {
      const r = await routingApi('tenant-admin.441481', 'POST', `/units/${unitId}/members`, {
        username,
      });
      expect(r.status).toBe(201);
    }
    const rule = await routingApi('tenant-admin.441481', 'POST', '/rules', {
      scopeRegionCode: '441481',
      name: '劳动保障事项',
      subjectCodes: ['labour-social-security'],
      targetUnitId: unit.labour,
    });
    expect(rule.status).toBe(201);
  });

  afterAll(async () => {
    await Promise.all([hearing?.stop(), statistics?.stop(), routing?.stop(), intake?.stop()]);
  });

  it('walks registration, proposal, forwarding, acceptance, extension and reply', async () => {
    const registered = await call(intake.baseUrl, token['clerk.441481001']!, 'POST', '/cases', {
      channel: 'visit',
      nature: 'claim',
      subjectCode: 'labour-social-security',
      title: '反映某工地拖欠农民工工资',
      narrative: '本人在某工地务工半年,工资至今未结清,多次讨要无果,请求协调解决。',
      location: { regionCode: '441481001', address: '兴宁市兴田街道' },
      urgency: 'normal',
      petitioners: [{ name: '李四', idNumber: '441481199006064560', phone: '13900001111' }],
      attachments: [],
    });
    expect(registered.status).toBe(201);
    caseId = String(registered.body.caseId);
    const caseNumber = String(registered.body.caseNumber);
    const queryCode = String(registered.body.queryCode);

    // Routing opens the case from the event and proposes the labour bureau by rule.
    const opened = await eventually('routing to open the case', async () => {
      const r = await routingApi('clerk.441481001', 'GET', `/cases/${caseId}`);
      return r.status === 200 && r.body.proposal ? r.body : undefined;
    });
    expect(opened).toMatchObject({
      status: 'registered',
      proposal: { lead: { unitId: unit.labour } },
    });

    const forwarded = await routingApi('clerk.441481001', 'POST', `/cases/${caseId}/dispose`, {
      action: 'forward',
    });
    expect(forwarded.status).toBe(200);

    const accepted = await routingApi('handler.441481', 'POST', `/cases/${caseId}/accept`, {
      unitId: unit.labour,
    });
    expect(accepted.status).toBe(200);

    const asked = await routingApi(
      'handler.441481',
      'POST',
      `/cases/${caseId}/extension-requests`,
      {
        unitId: unit.labour,
        days: 15,
        reason: '需调取用工记录核实',
      },
    );
    expect(asked.status).toBe(200);
    const approved = await routingApi(
      'unit-head.441481',
      'POST',
      `/cases/${caseId}/extension-requests/approve`,
      { unitId: unit.labour },
    );
    expect(approved.status).toBe(200);

    // Before the reply, the petitioner cannot rate yet.
    const early = await call(intake.baseUrl, null, 'POST', '/portal/rate', {
      caseNumber,
      queryCode,
      rating: 'satisfied',
    });
    expect(early.status).toBe(422);

    const replied = await routingApi('handler.441481', 'POST', `/cases/${caseId}/reply`, {
      unitId: unit.labour,
      outcome: 'supported',
      opinionSummary: '已责令用人单位限期结清工资',
      documentNumber: '兴人社复〔2026〕12号',
      deliveredAt: new Date().toISOString(),
      deliveryMethod: 'letter',
    });
    expect(replied.status).toBe(200);

    // Intake follows routing's events: the timeline shows acceptance and reply, and the rating
    // is accepted once.
    const timeline = await eventually('intake to record the reply', async () => {
      const r = await call(intake.baseUrl, null, 'POST', '/portal/track', {
        caseNumber,
        queryCode,
      });
      return r.status === 200 && JSON.stringify(r.body).includes('已出具处理意见并答复')
        ? r.body
        : undefined;
    });
    expect(JSON.stringify(timeline)).toContain('已受理');
    expect(JSON.stringify(timeline)).not.toContain('handler.441481');
    const rated = await call(intake.baseUrl, null, 'POST', '/portal/rate', {
      caseNumber,
      queryCode,
      rating: 'satisfied',
    });
    expect(rated.status).toBe(200);

    // Statistics projected every step, each once.
    const history = await eventually('statistics to project the rating', async () => {
      const r = await call(
        statistics.baseUrl,
        token['clerk.441481001']!,
        'GET',
        `/cases/${caseId}/timeline`,
      );
      const names = ((r.body.entries ?? []) as Array<{ name: string }>).map((e) => e.name);
      return names.includes('SatisfactionRated') ? names : undefined;
    });
    for (const name of [
      'CaseRegistered',
      'CaseForwarded',
      'CaseAccepted',
      'CaseExtensionRequested',
      'CaseExtended',
      'CaseReplied',
      'SatisfactionRated',
    ]) {
      expect(history.filter((n) => n === name)).toHaveLength(1);
    }

    // Another county sees none of it.
    const other = token['clerk.441422']!;
    expect((await call(intake.baseUrl, other, 'GET', `/cases/${caseId}`)).status).toBe(404);
    expect([403, 404]).toContain(
      (await call(routing.baseUrl, other, 'GET', `/cases/${caseId}`)).status,
    );
    expect((await call(statistics.baseUrl, other, 'GET', `/cases/${caseId}`)).status).toBe(404);
  });

  it('takes review and re-review to the higher authorities, terminates, and intake refuses the matter again', async () => {
    const hearingApi = (user: string, method: string, path: string, body?: unknown) =>
      call(hearing.baseUrl, token[user]!, method, path, body);
    // Hearing learned of the reply from the topic; the review goes to the city above the unit.
    const review = await eventually('the review window to open', async () => {
      const r = await hearingApi('clerk.441400', 'POST', `/cases/${caseId}/reviews`, {
        grounds: '认为工资计算有误',
      });
      return r.status === 201 ? r.body : undefined;
    });
    expect(review.authority).toEqual(expect.objectContaining({ regionCode: '441400' }));
    const decided = await hearingApi(
      'supervisor.441400',
      'POST',
      `/reviews/${review.id}/decision`,
      {
        outcome: 'uphold',
        summary: '维持原处理意见',
        documentNumber: '梅信复查〔2026〕9号',
      },
    );
    expect(decided.status).toBe(200);

    const reReview = await hearingApi('clerk.440000', 'POST', `/cases/${caseId}/re-reviews`, {
      grounds: '仍不服复查意见',
    });
    expect(reReview.status).toBe(201);
    expect(reReview.body.authority).toEqual(expect.objectContaining({ regionCode: '440000' }));
    const final = await hearingApi(
      'supervisor.440000',
      'POST',
      `/re-reviews/${reReview.body.id}/decision`,
      {
        outcome: 'uphold',
        summary: '维持复查意见',
        documentNumber: '粤信复核〔2026〕11号',
      },
    );
    expect(final.status).toBe(200);

    // Intake records the termination from the topic and refuses the same matter on the same facts.
    const refused = await eventually('intake to refuse the terminated matter', async () => {
      const r = await call(intake.baseUrl, token['clerk.441481001']!, 'POST', '/cases', {
        channel: 'visit',
        nature: 'claim',
        subjectCode: 'labour-social-security',
        title: '再次反映工资拖欠',
        narrative: '工资问题仍未解决,再次来访反映。',
        location: { regionCode: '441481001', address: '兴宁市兴田街道' },
        urgency: 'normal',
        petitioners: [{ name: '李四', idNumber: '441481199006064560', phone: '13900001111' }],
        attachments: [],
      });
      return r.status === 422 ? r.body : undefined;
    });
    expect(String(refused.message)).toMatch(/终结|terminated/);
  });
});
