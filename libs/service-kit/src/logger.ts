/**
 * The logging port the kit writes to. A pino logger satisfies it; the kit never creates its own so
 * that every line carries the service's bindings (service name, trace ids).
 */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Serialises an error for a log line without losing the stack (kept out of responses). */
export function errorFields(err: unknown): Record<string, unknown> {
  if (err instanceof Error) {
    return { err: { type: err.name, message: err.message, stack: err.stack } };
  }
  return { err: { message: String(err) } };
}
