// Proof of the statistics read side against the real Kafka, FerretDB and Keycloak: a realistic
// event stream is produced straight to the topic and read back through REST and gRPC.
import * as grpc from '@grpc/grpc-js';
import { toKafkaMessage, type CaseEvent } from '@xinfang/bus';
import { statisticsV1 } from '@xinfang/contracts';
import { runAsSystem } from '@xinfang/principal';
import ExcelJS from 'exceljs';
import { passwordToken } from '../../../tests/support/keycloak';
import {
  startService,
  uniqueSuffix,
  type RunningService,
} from '../../../tests/support/service-harness';
import {
  createService,
  rebuildProjection,
  statisticsConfigSchema,
  toProjectedEvent,
  type ServiceParts,
  type StatisticsConfig,
} from '../src';
import { demoStream, U1, U2, type DemoStream } from './support/fixtures';
import { eventNames } from './support/stream';

let svc: RunningService<StatisticsConfig, ServiceParts>;
let stream: DemoStream;
let topic: string;
const tokens = new Map<string, string>();

async function token(user: string): Promise<string> {
  if (!tokens.has(user)) tokens.set(user, await passwordToken(user));
  return tokens.get(user)!;
}

async function get(user: string, path: string): Promise<Response> {
  return fetch(`${svc.baseUrl}${path}`, {
    headers: { authorization: `Bearer ${await token(user)}` },
  });
}

