import { hostname } from 'node:os';
import pino, { DestinationStream, Logger, LoggerOptions } from 'pino';
import { currentTraceIds } from './trace-context';

export type { Logger } from 'pino';

const SECRET_KEYS = ['idNumber', 'phone', 'authorization', 'Authorization', 'cookie', 'password'];

/** Where personal data and credentials may appear in log objects, up to three levels deep. */
export const REDACT_PATHS: readonly string[] = SECRET_KEYS.flatMap((k) => [
  k,
  `*.${k}`,
  `*.*.${k}`,
  `*.*.*.${k}`,
]);

/**
 * A JSON logger for `name` (the service), at `level` (default LOG_LEVEL, else info). Each line
 * carries `service` and, inside a span, `trace_id` and `span_id`, so logs join their traces.
 * ID numbers, phone numbers and credentials are replaced by `[redacted]`.
 */
export function createLogger(
  name: string,
  level?: string,
  destination?: DestinationStream,
): Logger {
  const options: LoggerOptions = {
    level: level ?? process.env['LOG_LEVEL'] ?? 'info',
    base: { service: name, pid: process.pid, hostname: hostname() },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin: () => currentTraceIds() ?? {},
    redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}
