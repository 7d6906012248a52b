import { ValidationError } from './errors';

export type DayUnit = 'calendar' | 'working';

export interface ClockLimit {
  readonly days: number;
  readonly unit: DayUnit;
}

/** The statutory clocks of the case lifecycle (DESIGN §2). */
export type ClockKind =
  | 'dispose'
  | 'acceptance'
  | 'objection'
  | 'handling'
  | 'reviewRequest'
  | 'reviewDecision'
  | 'reReviewRequest'
  | 'reReviewDecision';

export const CLOCK_KINDS: readonly ClockKind[] = [
  'dispose',
  'acceptance',
  'objection',
  'handling',
  'reviewRequest',
  'reviewDecision',
  'reReviewRequest',
  'reReviewDecision',
];

export interface ExtensionRules {
  /** Most days all extensions of one clock may add together. */
  readonly maxDays: number;
  /** Most extensions one clock may receive. */
  readonly maxCount: number;
}

/**
 * Every time limit of the petition workflow as data: defaults per deployment, overridable per
 * tenant. Code reads limits from here and never writes the numbers itself.
 */
export interface ClockPolicy {
  readonly limits: Readonly<Record<ClockKind, ClockLimit>>;
  /** Extension of the handling clock (Art. 34). */
  readonly extension: ExtensionRules;
  /** Three-level escalation of an overdue case: level 1 at once, then one level per step. */
  readonly escalation: { readonly stepDays: number; readonly levels: number };
  /** Days before the due date at which the responsible unit is reminded. */
  readonly reminder: { readonly daysBeforeDue: number };
}

/** Defaults of the 2022 Regulations on Petition Work (信访工作条例). */
export const DEFAULT_CLOCK_POLICY: ClockPolicy = deepFreeze({
  limits: {
    dispose: { days: 15, unit: 'calendar' }, // Art. 22
    acceptance: { days: 15, unit: 'calendar' }, // Art. 23
    objection: { days: 5, unit: 'working' }, // Art. 23
    handling: { days: 60, unit: 'calendar' }, // Art. 34
    reviewRequest: { days: 30, unit: 'calendar' }, // Art. 35
    reviewDecision: { days: 30, unit: 'calendar' }, // Art. 35
    reReviewRequest: { days: 30, unit: 'calendar' }, // Art. 36
    reReviewDecision: { days: 30, unit: 'calendar' }, // Art. 36
  },
  extension: { maxDays: 30, maxCount: 1 }, // Art. 34
  escalation: { stepDays: 30, levels: 3 },
  reminder: { daysBeforeDue: 3 },
});

type DeepPartial<T> = { -readonly [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

/** A tenant's or deployment's changes to the defaults; any subset of the policy. */
export type ClockPolicyOverrides = DeepPartial<ClockPolicy>;

/**
 * The defaults with `overrides` applied. Unknown keys and values that are not whole numbers in
 * range are refused with every offending field named, since overrides come from stored data.
 */
export function mergePolicy(
  defaults: ClockPolicy,
  overrides: ClockPolicyOverrides = {},
): ClockPolicy {
  const issues: { field: string; reason: string }[] = [];
  const merged = mergeNode(defaults, overrides, '', issues) as ClockPolicy;
  validatePolicy(merged, issues);
  if (issues.length > 0) throw new ValidationError(issues);
  return deepFreeze(merged);
}

/** The limit of one clock kind under `policy`. */
export function clockLimit(policy: ClockPolicy, kind: ClockKind): ClockLimit {
  return policy.limits[kind];
}

function mergeNode(
  base: unknown,
  patch: unknown,
  at: string,
  issues: { field: string; reason: string }[],
): unknown {
  if (patch === undefined) return base;
  if (!isPlainObject(base)) return patch;
  if (!isPlainObject(patch)) {
    issues.push({ field: at || 'policy', reason: 'must be an object' });
    return base;
  }
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const field = at ? `${at}.${key}` : key;
    if (!(key in base)) {
      issues.push({ field, reason: 'is not a policy setting' });
      continue;
    }
    out[key] = mergeNode(base[key], value, field, issues);
  }
  return out;
}

function validatePolicy(p: ClockPolicy, issues: { field: string; reason: string }[]): void {
  const whole = (field: string, v: unknown, min: number): void => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
      issues.push({ field, reason: `must be a whole number ≥ ${min}` });
    }
  };
  for (const kind of CLOCK_KINDS) {
    const limit = p.limits[kind];
    whole(`limits.${kind}.days`, limit.days, 1);
    if (limit.unit !== 'calendar' && limit.unit !== 'working') {
      issues.push({ field: `limits.${kind}.unit`, reason: 'must be "calendar" or "working"' });
    }
  }
  whole('extension.maxDays', p.extension.maxDays, 0);
  whole('extension.maxCount', p.extension.maxCount, 0);
  whole('escalation.stepDays', p.escalation.stepDays, 1);
  whole('escalation.levels', p.escalation.levels, 1);
  whole('reminder.daysBeforeDue', p.reminder.daysBeforeDue, 0);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deepFreeze<T>(value: T): T {
  if (isPlainObject(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
