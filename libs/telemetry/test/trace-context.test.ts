import { Writable } from 'node:stream';
import { tracing } from '@opentelemetry/sdk-node';
import {
  createLogger,
  currentTraceIds,
  extractTraceContext,
  getMeter,
  injectTraceContext,
  SpanKind,
  startTelemetry,
  withSpan,
} from '@xinfang/telemetry';

const exporter = new tracing.InMemorySpanExporter();
delete process.env['OTEL_EXPORTER_OTLP_ENDPOINT'];
delete process.env['OTEL_SERVICE_NAME'];
const telemetry = startTelemetry({
  serviceName: 'telemetry-test',
  spanProcessors: [new tracing.SimpleSpanProcessor(exporter)],
});

afterAll(() => telemetry.shutdown());
beforeEach(() => exporter.reset());

function captureLogs() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, stream };
}

describe('startTelemetry', () => {
  it('starts once; a second call is a no-op returning the same handle', () => {
    expect(startTelemetry({ serviceName: 'other' })).toBe(telemetry);
    expect(telemetry.serviceName).toBe('telemetry-test');
    expect(telemetry.exporting).toBe(false);
  });

  it('names the service on every span', async () => {
    await withSpan('work', () => undefined);
    expect(exporter.getFinishedSpans()[0]!.resource.attributes['service.name']).toBe(
      'telemetry-test',
    );
  });

  it('gives metrics a meter even without an exporter', () => {
    const counter = getMeter('test').createCounter('xinfang_test_total');
    expect(() => counter.add(1, { tenant: '441481' })).not.toThrow();
  });
});

describe('trace context propagation', () => {
  it('continues the producer trace in the consumer through message headers', async () => {
    const headers = await withSpan(
      'xinfang.case.v1 publish',
      () => injectTraceContext({} as Record<string, string>),
      {
        kind: SpanKind.PRODUCER,
        attributes: { 'messaging.system': 'kafka' },
      },
    );
    expect(headers['traceparent']).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);

    // Kafka delivers header values as Buffers.
    const received = Object.fromEntries(
      Object.entries(headers).map(([k, v]) => [k, Buffer.from(v)]),
    );
    await withSpan('xinfang.case.v1 process', () => undefined, {
      kind: SpanKind.CONSUMER,
      parentContext: extractTraceContext(received),
    });

    const [producer, consumer] = exporter.getFinishedSpans();
    expect(producer!.kind).toBe(SpanKind.PRODUCER);
    expect(producer!.attributes['messaging.system']).toBe('kafka');
    expect(consumer!.kind).toBe(SpanKind.CONSUMER);
    expect(consumer!.spanContext().traceId).toBe(producer!.spanContext().traceId);
    expect(consumer!.parentSpanContext?.spanId).toBe(producer!.spanContext().spanId);
    expect(headers['traceparent']).toBe(
      `00-${producer!.spanContext().traceId}-${producer!.spanContext().spanId}-01`,
    );
  });

  it('reads header names in any case', async () => {
    const headers = await withSpan('p', () => injectTraceContext({} as Record<string, string>));
    const traceId = headers['traceparent']!.split('-')[1];
    const ctxIds = await withSpan('c', () => currentTraceIds(), {
      parentContext: extractTraceContext({ TraceParent: headers['traceparent'] }),
    });
    expect(ctxIds?.trace_id).toBe(traceId);
  });

  it('starts a new trace when the headers carry none', async () => {
    const ids = await withSpan('c', () => currentTraceIds(), {
      parentContext: extractTraceContext({}),
    });
    expect(ids?.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(exporter.getFinishedSpans()[0]!.parentSpanContext).toBeUndefined();
  });

  it('records a failure on the span and rethrows it', async () => {
    await expect(
      withSpan('fails', () => {
        throw new Error('broker down');
      }),
    ).rejects.toThrow('broker down');
    const [span] = exporter.getFinishedSpans();
    expect(span!.status).toEqual({ code: 2, message: 'broker down' });
    expect(span!.events[0]!.name).toBe('exception');
  });

  it('has no trace ids outside a span', () => {
    expect(currentTraceIds()).toBeUndefined();
  });
});

describe('createLogger', () => {
  it('writes JSON with the service and, inside a span, its trace and span ids', async () => {
    const { lines, stream } = captureLogs();
    const log = createLogger('intake', 'info', stream);
    log.info('outside');
    const ids = await withSpan('handle', async () => {
      log.info({ caseId: 'c1' }, 'inside');
      await new Promise((resolve) => setTimeout(resolve, 5));
      log.child({ component: 'relay' }).info('after an await');
      return currentTraceIds();
    });
    expect(lines[0]).toMatchObject({ level: 'info', service: 'intake', msg: 'outside' });
    expect(lines[0]).not.toHaveProperty('trace_id');
    expect(lines[1]).toMatchObject({
      msg: 'inside',
      caseId: 'c1',
      trace_id: ids!.trace_id,
      span_id: ids!.span_id,
    });
    expect(lines[2]).toMatchObject({
      msg: 'after an await',
      component: 'relay',
      trace_id: ids!.trace_id,
    });
    expect(exporter.getFinishedSpans()[0]!.spanContext().traceId).toBe(ids!.trace_id);
    expect(typeof lines[0]!['time']).toBe('string');
  });

  it('redacts ID numbers, phone numbers and credentials', () => {
    const { lines, stream } = captureLogs();
    const log = createLogger('intake', 'debug', stream);
    log.debug(
      {
        idNumber: '441481199001011234',
        petitioner: { name: '张三', idNumber: '441481199001011234', phone: '13800138000' },
        req: { headers: { authorization: 'Bearer abc', accept: 'application/json' } },
        body: { petitioners: { first: { phone: '13900139000' } } },
      },
      'registered',
    );
    const text = JSON.stringify(lines[0]);
    expect(text).not.toContain('441481199001011234');
    expect(text).not.toContain('13800138000');
    expect(text).not.toContain('13900139000');
    expect(text).not.toContain('Bearer abc');
    expect(lines[0]).toMatchObject({
      petitioner: { name: '张三', idNumber: '[redacted]', phone: '[redacted]' },
      req: { headers: { authorization: '[redacted]', accept: 'application/json' } },
    });
  });

  it('honours the level', () => {
    const { lines, stream } = captureLogs();
    const log = createLogger('intake', 'warn', stream);
    log.info('hidden');
    log.warn('shown');
    expect(lines.map((l) => l['msg'])).toEqual(['shown']);
  });
});