async function json<T = Record<string, unknown>>(user: string, path: string): Promise<T> {
  const res = await get(user, path);
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function publish(events: CaseEvent[]): Promise<void> {
  await svc.producer.send({ topic, acks: -1, messages: events.map((e) => toKafkaMessage(e)) });
}

async function eventually<T>(
  probe: () => Promise<T>,
  ok: (v: T) => boolean,
  what: string,
): Promise<T> {
  const deadline = Date.now() + 60_000;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await probe();
    if (ok(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${what} not reached; last: ${JSON.stringify(last)}`);
}

interface KpisBody {
  registered: number;
  accepted: number;
  replied: number;
  closed: number;
  resolved: number;
  collective: number;
  repeat: number;
  skipLevel: number;
  overdue: number;
  backlogResolved: number;
  onTimeAcceptance: { numerator: number; denominator: number; value: number };
  onTimeReply: { numerator: number; denominator: number };
  onTimeClosure: { numerator: number; denominator: number };
  resolution: { numerator: number; denominator: number };
  satisfaction: { numerator: number; denominator: number };
  repeatRate: { numerator: number; denominator: number };
  topUnits: Array<{ unitId: string; cases: number }>;
}

const totalEvents = () => stream.all.reduce((n, c) => n + c.events.length, 0);

beforeAll(async () => {
  const suffix = uniqueSuffix();
  topic = `test.statistics.${suffix}`;
  svc = await startService(createService, {
    name: 'statistics',
    schema: statisticsConfigSchema,
    env: {
      CASE_EVENTS_TOPIC: topic,
      CASE_EVENTS_DLT: `${topic}.dlt`,
      STATISTICS_CONSUMER_GROUP: `statistics-${suffix}`,
      STATISTICS_COMPACT_INTERVAL: '300ms',
      STATISTICS_LEASE_WINDOW: '3s',
      STATISTICS_GENERATION_POLL: '300ms',
    },
  });
  stream = demoStream();
  // Interleaved by case, as several services publishing at once would.
  const longest = Math.max(...stream.all.map((c) => c.events.length));
  const interleaved: CaseEvent[] = [];
  for (let i = 0; i < longest; i++)
    for (const c of stream.all) if (c.events[i]) interleaved.push(c.events[i]!);
  await publish(interleaved);
  await eventually(
    async () => {
      const page = await json<{ items: Array<{ eventCount: number }> }>(
        'operator.440000',
        '/cases?limit=200',
      );
      return page.items.reduce((n, c) => n + c.eventCount, 0);
    },
    (n) => n === totalEvents(),
    'every event projected',
  );
  await svc.parts.compactNow();
});

afterAll(async () => {
  await svc?.stop();
});

describe('projection', () => {
  it('matches the events of each case', async () => {
    const a = await json(`analyst.441481`, `/cases/${stream.a.caseId}`);
    expect(a).toMatchObject({
      caseId: stream.a.caseId,
      caseNumber: stream.a.caseNumber,
      tenantId: '441481',
      regionCode: '441481001',
      status: 'closed',
      closed: true,
      resolved: true,
      satisfaction: 'satisfied',
      currentUnit: { unitId: U1.unitId, name: U1.name },
      eventCount: stream.a.events.length,
      lastEventType: 'xinfang.case.v1.CaseClosed',
    });
    const c = await json(`supervisor.441400`, `/cases/${stream.c.caseId}`);
    expect(c).toMatchObject({
      status: 'accepted',
      overdue: true,
      escalationLevel: 1,
      skipLevel: true,
      currentUnit: { unitId: U2.unitId },
    });
  });

  it('gives the timeline of a case across services, in order', async () => {
    const t = await json<{ entries: Array<{ name: string; source: string; eventId: string }> }>(
      'clerk.441481',
      `/cases/${stream.a.caseId}/timeline`,
    );
    expect(t.entries.map((e) => e.name)).toEqual(eventNames(stream.a));
    expect(t.entries.map((e) => e.eventId)).toEqual(stream.a.events.map((e) => e.id));
    expect(new Set(t.entries.map((e) => e.source))).toEqual(
      new Set(['xinfang/intake', 'xinfang/routing', 'xinfang/supervision']),
    );
  });

  it('filters and pages with a cursor', async () => {
    const ids = (body: { items: Array<{ caseId: string }> }) => body.items.map((i) => i.caseId);
    const user = 'supervisor.441400';
    expect(ids(await json(user, '/cases?overdue=true'))).toEqual([stream.c.caseId]);
    expect(ids(await json(user, '/cases?escalationLevel=1'))).toEqual([stream.c.caseId]);
    expect(ids(await json(user, '/cases?status=closed'))).toEqual([
      stream.d.caseId,
      stream.b.caseId,
      stream.a.caseId,
    ]);
    expect(ids(await json(user, '/cases?subject=labor&region=441481'))).toEqual([
      stream.b.caseId,
      stream.a.caseId,
    ]);
    expect(ids(await json(user, `/cases?unit=${U1.unitId}&channel=letter`))).toEqual([
      stream.b.caseId,
    ]);
    expect(ids(await json(user, '/cases?nature=suggestion'))).toEqual([stream.e.caseId]);
    expect(ids(await json(user, `/cases?q=${encodeURIComponent('集体讨薪')}`))).toEqual([
      stream.b.caseId,
    ]);
    expect(
      ids(await json(user, '/cases?registeredFrom=2026-03-04&registeredTo=2026-03-05')),
    ).toEqual([stream.d.caseId, stream.c.caseId]);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Array<{ caseId: string }>; nextCursor: string | null } = await json(
        'operator.440000',
        `/cases?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...ids(page));
      cursor = page.nextCursor;
    } while (cursor);
    // Newest registration first, every case exactly once.
    expect(seen).toEqual([...stream.all].reverse().map((c) => c.caseId));
  });
});

