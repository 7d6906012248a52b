import { IncomingMessage } from 'node:http';
import {
  CompositePropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { GrpcInstrumentation } from '@opentelemetry/instrumentation-grpc';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { metrics, NodeSDK, tracing } from '@opentelemetry/sdk-node';

export interface TelemetryOptions {
  /** Used when OTEL_SERVICE_NAME is not set. */
  serviceName?: string;
  /** Further span processors, e.g. an in-memory exporter in tests. */
  spanProcessors?: tracing.SpanProcessor[];
}

export interface Telemetry {
  readonly serviceName: string;
  /** True when traces and metrics go to OTEL_EXPORTER_OTLP_ENDPOINT. */
  readonly exporting: boolean;
  /** Flushes and stops exporting; call on SIGTERM. */
  shutdown(): Promise<void>;
}

// Kept on the global object so that even a second copy of this module does not start a second SDK.
const STARTED = Symbol.for('xinfang.telemetry.started');
type Holder = { [STARTED]?: Telemetry };

/** Probe and metrics endpoints are polled constantly; tracing them is noise. */
const UNTRACED_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Starts OpenTelemetry for the process: call it first thing in the entry file, before the
 * modules it instruments (http, gRPC) are loaded. Spans are always created and W3C trace context
 * always propagates, so trace ids reach logs and other services; spans and metrics are exported
 * over OTLP/HTTP only when OTEL_EXPORTER_OTLP_ENDPOINT is set. The service name comes from
 * OTEL_SERVICE_NAME. Only the first call starts anything; later calls return the same handle.
 */
export function startTelemetry(options: TelemetryOptions = {}): Telemetry {
  const holder = globalThis as Holder;
  const running = holder[STARTED];
  if (running) return running;

  const env = process.env;
  const serviceName = env['OTEL_SERVICE_NAME']?.trim() || options.serviceName || 'xinfang';
  const exporting = Boolean(env['OTEL_EXPORTER_OTLP_ENDPOINT']?.trim());
  const spanProcessors: tracing.SpanProcessor[] = [...(options.spanProcessors ?? [])];
  // The exporters read the endpoint (and any per-signal override) from the environment.
  if (exporting) spanProcessors.push(new tracing.BatchSpanProcessor(new OTLPTraceExporter()));
  // The SDK installs the tracer provider, context manager and propagator only when it has at
  // least one span processor, so a no-op one keeps ids and propagation working without export.
  if (spanProcessors.length === 0) spanProcessors.push(new tracing.NoopSpanProcessor());

  const sdk = new NodeSDK({
    serviceName,
    spanProcessors,
    ...(exporting
      ? {
          metricReaders: [
            new metrics.PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter() }),
          ],
        }
      : {}),
    // Logs go to stdout through pino; no OTLP log exporter.
    logRecordProcessors: [],
    textMapPropagator: new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
    }),
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req: IncomingMessage) =>
          UNTRACED_PATHS.has((req.url ?? '').split('?')[0] ?? ''),
      }),
      new GrpcInstrumentation(),
    ],
  });
  sdk.start();

  let stopping: Promise<void> | undefined;
  const telemetry: Telemetry = {
    serviceName,
    exporting,
    shutdown: () => (stopping ??= sdk.shutdown()),
  };
  holder[STARTED] = telemetry;
  return telemetry;
}
