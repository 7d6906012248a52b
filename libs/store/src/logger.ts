/**
 * The logging surface the data and messaging layers need. A pino logger satisfies it; so does any
 * object with these four methods taking a context object (or a message) and an optional message.
 */
export interface Logger {
  error(objOrMsg: object | string, msg?: string): void;
  warn(objOrMsg: object | string, msg?: string): void;
  info(objOrMsg: object | string, msg?: string): void;
  debug(objOrMsg: object | string, msg?: string): void;
}

const noop = (): void => undefined;

/** A logger that drops everything, for callers that pass none. */
export const silentLogger: Logger = { error: noop, warn: noop, info: noop, debug: noop };