describe('KPIs', () => {
  const march = 'period=2026-03';

  it('roll up county → city → province', async () => {
    const county = await json<KpisBody>('analyst.441481', `/kpis?region=441481&${march}`);
    expect(county).toMatchObject({
      registered: 3,
      accepted: 3,
      replied: 2,
      closed: 2,
      resolved: 1,
      collective: 1,
      repeat: 1,
      skipLevel: 1,
      overdue: 1,
      onTimeAcceptance: { numerator: 2, denominator: 3 },
      onTimeReply: { numerator: 1, denominator: 2 },
      onTimeClosure: { numerator: 1, denominator: 2 },
      resolution: { numerator: 1, denominator: 2 },
      satisfaction: { numerator: 1, denominator: 2 },
      repeatRate: { numerator: 1, denominator: 3 },
    });
    expect(county.topUnits.slice(0, 2)).toEqual([
      expect.objectContaining({ unitId: U1.unitId, cases: 2 }),
      expect.objectContaining({ unitId: U2.unitId, cases: 1 }),
    ]);
    const other = await json<KpisBody>('analyst.441422', `/kpis?region=441422&${march}`);
    expect(other).toMatchObject({
      registered: 2,
      accepted: 1,
      closed: 1,
      resolved: 1,
      backlogResolved: 1,
    });

    const city = await json<KpisBody>('analyst.441400', `/kpis?region=441400&${march}`);
    for (const k of [
      'registered',
      'accepted',
      'replied',
      'closed',
      'resolved',
      'collective',
      'overdue',
    ] as const)
      expect(city[k]).toBe(county[k] + other[k]);
    expect(city.onTimeAcceptance).toEqual({ numerator: 3, denominator: 4, value: 0.75 });
    expect(city.satisfaction).toMatchObject({ numerator: 2, denominator: 3 });

    const rollup = await json<{
      region: KpisBody;
      children: Array<KpisBody & { regionCode: string }>;
    }>('analyst.441400', `/kpis/rollup?region=441400&${march}`);
    expect(rollup.children.map((c) => [c.regionCode, c.registered])).toEqual([
      ['441422', 2],
      ['441481', 3],
    ]);

    const province = await json<KpisBody>('operator.440000', `/kpis?region=440000&${march}`);
    expect(province).toMatchObject({
      registered: 6,
      accepted: 5,
      onTimeAcceptance: { numerator: 4, denominator: 5 },
    });
    const labor = await json<KpisBody>(
      'operator.440000',
      `/kpis?region=440000&${march}&subject=labor`,
    );
    expect(labor.registered).toBe(4);
    const wages = await json<KpisBody>(
      'operator.440000',
      `/kpis?region=440000&period=2026&subject=labor.wages`,
    );
    expect(wages.registered).toBe(3);
    const april = await json<KpisBody>('operator.440000', '/kpis?region=440000&period=2026-04');
    expect(april.registered).toBe(0);
  });

  it('does not count a redelivered event twice', async () => {
    const before = await json<KpisBody>('operator.440000', '/kpis?region=440000&period=2026-03');
    const accepted = stream.b.events.find((e) => e.type.endsWith('CaseAccepted'))!;
    const registered = stream.a.events[0]!;
    // Redelivered through Kafka (the consumer's inbox knows it) …
    await publish([accepted, registered]);
    // … and handled again as after a crash between the handler and the inbox write.
    const again = await runAsSystem('test', () =>
      svc.parts.projection
        .writer()
        .project.run([toProjectedEvent(accepted)!, toProjectedEvent(registered)!]),
    );
    expect(again).toEqual({ applied: 0, duplicates: 2 });
    const marker = demoStream().e;
    await publish(marker.events);
    await eventually(
      () => get('operator.440000', `/cases/${marker.caseId}`).then((r) => r.status),
      (s) => s === 200,
      'marker case projected after the duplicates',
    );
    await svc.parts.compactNow();
    const after = await json<KpisBody>('operator.440000', '/kpis?region=440000&period=2026-03');
    expect(after.accepted).toBe(before.accepted);
    expect(after.onTimeAcceptance).toEqual(before.onTimeAcceptance);
    expect(after.registered).toBe(before.registered + 1);
    const b = await json<{ eventCount: number }>('operator.440000', `/cases/${stream.b.caseId}`);
    expect(b.eventCount).toBe(stream.b.events.length);
  });

  it('answers over gRPC', async () => {
    const client = new statisticsV1.StatisticsServiceClient(
      svc.grpcAddress,
      grpc.credentials.createInsecure(),
    );
    const md = new grpc.Metadata();
    md.set('authorization', `Bearer ${await token('supervisor.441400')}`);
    const call = <Req, Res>(
      fn: (r: Req, m: grpc.Metadata, cb: (e: grpc.ServiceError | null, v: Res) => void) => unknown,
      req: Req,
    ) =>
      new Promise<Res>((resolve, reject) =>
        fn.call(client, req, md, (e, v) => (e ? reject(e) : resolve(v))),
      );
    try {
      const k = await call(client.getKpis, {
        regionCode: '441400',
        includeSubtree: true,
        period: { startDate: '2026-03-01', endDate: '2026-03-31' },
        subjectCode: '',
      });
      expect(k).toMatchObject({
        regionCode: '441400',
        accepted: 4,
        onTimeAcceptance: { numerator: 3, denominator: 4 },
      });
      const s = await call(client.getCaseSummary, { caseId: stream.a.caseId });
      expect(s).toMatchObject({
        caseRef: { caseId: stream.a.caseId, tenantId: '441481' },
        closed: true,
        resolved: true,
        eventCount: stream.a.events.length,
      });
      await expect(call(client.getCaseSummary, { caseId: stream.f.caseId })).rejects.toMatchObject({
        code: grpc.status.NOT_FOUND,
      });
      await expect(
        call(client.getKpis, {
          regionCode: '441400',
          includeSubtree: true,
          period: { startDate: '2026-03-02', endDate: '2026-03-31' },
          subjectCode: '',
        }),
      ).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT });
    } finally {
      client.close();
    }
  });
});

