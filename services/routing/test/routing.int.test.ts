import { promisify } from 'node:util';
import { caseEvents, routingV1 } from '@xinfang/contracts';
import { addDays, newId, toLocalDate } from '@xinfang/kernel';
import { createGrpcClient } from '@xinfang/service-kit';
import { AuditLog } from '@xinfang/store';
import { runAsSystem } from '@xinfang/principal';
import { createService, routingConfigSchema } from '@xinfang/routing';
import { passwordToken } from '../../../tests/support/keycloak';
import { startService, uniqueSuffix } from '../../../tests/support/service-harness';
import {
  Api,
  apiAt,
  eventually,
  EventObserver,
  Issue,
  publishRegistration,
  Registration,
} from './support/routing-int';

// Routing against the real Kafka, FerretDB and Keycloak: the directory set up by the tenant admin
// over REST, cases arriving as CaseRegistered events, every step by the demo realm's users, and
// each step's event read back from the topic.

jest.setTimeout(180_000);

const suffix = uniqueSuffix();
const topic = `test.routing.${suffix}`;
let clockOffsetDays = 0;
const now = () => new Date(Date.now() + clockOffsetDays * 86_400_000);

let service: Awaited<
  ReturnType<
    typeof startService<typeof routingConfigSchema, Awaited<ReturnType<typeof createService>>>
  >
>;
let api: Api;
let observer: EventObserver;
const token: Record<string, string> = {};
const unit: Record<'office' | 'government' | 'hr' | 'land', string> = {
  office: '',
  government: '',
  hr: '',
  land: '',
};

const USERS = [
  'tenant-admin.441481',
  'clerk.441481',
  'handler.441481',
  'unit-head.441481',
  'tenant-admin.441422',
  'clerk.441422',
  'handler.441422',
  'unit-head.441422',
];

async function createUnit(body: Record<string, unknown>): Promise<string> {
  const r = await api(token['tenant-admin.441481']!, 'post', '/units', body);
  expect(r.status).toBe(201);
  return r.body.id as string;
}

async function addMember(unitId: string, username: string): Promise<void> {
  const r = await api(token['tenant-admin.441481']!, 'post', `/units/${unitId}/members`, {
    username,
  });
  expect(r.status).toBe(201);
}

/** Publishes a registration and waits until routing has opened the case with its proposal. */
async function registered(r: Omit<Registration, 'caseId' | 'caseNumber'>) {
  const caseId = newId();
  const caseNumber = `XF-441481-${toLocalDate(now()).replace(/-/g, '')}-${caseId.slice(-6)}`;
  await publishRegistration(service.producer, topic, { caseId, caseNumber, ...r }, now());
  const assignment = await eventually(async () => {
    const got = await api(token['clerk.441481']!, 'get', `/cases/${caseId}`);
    return got.status === 200 && got.body.proposal ? got.body : undefined;
  }, `routing of ${caseId}`);
  return { caseId, assignment };
}

beforeAll(async () => {
  service = await startService(createService, {
    name: 'routing',
    schema: routingConfigSchema,
    env: {
      CASE_EVENTS_TOPIC: topic,
      CASE_EVENTS_DLT: `${topic}.dlt`,
      ROUTING_CONSUMER_GROUP: `routing-${suffix}`,
      OUTBOX_POLL_INTERVAL: '100',
    },
    clock: now,
  });
  api = apiAt(service.baseUrl);
  observer = new EventObserver(service.kafka, topic, `observer-${suffix}`);
  await observer.start();
  await Promise.all(
    USERS.map(async (u) => {
      token[u] = await passwordToken(u);
    }),
  );

  const contacts = [{ name: '信访科', phone: '0753-3000000' }];
  unit.office = await createUnit({
    regionCode: '441481',
    name: '兴宁市信访局',
    kind: 'petitionOffice',
    contacts,
  });
  unit.government = await createUnit({
    regionCode: '441481',
    name: '兴宁市人民政府',
    kind: 'government',
    isLocalGovernment: true,
    contacts,
  });
  unit.hr = await createUnit({
    regionCode: '441481',
    name: '兴宁市人力资源和社会保障局',
    kind: 'department',
    subjectCodes: ['labour-social-security'],
    parentUnitId: unit.government,
    contacts,
  });
  unit.land = await createUnit({
    regionCode: '441481',
    name: '兴宁市自然资源局',
    kind: 'department',
    subjectCodes: ['natural-resources'],
    parentUnitId: unit.government,
    contacts,
  });
  await addMember(unit.office, 'clerk.441481');
  for (const u of [unit.hr, unit.land]) {
    await addMember(u, 'handler.441481');
    await addMember(u, 'unit-head.441481');
  }
  const rule = await api(token['tenant-admin.441481']!, 'post', '/rules', {
    scopeRegionCode: '441481',
    name: '劳动保障事项',
    subjectCodes: ['labour-social-security'],
    targetUnitId: unit.hr,
  });
  expect(rule.status).toBe(201);
});

