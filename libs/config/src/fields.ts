import { z } from 'zod';

// Field builders for environment variables: each reads a string and yields a typed value, with a
// reason that names what was expected and never repeats the (possibly secret) value. A builder
// given a default returns a ZodDefault, so the variable becomes optional in the type too.

/** `S`, or `ZodDefault<S>` when a default value `D` is given. */
export type WithDefault<S extends z.ZodType, D> = [D] extends [undefined] ? S : z.ZodDefault<S>;

function withDefault<S extends z.ZodType, D>(schema: S, value: D): WithDefault<S, D> {
  return (value === undefined ? schema : schema.default(value as never)) as WithDefault<S, D>;
}

/** Transforms a string with `parse`, which returns undefined when the string is not acceptable. */
function parsed<T>(reason: string, parse: (v: string) => T | undefined) {
  return z.string().transform((v, ctx): T => {
    const value = parse(v);
    if (value === undefined) {
      ctx.addIssue({ code: 'custom', message: reason });
      return z.NEVER;
    }
    return value;
  });
}

/** A non-empty string (trimmed). */
export function text() {
  return z.string().trim().min(1, 'must not be empty');
}

function wholeNumber(v: string, min: number, max: number): number | undefined {
  const n = /^\s*-?\d+\s*$/.test(v) ? Number(v) : NaN;
  return Number.isSafeInteger(n) && n >= min && n <= max ? n : undefined;
}

/** A TCP port number. */
export function port<D extends number | undefined = undefined>(defaultPort?: D) {
  return withDefault(
    parsed('must be a port number from 1 to 65535', (v) => wholeNumber(v, 1, 65535)),
    defaultPort as D,
  );
}

/** A whole number in [min, max]. */
export function int<D extends number | undefined = undefined>(
  options: { min?: number; max?: number; default?: D } = {},
) {
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = options;
  return withDefault(
    parsed(`must be a whole number from ${min} to ${max}`, (v) => wholeNumber(v, min, max)),
    options.default as D,
  );
}

/** An absolute URL whose scheme is one of `protocols` (default http and https). */
export function url<D extends string | undefined = undefined>(
  options: { protocols?: readonly string[]; default?: D } = {},
) {
  const protocols = options.protocols ?? ['http', 'https'];
  const schema = z
    .string()
    .trim()
    .refine(
      (v) => {
        try {
          return protocols.includes(new URL(v).protocol.replace(/:$/, ''));
        } catch {
          return false;
        }
      },
      { message: `must be a ${protocols.join(' or ')} URL` },
    );
  return withDefault(schema, options.default as D);
}

/** Like `url`, but may be unset. */
export function optionalUrl(options: { protocols?: readonly string[] } = {}) {
  return url(options).optional();
}

/** A MongoDB connection string (`mongodb://` or `mongodb+srv://`, several hosts allowed). */
export function mongoUrl() {
  return z
    .string()
    .trim()
    .regex(
      /^mongodb(\+srv)?:\/\/[^/\s]+(\/[^\s]*)?$/,
      'must be a mongodb:// or mongodb+srv:// connection string',
    );
}

/** A comma-separated list; blanks around items and empty items are dropped. */
export function csv<D extends readonly string[] | undefined = undefined>(
  options: { min?: number; default?: D } = {},
) {
  const min = options.min ?? 0;
  const schema = parsed<string[]>(
    `must list at least ${min} comma-separated value${min === 1 ? '' : 's'}`,
    (v) => {
      const items = v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0);
      return items.length >= min ? items : undefined;
    },
  );
  return withDefault(schema, (options.default ? [...options.default] : undefined) as D);
}

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

/** true/false (also 1/0, yes/no, on/off, any case). */
export function bool<D extends boolean | undefined = undefined>(defaultValue?: D) {
  const schema = parsed('must be true or false', (v) => {
    const s = v.trim().toLowerCase();
    return TRUE.has(s) ? true : FALSE.has(s) ? false : undefined;
  });
  return withDefault(schema, defaultValue as D);
}

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** A duration in milliseconds: `250` (ms), `250ms`, `30s`, `5m`, `2h`, `1d`. */
export function durationMs<D extends number | undefined = undefined>(defaultMs?: D) {
  const schema = parsed('must be a duration such as 500ms, 30s, 5m, 2h or 1d', (v) => {
    const m = /^\s*(\d+)\s*(ms|s|m|h|d)?\s*$/.exec(v);
    const ms = m ? Number(m[1]) * UNIT_MS[m[2] ?? 'ms']! : NaN;
    return Number.isSafeInteger(ms) ? ms : undefined;
  });
  return withDefault(schema, defaultMs as D);
}

/** One of the given words. */
export function oneOf<
  const T extends readonly [string, ...string[]],
  D extends T[number] | undefined = undefined,
>(values: T, defaultValue?: D) {
  const schema = z.enum(values, { error: `must be one of ${values.join(', ')}` });
  return withDefault(schema, defaultValue as D);
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A pino log level, `info` unless told otherwise. */
export function logLevel(defaultLevel: LogLevel = 'info') {
  return oneOf(LOG_LEVELS, defaultLevel);
}

/** A key given as base64 of exactly `bytes` bytes; yields the bytes. */
export function base64Key(bytes = 32) {
  return parsed(`must be base64 of exactly ${bytes} bytes`, (v) => {
    const s = v.trim();
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(s) || s.length % 4 !== 0) return undefined;
    const key = Buffer.from(s, 'base64');
    return key.length === bytes ? key : undefined;
  });
}
