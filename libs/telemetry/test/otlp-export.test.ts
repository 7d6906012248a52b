import { execFile } from 'node:child_process';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';

// The exporters load `http` with a dynamic import, which jest's module sandbox refuses, and
// instrumentation hooks Node's own `require`; so a real Node process runs the telemetry and a
// local OTLP/HTTP receiver stands in for the collector.

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: { stringValue?: string; intValue?: string | number } }[];
}

let server: Server;
const received: { path: string; contentType?: string; body: string }[] = [];

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

beforeAll(async () => {
  server = createServer((req, res) => {
    void readBody(req).then((body) => {
      received.push({ path: req.url ?? '', contentType: req.headers['content-type'], body });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function spansOf(body: string): OtlpSpan[] {
  const doc = JSON.parse(body) as { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] };
  return doc.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
}

it('traces HTTP, puts trace ids in logs and exports over OTLP/HTTP when an endpoint is set', async () => {
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [path.join(__dirname, 'fixtures', 'traced-process.js')],
    {
      env: {
        ...process.env,
        OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
        OTEL_SERVICE_NAME: 'intake',
        LOG_LEVEL: 'info',
      },
      timeout: 60_000,
    },
  );

  const traceBodies = received.filter((r) => r.path === '/v1/traces');
  expect(traceBodies.length).toBeGreaterThan(0);
  expect(traceBodies[0]!.contentType).toBe('application/json');
  expect(traceBodies[0]!.body).toContain('{"key":"service.name","value":{"stringValue":"intake"}}');
  const spans = traceBodies.flatMap((r) => spansOf(r.body));

  // The client span and the server span of /cases/1 share one trace: context crossed HTTP.
  const serverSpan = spans.find((s) => s.kind === 2);
  const clientSpan = spans.find((s) => s.kind === 3);
  expect(serverSpan).toBeDefined();
  expect(clientSpan).toBeDefined();
  expect(serverSpan!.traceId).toBe(clientSpan!.traceId);
  expect(serverSpan!.parentSpanId).toBe(clientSpan!.spanId);
  // Probes are not traced on the server side.
  expect(spans.filter((s) => s.kind === 2)).toHaveLength(1);

  // The handler's log line carries the server span's ids.
  const logLine = stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .find((l) => l['path'] === '/cases/1');
  expect(logLine).toMatchObject({
    service: 'intake',
    msg: 'handled',
    trace_id: serverSpan!.traceId,
    span_id: serverSpan!.spanId,
  });

  const metrics = received
    .filter((r) => r.path === '/v1/metrics')
    .map((r) => r.body)
    .join('\n');
  expect(metrics).toContain('"xinfang_fixture_requests_total"');
});

it('without an endpoint exports nothing but still traces and logs trace ids', async () => {
  const before = received.length;
  const env: Record<string, string | undefined> = { ...process.env, OTEL_SERVICE_NAME: 'routing' };
  delete env['OTEL_EXPORTER_OTLP_ENDPOINT'];
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [path.join(__dirname, 'fixtures', 'traced-process.js')],
    {
      env,
      timeout: 60_000,
    },
  );
  const logLine = stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .find((l) => l['path'] === '/cases/1');
  expect(logLine).toMatchObject({ service: 'routing', msg: 'handled' });
  expect(logLine!['trace_id']).toMatch(/^[0-9a-f]{32}$/);
  expect(received.length).toBe(before);
});