afterAll(async () => {
  await observer?.stop();
  const admin = service?.kafka.admin();
  await service?.stop();
  // The topics were this file's own.
  if (admin) {
    await admin.connect();
    await admin.deleteTopics({ topics: [topic, `${topic}.dlt`] }).catch(() => undefined);
    await admin.disconnect();
  }
});

describe('the unit directory and jurisdiction', () => {
  it('keeps units, members and rules per tenant, and refuses other tenants', async () => {
    const list = await api(token['clerk.441481']!, 'get', '/units?regionCode=441481');
    expect(list.status).toBe(200);
    expect((list.body.items as { name: string }[]).map((u) => u.name)).toEqual(
      expect.arrayContaining(['兴宁市信访局', '兴宁市人力资源和社会保障局']),
    );
    const members = await api(token['tenant-admin.441481']!, 'get', `/units/${unit.hr}/members`);
    expect((members.body.items as { username: string }[]).map((m) => m.username).sort()).toEqual([
      'handler.441481',
      'unit-head.441481',
    ]);
    const again = await api(token['tenant-admin.441481']!, 'post', `/units/${unit.hr}/members`, {
      username: 'handler.441481',
    });
    expect(again.status).toBe(409);

    const admin422 = token['tenant-admin.441422']!;
    const foreign = [
      await api(admin422, 'post', '/units', {
        regionCode: '441481',
        name: '越权单位',
        kind: 'department',
      }),
      await api(admin422, 'put', `/units/${unit.hr}`, { name: '改名', kind: 'department' }),
      await api(admin422, 'post', `/units/${unit.hr}/members`, { username: 'handler.441422' }),
      await api(admin422, 'get', `/units/${unit.hr}/members`),
      await api(admin422, 'delete', `/units/${unit.hr}/members/handler.441481`),
      await api(admin422, 'post', `/units/${unit.hr}/deactivate`),
      await api(admin422, 'post', '/rules', {
        scopeRegionCode: '441481',
        name: '越权规则',
        subjectCodes: ['natural-resources'],
        targetUnitId: unit.land,
      }),
    ];
    for (const r of foreign) expect(r.status).toBe(403);
    // A county's own admin keeps the county's units, and no clerk does.
    const clerk = await api(token['clerk.441481']!, 'post', '/units', {
      regionCode: '441481',
      name: '某单位',
      kind: 'department',
    });
    expect(clerk.status).toBe(403);
  });

  it('resolves by rule, falls back to the local government, and answers over gRPC', async () => {
    const byRule = await api(token['clerk.441481']!, 'post', '/jurisdiction/resolve', {
      regionCode: '441481001',
      subjectCode: 'labour-social-security.wages',
    });
    expect(byRule.status).toBe(200);
    expect(byRule.body.proposal).toMatchObject({ basis: 'rule', lead: { unitId: unit.hr } });
    const fallback = await api(token['clerk.441481']!, 'post', '/jurisdiction/resolve', {
      regionCode: '441481',
      subjectCode: 'urban-management',
    });
    expect(fallback.body.proposal).toMatchObject({
      basis: 'localGovernment',
      lead: { unitId: unit.government },
    });
    const several = await api(token['clerk.441481']!, 'post', '/jurisdiction/resolve', {
      regionCode: '441481',
      subjectCode: 'labour-social-security',
      involved: [{ regionCode: '441481', subjectCode: 'natural-resources' }],
    });
    expect(several.body.proposal).toMatchObject({ basis: 'commonSuperior' });
    const cross = await api(token['clerk.441481']!, 'post', '/jurisdiction/resolve', {
      regionCode: '441481',
      subjectCode: 'labour-social-security',
      crossJurisdiction: true,
      involved: [{ regionCode: '441481', subjectCode: 'natural-resources' }],
    });
    expect(cross.body.proposal).toMatchObject({
      lead: { unitId: unit.hr },
      coUnits: [{ unitId: unit.government }],
    });

    const client = createGrpcClient(routingV1.RoutingServiceClient, service.grpcAddress, {
      token: async () => token['clerk.441481']!,
    });
    try {
      const resolve = promisify(client.resolveJurisdiction.bind(client)) as (
        r: routingV1.ResolveJurisdictionRequest,
      ) => Promise<routingV1.ResolveJurisdictionResponse>;
      const getUnit = promisify(client.getUnit.bind(client)) as (
        r: routingV1.GetUnitRequest,
      ) => Promise<routingV1.GetUnitResponse>;
      const listUnits = promisify(client.listUnits.bind(client)) as (
        r: routingV1.ListUnitsRequest,
      ) => Promise<routingV1.ListUnitsResponse>;
      const resolved = await resolve(
        routingV1.ResolveJurisdictionRequest.fromPartial({
          regionCode: '441481001',
          subjectCode: 'labour-social-security.wages',
        }),
      );
      expect(resolved.unit?.unitId).toBe(unit.hr);
      expect(resolved.fallback).toBe(false);
      expect(
        (await getUnit(routingV1.GetUnitRequest.fromPartial({ unitId: unit.land }))).unit?.name,
      ).toBe('兴宁市自然资源局');
      await expect(
        getUnit(routingV1.GetUnitRequest.fromPartial({ unitId: 'no-such-unit' })),
      ).rejects.toMatchObject({ code: 5 });
      const page = await listUnits(
        routingV1.ListUnitsRequest.fromPartial({ regionCode: '441481', pageSize: 2 }),
      );
      expect(page.units).toHaveLength(2);
      expect(page.nextPageToken).not.toBe('');
      const rest = await listUnits(
        routingV1.ListUnitsRequest.fromPartial({
          regionCode: '441481',
          pageToken: page.nextPageToken,
        }),
      );
      expect(rest.units.map((u) => u.unitId)).not.toContain(page.units[0]!.unitId);
    } finally {
      client.close();
    }
  });
});