describe('tenancy', () => {
  it('keeps a 441422 analyst out of 441481 cases and KPIs', async () => {
    const user = 'analyst.441422';
    expect((await get(user, `/cases/${stream.a.caseId}`)).status).toBe(404);
    expect((await get(user, `/cases/${stream.a.caseId}/timeline`)).status).toBe(404);
    const own = await json<{ items: Array<{ caseId: string; tenantId: string }> }>(
      user,
      '/cases?limit=200',
    );
    expect(own.items.map((i) => i.tenantId).every((t) => t === '441422')).toBe(true);
    expect(own.items.map((i) => i.caseId)).toContain(stream.d.caseId);
    expect((await get(user, '/cases?region=441481')).status).toBe(403);
    expect((await get(user, '/kpis?region=441481&period=2026-03')).status).toBe(403);
    expect((await get(user, '/kpis?region=441400&period=2026-03')).status).toBe(403);
    expect((await get(user, '/reports/monthly.xlsx?region=441481&month=2026-03')).status).toBe(403);
    const csv = await (await get(user, '/cases.csv')).text();
    expect(csv).not.toContain(stream.a.caseNumber);
    expect((await get('handler.441422', '/kpis?period=2026-03')).status).toBe(403);
  });
});

describe('reports and exports', () => {
  async function workbook(path: string): Promise<ExcelJS.Workbook> {
    const res = await get('analyst.441400', path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    return wb;
  }

  function rowStarting(sheet: ExcelJS.Worksheet, prefix: string): (string | number)[] {
    let found: (string | number)[] | undefined;
    sheet.eachRow((row) => {
      const values = (row.values as (string | number)[]).slice(1);
      if (typeof values[0] === 'string' && values[0].startsWith(prefix)) found ??= values;
    });
    if (!found) throw new Error(`no row starting with ${prefix} in ${sheet.name}`);
    return found;
  }

  it('writes the monthly report as XLSX with the numbers', async () => {
    const wb = await workbook('/reports/monthly.xlsx?region=441400&month=2026-03');
    const sheet = wb.getWorksheet('月报')!;
    const header = rowStarting(sheet, '区划');
    const col = (name: string) => header.indexOf(name);
    // The same numbers as the KPI API (the redelivery test added one case in 441422).
    const kpis = (region: string) =>
      json<KpisBody>('analyst.441400', `/kpis?region=${region}&period=2026-03`);
    const city = rowStarting(sheet, '梅州市（441400）');
    expect(city[col('登记件数')]).toBe((await kpis('441400')).registered);
    expect(city[col('登记件数')]).toBeGreaterThanOrEqual(5);
    expect(city[col('按期受理率')]).toBe(0.75);
    expect(rowStarting(sheet, '兴宁市（')[col('登记件数')]).toBe(3);
    expect(rowStarting(sheet, '大埔县（')[col('登记件数')]).toBe((await kpis('441422')).registered);
    expect(rowStarting(sheet, '梅州市（441400）本年累计')[col('受理件数')]).toBe(4);
    const units = wb.getWorksheet('被投诉较多单位')!;
    expect(rowStarting(units, '排名')).toEqual(['排名', '单位', '单位编号', '所在区划', '件数']);
    expect(units.getRow(4).values).toEqual([undefined, 1, U1.name, U1.unitId, '441481', 2]);
  });

  it('writes the annual report with months and units', async () => {
    const wb = await workbook('/reports/annual.xlsx?region=441400&year=2026');
    const months = wb.getWorksheet('分月统计')!;
    const header = rowStarting(months, '月份');
    const march = await json<KpisBody>('analyst.441400', '/kpis?region=441400&period=2026-03');
    expect(rowStarting(months, '2026-03')[header.indexOf('登记件数')]).toBe(march.registered);
    expect(rowStarting(months, '2026-03')[header.indexOf('受理件数')]).toBe(4);
    expect(rowStarting(months, '2026-04')[header.indexOf('登记件数')]).toBe(0);
    expect(wb.getWorksheet('被投诉较多单位')!.getRow(4).getCell(3).value).toBe(U1.unitId);
  });

  it('exports any list as CSV', async () => {
    const res = await get('supervisor.441400', '/cases.csv?region=441481&status=closed');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const lines = (await res.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]!.split(',').slice(0, 4)).toEqual([
      'caseId',
      'caseNumber',
      'regionCode',
      'status',
    ]);
    expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual([
      stream.b.caseNumber,
      stream.a.caseNumber,
    ]);
    expect(lines[1]).toContain('工厂集体讨薪');
  });
});

