import {
  ClockPolicy,
  ClockPolicyOverrides,
  DEFAULT_CLOCK_POLICY,
  mergePolicy,
  ValidationError,
} from '@xinfang/kernel';
import { NoticeKind } from './vocabulary';

/**
 * Everything supervision counts with, as data: the statutory clock policy of the kernel plus the
 * rules of the backlog ledger, notices and follow-ups. Defaults per deployment, overridable per
 * tenant; code never writes these numbers itself.
 */
export interface SupervisionPolicy {
  readonly clocks: ClockPolicy;
  readonly backlog: {
    /** A case open this many calendar days counts as backlog (积案). */
    readonly pendingDays: number;
    /** A case with at least this many earlier petitions about the matter counts as backlog. */
    readonly repeatCount: number;
    /** Cases referred from above (上级交办) count as backlog. */
    readonly referred: boolean;
    /** Collective petitions count as backlog. */
    readonly collective: boolean;
    /** Day of the month by which each open entry's monthly status is due. */
    readonly monthlyStatusDueDay: number;
  };
  /** Calendar days a unit has to answer a notice, by kind, unless the supervisor sets a date. */
  readonly noticeResponseDays: Readonly<Record<NoticeKind, number>>;
  /** Calendar days after the reply by which the petitioner is contacted again (回访). */
  readonly followUpDays: number;
}

export const DEFAULT_SUPERVISION_POLICY: SupervisionPolicy = Object.freeze({
  clocks: DEFAULT_CLOCK_POLICY,
  backlog: Object.freeze({
    pendingDays: 180,
    repeatCount: 3,
    referred: true,
    collective: true,
    monthlyStatusDueDay: 20,
  }),
  noticeResponseDays: Object.freeze({
    riskReminder: 10,
    supervision: 15,
    accountabilityProposal: 30,
  }),
  followUpDays: 15,
});

export interface SupervisionPolicyOverrides {
  readonly clocks?: ClockPolicyOverrides;
  readonly backlog?: Partial<SupervisionPolicy['backlog']>;
  readonly noticeResponseDays?: Partial<Record<NoticeKind, number>>;
  readonly followUpDays?: number;
}

/** The defaults with a tenant's overrides; every bad value is named in one ValidationError. */
export function mergeSupervisionPolicy(
  defaults: SupervisionPolicy,
  overrides: SupervisionPolicyOverrides = {},
): SupervisionPolicy {
  const clocks = mergePolicy(defaults.clocks, overrides.clocks ?? {});
  const merged: SupervisionPolicy = {
    clocks,
    backlog: { ...defaults.backlog, ...overrides.backlog },
    noticeResponseDays: { ...defaults.noticeResponseDays, ...overrides.noticeResponseDays },
    followUpDays: overrides.followUpDays ?? defaults.followUpDays,
  };
  const issues: { field: string; reason: string }[] = [];
  const whole = (field: string, v: unknown, min: number, max = Number.MAX_SAFE_INTEGER): void => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      issues.push({ field, reason: `must be a whole number from ${min}` });
    }
  };
  whole('backlog.pendingDays', merged.backlog.pendingDays, 1);
  whole('backlog.repeatCount', merged.backlog.repeatCount, 1);
  whole('backlog.monthlyStatusDueDay', merged.backlog.monthlyStatusDueDay, 1, 28);
  if (typeof merged.backlog.referred !== 'boolean')
    issues.push({ field: 'backlog.referred', reason: 'must be true or false' });
  if (typeof merged.backlog.collective !== 'boolean')
    issues.push({ field: 'backlog.collective', reason: 'must be true or false' });
  for (const [kind, days] of Object.entries(merged.noticeResponseDays)) {
    whole(`noticeResponseDays.${kind}`, days, 1);
  }
  whole('followUpDays', merged.followUpDays, 0);
  if (issues.length > 0) throw new ValidationError(issues);
  return merged;
}