describe('a case from registration to reply', () => {
  let caseId = '';

  it('opens with a proposal, is forwarded, accepted, extended once and replied', async () => {
    const opened = await registered({
      regionCode: '441481001',
      subjectCode: 'labour-social-security.wages',
      nature: 'claim',
      title: '某工地拖欠农民工工资',
    });
    caseId = opened.caseId;
    expect(opened.assignment).toMatchObject({
      status: 'registered',
      office: { unitId: unit.office },
      proposal: { basis: 'rule', lead: { unitId: unit.hr } },
    });
    // 15 calendar days from receipt, moved off a non-working last day.
    const disposeDue = opened.assignment.disposeDueDate as string;
    expect(disposeDue >= addDays(toLocalDate(now()), 15)).toBe(true);
    expect(disposeDue <= addDays(toLocalDate(now()), 25)).toBe(true);

    // Wrong step: nobody can accept a case still at the office.
    const early = await api(token['handler.441481']!, 'post', `/cases/${caseId}/accept`, {
      unitId: unit.hr,
    });
    expect(early.status).toBe(409);

    const forwarded = await api(token['clerk.441481']!, 'post', `/cases/${caseId}/dispose`, {
      action: 'forward',
      letterNumber: '兴信转〔2026〕1号',
    });
    expect(forwarded.status).toBe(200);
    expect(forwarded.body.case).toMatchObject({ status: 'forwarded' });
    const { event: fwd, payload: fwdPayload } = await observer.next('CaseForwarded', caseId);
    expect(fwd.type).toBe('xinfang.case.v1.CaseForwarded');
    expect(fwd.source).toBe('xinfang/routing');
    expect(fwd.tenantId).toBe('441481');
    expect(fwdPayload).toMatchObject({
      toUnit: { unitId: unit.hr },
      fromUnit: { unitId: unit.office },
      redacted: false,
      letterNumber: '兴信转〔2026〕1号',
    });

    const accepted = await api(token['handler.441481']!, 'post', `/cases/${caseId}/accept`, {
      unitId: unit.hr,
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('accepted');
    const handlingDue = accepted.body.handlingDueDate as string;
    const { payload: acc } = await observer.next('CaseAccepted', caseId);
    expect(acc).toMatchObject({ handlingDueDate: handlingDue, unit: { unitId: unit.hr } });

    const asked = await api(
      token['handler.441481']!,
      'post',
      `/cases/${caseId}/extension-requests`,
      { unitId: unit.hr, days: 20, reason: '需调取用工记录' },
    );
    expect(asked.status).toBe(200);
    await observer.next('CaseExtensionRequested', caseId);

    // Only the unit head approves.
    const byHandler = await api(
      token['handler.441481']!,
      'post',
      `/cases/${caseId}/extension-requests/approve`,
      { unitId: unit.hr },
    );
    expect(byHandler.status).toBe(403);
    const approved = await api(
      token['unit-head.441481']!,
      'post',
      `/cases/${caseId}/extension-requests/approve`,
      { unitId: unit.hr },
    );
    expect(approved.status).toBe(200);
    expect((approved.body.handlingDueDate as string) > handlingDue).toBe(true);
    const { payload: ext } = await observer.next('CaseExtended', caseId);
    expect(ext).toMatchObject({
      days: 20,
      previousDueDate: handlingDue,
      newDueDate: approved.body.handlingDueDate,
      approvedBy: { username: 'unit-head.441481' },
    });
    // One extension only.
    const second = await api(
      token['handler.441481']!,
      'post',
      `/cases/${caseId}/extension-requests`,
      { unitId: unit.hr, days: 5, reason: '再延' },
    );
    expect(second.status).toBe(422);

    const replied = await api(token['handler.441481']!, 'post', `/cases/${caseId}/reply`, {
      unitId: unit.hr,
      outcome: 'partlySupported',
      opinionSummary: '已责令用人单位限期支付工资',
      documentNumber: '兴人社复〔2026〕8号',
      deliveredAt: now().toISOString(),
      deliveryMethod: 'letter',
    });
    expect(replied.status).toBe(200);
    expect(replied.body.status).toBe('replied');
    const { event: repEvent, payload: rep } = await observer.next('CaseReplied', caseId);
    expect(rep).toMatchObject({
      outcome: caseEvents.ReplyOutcome.REPLY_OUTCOME_PARTLY_SUPPORTED,
      reviewAuthority: { unitId: unit.government },
    });
    // On the wire, enums are proto3 JSON names.
    expect(repEvent.data).toMatchObject({ outcome: 'REPLY_OUTCOME_PARTLY_SUPPORTED' });
    expect(observer.namesFor(caseId).filter((n) => n !== 'CaseRegistered')).toEqual([
      'CaseForwarded',
      'CaseAccepted',
      'CaseExtensionRequested',
      'CaseExtended',
      'CaseReplied',
    ]);

    // A forwarded case owes no result report.
    const report = await api(token['unit-head.441481']!, 'post', `/cases/${caseId}/result-report`, {
      unitId: unit.hr,
      summary: '已办结',
    });
    expect(report.status).toBe(409);
  });

  it('lists the case in the unit tray and not for other counties', async () => {
    const tray = await api(
      token['handler.441481']!,
      'get',
      `/cases?unitId=${unit.hr}&status=replied`,
    );
    expect(tray.status).toBe(200);
    expect((tray.body.items as { caseId: string }[]).map((c) => c.caseId)).toContain(caseId);
    const trail = await runAsSystem('audit-check', () =>
      new AuditLog(service.connection).trail('routing-case', caseId),
    );
    expect(trail.map((e) => e.action)).toEqual(
      expect.arrayContaining(['read', 'forward', 'accept', 'approve-extension', 'reply', 'list']),
    );
    expect(trail.find((e) => e.action === 'approve-extension')!.actor.username).toBe(
      'unit-head.441481',
    );
    const other = await api(token['clerk.441422']!, 'get', '/cases');
    expect(other.status).toBe(200);
    expect((other.body.items as { caseId: string }[]).map((c) => c.caseId)).not.toContain(caseId);
  });

  it('refuses staff of county 441422 at every endpoint of a 441481 case', async () => {
    const clerk = token['clerk.441422']!;
    const handler = token['handler.441422']!;
    const head = token['unit-head.441422']!;
    const body = { unitId: unit.hr };
    const calls: [string, string, string, unknown][] = [
      [clerk, 'get', `/cases/${caseId}`, undefined],
      [handler, 'get', `/cases/${caseId}`, undefined],
      [handler, 'get', `/cases/${caseId}/dossier?unitId=${unit.hr}`, undefined],
      [clerk, 'get', `/cases/${caseId}/dossier`, undefined],
      [handler, 'get', `/cases?unitId=${unit.hr}`, undefined],
      [clerk, 'get', `/cases?officeId=${unit.office}`, undefined],
      [clerk, 'post', `/cases/${caseId}/proposal`, {}],
      [clerk, 'post', `/cases/${caseId}/dispose`, { action: 'forward' }],
      [clerk, 'post', `/cases/${caseId}/reroute`, { mode: 'forward', reason: '改派' }],
      [handler, 'post', `/cases/${caseId}/accept`, body],
      [handler, 'post', `/cases/${caseId}/decline`, { ...body, reason: '不属于' }],
      [handler, 'post', `/cases/${caseId}/return`, { ...body, reason: '不属于' }],
      [handler, 'post', `/cases/${caseId}/extension-requests`, { ...body, days: 5, reason: 'x' }],
      [head, 'post', `/cases/${caseId}/extension-requests/approve`, body],
      [
        handler,
        'post',
        `/cases/${caseId}/reply`,
        { ...body, outcome: 'supported', opinionSummary: 'x' },
      ],
      [head, 'post', `/cases/${caseId}/result-report`, { ...body, summary: 'x' }],
    ];
    for (const [who, method, path, b] of calls) {
      const r = await api(who, method, path, b);
      expect({ method, path, refused: [403, 404].includes(r.status) }).toEqual({
        method,
        path,
        refused: true,
      });
    }
  });
});

describe('a misrouted case', () => {
  it('is returned within 5 working days and re-routed to the unit suggested', async () => {
    const { caseId } = await registered({
      regionCode: '441481',
      subjectCode: 'labour-social-security.pension',
      nature: 'claim',
    });
    const sent = await api(token['clerk.441481']!, 'post', `/cases/${caseId}/dispose`, {
      action: 'assign',
      leadUnitId: unit.land,
      resultReportDueDate: addDays(toLocalDate(now()), 20),
    });
    expect(sent.status).toBe(200);
    const { payload: assigned } = await observer.next('CaseAssigned', caseId);
    expect(assigned.toUnit).toMatchObject({ unitId: unit.land });

    const returned = await api(token['handler.441481']!, 'post', `/cases/${caseId}/return`, {
      unitId: unit.land,
      reason: '养老保险待遇不属我局职责',
      suggestedUnitId: unit.hr,
    });
    expect(returned.status).toBe(200);
    expect(returned.body.status).toBe('returned');
    const { payload: ret } = await observer.next('CaseReturned', caseId);
    expect(ret).toMatchObject({
      unit: { unitId: unit.land },
      toUnit: { unitId: unit.office },
      suggestedUnit: { unitId: unit.hr },
      withinWindow: true,
    });

    const rerouted = await api(token['clerk.441481']!, 'post', `/cases/${caseId}/reroute`, {
      mode: 'forward',
      reason: '按退回意见改派',
    });
    expect(rerouted.status).toBe(200);
    expect(rerouted.body.case).toMatchObject({ status: 'forwarded' });
    const { payload: rr } = await observer.next('CaseRerouted', caseId);
    expect(rr).toMatchObject({
      fromUnit: { unitId: unit.land },
      toUnit: { unitId: unit.hr },
      mode: caseEvents.RouteMode.ROUTE_MODE_FORWARD,
    });
    const accepted = await api(token['handler.441481']!, 'post', `/cases/${caseId}/accept`, {
      unitId: unit.hr,
    });
    expect(accepted.status).toBe(200);
  });

  it('refuses an objection after the window with 422 and the last day', async () => {
    const { caseId } = await registered({
      regionCode: '441481',
      subjectCode: 'natural-resources',
      nature: 'claim',
    });
    const sent = await api(token['clerk.441481']!, 'post', `/cases/${caseId}/dispose`, {
      action: 'forward',
      leadUnitId: unit.land,
    });
    expect(sent.status).toBe(200);
    const objectionDueDate = (sent.body.case as { routes: { objectionDueDate: string }[] })
      .routes[0]!.objectionDueDate;
    clockOffsetDays = 15;
    try {
      const late = await api(token['handler.441481']!, 'post', `/cases/${caseId}/return`, {
        unitId: unit.land,
        reason: '不属我局',
      });
      expect(late.status).toBe(422);
      expect(late.body).toMatchObject({ error: 'precondition', objectionDueDate });
      expect(late.body.message).toContain(objectionDueDate);
    } finally {
      clockOffsetDays = 0;
    }
  });
});

describe('an accusation naming a receiving unit', () => {
  it('reaches the accused unit redacted and the other units whole', async () => {
    const { caseId } = await registered({
      regionCode: '441481',
      subjectCode: 'discipline',
      nature: 'accusation',
      anonymous: false,
    });
    const sent = await api(token['clerk.441481']!, 'post', `/cases/${caseId}/dispose`, {
      action: 'forward',
      leadUnitId: unit.land,
      coUnitIds: [unit.hr],
      accusedUnitIds: [unit.hr],
    });
    expect(sent.status).toBe(200);
    const deliveries = sent.body.deliveries as {
      unit: { unitId: string };
      redacted: boolean;
      view: Record<string, unknown>;
    }[];
    const byUnit = new Map(deliveries.map((d) => [d.unit.unitId, d]));
    expect(byUnit.get(unit.hr)).toMatchObject({ redacted: true });
    expect(byUnit.get(unit.land)).toMatchObject({ redacted: false });
    const { payload } = await observer.next('CaseForwarded', caseId);
    expect(payload.redacted).toBe(true);

    const accusedCopy = await api(
      token['handler.441481']!,
      'get',
      `/cases/${caseId}/dossier?unitId=${unit.hr}`,
    );
    expect(accusedCopy.status).toBe(200);
    expect(accusedCopy.body).toMatchObject({
      anonymous: true,
      petitioners: [],
      materials: [],
      content: null,
      accusedUnitIds: [],
      redaction: { reason: 'accusedUnit' },
    });
    const leadCopy = await api(
      token['handler.441481']!,
      'get',
      `/cases/${caseId}/dossier?unitId=${unit.land}`,
    );
    expect(leadCopy.body).toMatchObject({
      anonymous: false,
      accusedUnitIds: [unit.hr],
      redaction: null,
    });
    const officeCopy = await api(token['clerk.441481']!, 'get', `/cases/${caseId}/dossier`);
    expect(officeCopy.body).toMatchObject({ accusedUnitIds: [unit.hr], redaction: null });
  });
});

describe('bad input', () => {
  it('answers 400 naming the field on every endpoint', async () => {
    const { caseId } = await registered({
      regionCode: '441481',
      subjectCode: 'natural-resources.land-use',
      nature: 'suggestion',
    });
    const admin = token['tenant-admin.441481']!;
    const clerk = token['clerk.441481']!;
    const handler = token['handler.441481']!;
    const head = token['unit-head.441481']!;
    const c = `/cases/${caseId}`;
    const hr = unit.hr;
    const cases: [string, string, string, unknown, string][] = [
      [
        admin,
        'post',
        '/units',
        { regionCode: '44148', name: '某局', kind: 'department' },
        'body.regionCode',
      ],
      [
        admin,
        'post',
        '/units',
        { regionCode: '441481', name: '', kind: 'department' },
        'body.name',
      ],
      [clerk, 'get', '/units?regionCode=abc', undefined, 'query.regionCode'],
      [clerk, 'get', '/units?regionCode=441481&limit=0', undefined, 'query.limit'],
      [clerk, 'get', `/units/${'x'.repeat(65)}`, undefined, 'params.unitId'],
      [admin, 'put', `/units/${hr}`, { name: '人社局', kind: 'ministry' }, 'body.kind'],
      [admin, 'post', `/units/${hr}/members`, { username: 'bad name!' }, 'body.username'],
      [
        admin,
        'delete',
        `/units/${hr}/members/${encodeURIComponent('bad name!')}`,
        undefined,
        'params.username',
      ],
      [
        admin,
        'post',
        '/rules',
        { scopeRegionCode: '441481', name: '规则', subjectCodes: [], targetUnitId: hr },
        'body.subjectCodes',
      ],
      [clerk, 'get', '/rules?regionCode=4', undefined, 'query.regionCode'],
      [
        admin,
        'put',
        '/rules/r1',
        { name: '规则', subjectCodes: ['x'], targetUnitId: hr, priority: 1.5 },
        'body.priority',
      ],
      [
        clerk,
        'post',
        '/jurisdiction/resolve',
        { regionCode: '441481', subjectCode: 'Not A Code' },
        'body.subjectCode',
      ],
      [clerk, 'get', '/cases?status=lost', undefined, 'query.status.0'],
      [clerk, 'get', `${c}/dossier?unitId=`, undefined, 'query.unitId'],
      [
        clerk,
        'post',
        `${c}/proposal`,
        { involved: [{ regionCode: 'x', subjectCode: 'land' }] },
        'body.involved.0.regionCode',
      ],
      [clerk, 'post', `${c}/dispose`, { action: 'teleport' }, 'body.action'],
      [
        clerk,
        'post',
        `${c}/dispose`,
        { action: 'assign', leadUnitId: hr, resultReportDueDate: 'soon' },
        'body.resultReportDueDate',
      ],
      [clerk, 'post', `${c}/dispose`, { action: 'decline', reason: '' }, 'body.reason'],
      [clerk, 'post', `${c}/reroute`, { mode: 'send', reason: '改派' }, 'body.mode'],
      [handler, 'post', `${c}/accept`, {}, 'body.unitId'],
      [handler, 'post', `${c}/decline`, { unitId: hr, reason: '' }, 'body.reason'],
      [handler, 'post', `${c}/return`, { unitId: hr }, 'body.reason'],
      [
        handler,
        'post',
        `${c}/extension-requests`,
        { unitId: hr, days: 'ten', reason: '需要' },
        'body.days',
      ],
      [head, 'post', `${c}/extension-requests/approve`, { unitId: hr, days: 1.5 }, 'body.days'],
      [
        handler,
        'post',
        `${c}/reply`,
        { unitId: hr, outcome: 'maybe', opinionSummary: '意见' },
        'body.outcome',
      ],
      [head, 'post', `${c}/result-report`, { unitId: hr }, 'body.summary'],
    ];
    for (const [who, method, path, body, field] of cases) {
      const r = await api(who, method, path, body);
      const fields = (r.body.issues ?? []).map((i: Issue) => i.field);
      expect({ method, path, status: r.status, named: fields.includes(field) }).toEqual({
        method,
        path,
        status: 400,
        named: true,
      });
    }
    // A rule the domain refuses is named too: an assignment's report date after the handling limit.
    const tooLate = await api(clerk, 'post', `${c}/dispose`, {
      action: 'assign',
      leadUnitId: hr,
      resultReportDueDate: addDays(toLocalDate(now()), 200),
    });
    expect(tooLate.status).toBe(400);
    expect((tooLate.body.issues as Issue[]).map((i) => i.field)).toContain('resultReportDueDate');
  });

  it('serves its OpenAPI document', async () => {
    const r = await fetch(`${service.baseUrl}/openapi.json`);
    expect(r.status).toBe(200);
    const doc = (await r.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/units', '/cases/{caseId}/dispose', '/jurisdiction/resolve']),
    );
  });
});
