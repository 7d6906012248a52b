import {
  Attributes,
  Context,
  context,
  isSpanContextValid,
  Link,
  Meter,
  metrics,
  propagation,
  Span,
  SpanKind,
  SpanStatusCode,
  TextMapGetter,
  trace,
  Tracer,
} from '@opentelemetry/api';

export { SpanKind } from '@opentelemetry/api';
export type { Attributes, Context, Meter, Span, Tracer } from '@opentelemetry/api';

const DEFAULT_TRACER = '@xinfang/telemetry';

/** A header value as Kafka (kafkajs) or HTTP hands it over. */
export type HeaderValue = string | Buffer | readonly (string | Buffer)[] | undefined;
export type TraceCarrier = Readonly<Record<string, HeaderValue>>;

function headerText(value: HeaderValue): string | string[] | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return value.map((v: string | Buffer) => v.toString());
  return value.toString();
}

// Kafka header names keep their case; W3C names are lower case, so look up case-insensitively.
const carrierGetter: TextMapGetter<TraceCarrier> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    if (key in carrier) return headerText(carrier[key]);
    const found = Object.keys(carrier).find((k) => k.toLowerCase() === key);
    return found === undefined ? undefined : headerText(carrier[found]);
  },
};

/**
 * Writes the context's trace (W3C `traceparent`, `tracestate`, `baggage`) into `carrier`, e.g.
 * the headers of a Kafka message, and returns it.
 */
export function injectTraceContext<C extends Record<string, string>>(
  carrier: C,
  ctx: Context = context.active(),
): C {
  propagation.inject(ctx, carrier);
  return carrier;
}

/** The context carried by incoming headers (string or Buffer values), to continue the trace. */
export function extractTraceContext(
  carrier: TraceCarrier,
  base: Context = context.active(),
): Context {
  return propagation.extract(base, carrier, carrierGetter);
}

export interface WithSpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  links?: Link[];
  /** The parent, e.g. from `extractTraceContext`; default the active context. */
  parentContext?: Context;
  tracerName?: string;
}

/**
 * Runs `fn` in a new active span (for Kafka produce/consume, gRPC and other work), ends it, and
 * records a thrown error on it before rethrowing.
 */
export async function withSpan<T>(
  name: string,
  fn: (span: Span) => T | Promise<T>,
  options: WithSpanOptions = {},
): Promise<T> {
  const tracer = trace.getTracer(options.tracerName ?? DEFAULT_TRACER);
  const spanOptions = {
    kind: options.kind ?? SpanKind.INTERNAL,
    ...(options.attributes ? { attributes: options.attributes } : {}),
    ...(options.links ? { links: options.links } : {}),
  };
  return tracer.startActiveSpan(
    name,
    spanOptions,
    options.parentContext ?? context.active(),
    async (span) => {
      try {
        return await fn(span);
      } catch (err) {
        const error = err instanceof Error ? err : new Error(String(err));
        span.recordException(error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
        throw err;
      } finally {
        span.end();
      }
    },
  );
}

export interface TraceIds {
  trace_id: string;
  span_id: string;
  trace_flags: string;
}

/** Ids of the active span, for logs and error bodies; undefined outside a span. */
export function currentTraceIds(ctx: Context = context.active()): TraceIds | undefined {
  const span = trace.getSpan(ctx);
  if (!span) return undefined;
  const sc = span.spanContext();
  if (!isSpanContextValid(sc)) return undefined;
  return {
    trace_id: sc.traceId,
    span_id: sc.spanId,
    trace_flags: `0${sc.traceFlags.toString(16)}`.slice(-2),
  };
}

export function getTracer(name: string = DEFAULT_TRACER, version?: string): Tracer {
  return trace.getTracer(name, version);
}

/** A meter of the global provider (a no-op meter until telemetry exports metrics). */
export function getMeter(name: string, version?: string): Meter {
  return metrics.getMeter(name, version);
}
