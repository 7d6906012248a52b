import { z } from 'zod';

export type Env = Readonly<Record<string, string | undefined>>;

export interface ConfigIssue {
  variable: string;
  reason: string;
}

/** The environment does not satisfy the schema; the message has one line per bad variable. */
export class ConfigError extends Error {
  constructor(readonly issues: readonly ConfigIssue[]) {
    super(`Invalid configuration:\n${issues.map((i) => `${i.variable}: ${i.reason}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const devDefaults = z.registry<{ devDefault: string }>();

/**
 * Gives `schema` a value to use when its variable is unset and NODE_ENV is not `production`, so
 * a developer machine starts with no setup while production must set the variable explicitly.
 */
export function devDefault<S extends z.ZodType>(schema: S, value: string): S {
  devDefaults.add(schema, { devDefault: value });
  return schema;
}

export interface LoadConfigOptions {
  /** Told about each variable that took its development default (to log a warning). */
  onDevDefault?: (variable: string) => void;
}

/**
 * Reads and checks the environment against `schema`, whose keys are the variable names. An
 * empty variable counts as unset. Every bad variable is reported at once, and values are never
 * echoed, as some are secrets.
 */
export function loadConfig<T extends z.ZodObject>(
  schema: T,
  env: Env = process.env,
  options: LoadConfigOptions = {},
): z.output<T> {
  const production = env['NODE_ENV'] === 'production';
  const input: Record<string, string | undefined> = {};
  for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    const raw = env[key];
    let value = raw === undefined || raw.trim() === '' ? undefined : raw;
    const fallback = devDefaults.get(field)?.devDefault;
    if (value === undefined && fallback !== undefined && !production) {
      value = fallback;
      options.onDevDefault?.(key);
    }
    input[key] = value;
  }
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const byVariable = new Map<string, string[]>();
  for (const issue of result.error.issues) {
    const variable = issue.path.length > 0 ? String(issue.path[0]) : '(configuration)';
    const missing =
      issue.path.length > 0 && input[variable] === undefined && issue.code === 'invalid_type';
    const hasDevDefault = devDefaults.has(schema.shape[variable] as z.ZodType);
    const reason = missing
      ? hasDevDefault && production
        ? 'required in production'
        : 'required'
      : issue.message;
    const reasons = byVariable.get(variable) ?? [];
    if (!reasons.includes(reason)) reasons.push(reason);
    byVariable.set(variable, reasons);
  }
  throw new ConfigError(
    [...byVariable].map(([variable, reasons]) => ({ variable, reason: reasons.join('; ') })),
  );
}