describe('bad input', () => {
  it.each([
    ['/kpis?period=2026-13', 'query.period'],
    ['/kpis', 'query.period'],
    ['/kpis?period=2026-03&region=12', 'query.region'],
    ['/kpis?period=2026-03&subject=..', 'query.subject'],
    ['/cases?limit=0', 'query.limit'],
    ['/cases?status=open,bogus', 'query.status'],
    ['/cases?overdue=maybe', 'query.overdue'],
    ['/cases?registeredFrom=2026-3-1', 'query.registeredFrom'],
    ['/cases?cursor=not-a-cursor', 'query.cursor'],
    ['/cases?sort=title', 'query.sort'],
    ['/reports/monthly.xlsx?month=2026-3', 'query.month'],
    ['/reports/annual.xlsx?year=26', 'query.year'],
  ])('%s → 400 naming %s', async (path, field) => {
    const res = await get('analyst.441400', path);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { issues: Array<{ field: string }> };
    expect(body.issues.map((i) => i.field)).toContain(field);
  });

  it('documents every route in its OpenAPI document', async () => {
    const doc = (await (await fetch(`${svc.baseUrl}/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        '/cases',
        '/cases.csv',
        '/cases/{caseId}',
        '/cases/{caseId}/timeline',
        '/kpis',
        '/kpis/rollup',
        '/reports/annual.xlsx',
        '/reports/monthly.xlsx',
      ].sort(),
    );
  });

  it('refuses callers without a token', async () => {
    expect((await fetch(`${svc.baseUrl}/kpis?period=2026-03`)).status).toBe(401);
  });
});

describe('rebuild', () => {
  it('rebuilds the projection from the topic into a new generation and switches to it', async () => {
    const kpis = () => json<KpisBody>('operator.440000', '/kpis?region=440000&period=2026-03');
    const before = await kpis();
    const result = await rebuildProjection({
      connection: svc.connection,
      kafka: svc.kafka,
      logger: svc.logger,
      config: svc.config,
    });
    expect(result).toMatchObject({ previous: 'g0', switched: true });
    expect(result.records).toBeGreaterThanOrEqual(totalEvents());
    await eventually(
      async () => svc.parts.projection.writer().models.generation,
      (g) => g === result.generation,
      'service switched to the rebuilt generation',
    );
    expect(await kpis()).toEqual({ ...before, asOf: expect.any(String) });
    const t = await json<{ entries: unknown[] }>(
      'operator.440000',
      `/cases/${stream.a.caseId}/timeline`,
    );
    expect(t.entries).toHaveLength(stream.a.events.length);
    // The service goes on from where the rebuild stopped, in the new collections.
    const later = demoStream().f;
    await publish(later.events);
    await eventually(
      () => get('operator.440000', `/cases/${later.caseId}`).then((r) => r.status),
      (s) => s === 200,
      'new events reach the rebuilt generation',
    );
    await svc.parts.compactNow();
    expect((await kpis()).registered).toBe(before.registered + 1);
  });
});
