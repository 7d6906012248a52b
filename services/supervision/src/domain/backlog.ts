import {
  ConflictError,
  daysBetween,
  isLocalDate,
  LocalDate,
  toLocalDate,
  ValidationError,
} from '@xinfang/kernel';
import type { Registration } from './case-file';
import { EventRecorder } from './events';
import { SupervisionPolicy } from './policy';
import { Actor, CaseRef } from './refs';
import { BacklogRule } from './vocabulary';

/** A month of the monthly report, `YYYY-MM`. */
export type Month = string;

export function isMonth(value: unknown): value is Month {
  return typeof value === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(value);
}

/** The month (Asia/Shanghai) an instant falls in. */
export function monthOf(instant: Date): Month {
  return toLocalDate(instant).slice(0, 7);
}

/** The day by which a month's status is due, e.g. `2025-10-20`. */
export function monthlyStatusDueDate(month: Month, dueDay: number): LocalDate {
  if (!isMonth(month)) throw new ValidationError('month', `"${month}" is not a month (YYYY-MM)`);
  return `${month}-${String(dueDay).padStart(2, '0')}`;
}

export interface BacklogReason {
  readonly rule: BacklogRule;
  readonly detail: string;
}

/**
 * Which backlog rules a case meets (积案): open too long, repeated petitions, referred from above,
 * collective. Thresholds are the tenant's policy.
 */
export function backlogReasons(
  registration: Registration | null,
  now: Date,
  policy: SupervisionPolicy['backlog'],
): BacklogReason[] {
  if (!registration) return [];
  const reasons: BacklogReason[] = [];
  const open = daysOpen(registration.registeredAt, now);
  if (open >= policy.pendingDays) {
    reasons.push({ rule: 'pendingTooLong', detail: `open ${open} days (≥ ${policy.pendingDays})` });
  }
  if (registration.repeatCount >= policy.repeatCount) {
    reasons.push({
      rule: 'repeated',
      detail: `${registration.repeatCount} earlier petitions (≥ ${policy.repeatCount})`,
    });
  }
  if (policy.referred && registration.channel === 'referral') {
    reasons.push({ rule: 'referredFromAbove', detail: 'referred by a higher authority' });
  }
  if (policy.collective && registration.collective) {
    reasons.push({
      rule: 'collective',
      detail: `collective petition (${registration.headcount} people)`,
    });
  }
  return reasons;
}

export function daysOpen(registeredAt: Date, now: Date): number {
  return Math.max(0, daysBetween(toLocalDate(registeredAt), toLocalDate(now)));
}

/** 化解方案 with its owner, target date and 稳控措施. */
export interface BacklogPlan {
  readonly summary: string | null;
  readonly ownerSubject: string | null;
  readonly ownerName: string | null;
  readonly targetDate: LocalDate | null;
  readonly measures: readonly string[];
  readonly updatedAt: Date;
  readonly updatedBy: Actor;
}

export interface MonthlyStatus {
  readonly month: Month;
  readonly progress: string;
  /** The petitioner is judged stable this month. */
  readonly stable: boolean;
  readonly recordedAt: Date;
  readonly recordedBy: Actor;
  /** Recorded after the month's due day. */
  readonly late: boolean;
}

export interface LedgerEntryState {
  readonly id: string;
  readonly caseRef: CaseRef;
  readonly reasons: readonly BacklogReason[];
  readonly flaggedAt: Date;
  readonly flaggedBy: Actor;
  readonly daysOpen: number;
  readonly plan: BacklogPlan;
  readonly status: 'open' | 'resolved';
  readonly resolvedAt: Date | null;
  readonly monthlyStatuses: readonly MonthlyStatus[];
  readonly version: number;
}

export interface PlanChange {
  readonly summary?: string | null;
  readonly ownerSubject?: string | null;
  readonly ownerName?: string | null;
  readonly targetDate?: LocalDate | null;
  readonly measures?: readonly string[];
}

/** One case in the backlog ledger (积案台账). */
export class LedgerEntry extends EventRecorder {
  private constructor(private s: LedgerEntryState) {
    super();
  }

  static flag(p: {
    id: string;
    eventId: string;
    caseRef: CaseRef;
    reasons: readonly BacklogReason[];
    daysOpen: number;
    plan: PlanChange;
    at: Date;
    actor: Actor;
  }): LedgerEntry {
    if (p.reasons.length === 0)
      throw new ValidationError('reason', 'a backlog entry needs a reason');
    const entry = new LedgerEntry({
      id: p.id,
      caseRef: p.caseRef,
      reasons: p.reasons,
      flaggedAt: p.at,
      flaggedBy: p.actor,
      daysOpen: p.daysOpen,
      plan: {
        summary: null,
        ownerSubject: null,
        ownerName: null,
        targetDate: null,
        measures: [],
        updatedAt: p.at,
        updatedBy: p.actor,
      },
      status: 'open',
      resolvedAt: null,
      monthlyStatuses: [],
      version: 0,
    });
    entry.applyPlan(p.plan, p.actor, p.at);
    const plan = entry.s.plan;
    entry.record({
      id: p.eventId,
      name: 'BacklogFlagged',
      caseRef: p.caseRef,
      actor: p.actor,
      occurredAt: p.at,
      ledgerEntryId: p.id,
      reason: p.reasons.map((r) => r.detail).join('; '),
      daysOpen: p.daysOpen,
      ownerSubject: plan.ownerSubject,
      targetDate: plan.targetDate,
      planSummary: plan.summary,
    });
    return entry;
  }

  static fromState(state: LedgerEntryState): LedgerEntry {
    return new LedgerEntry(state);
  }

  toState(): LedgerEntryState {
    return this.s;
  }
  get id(): string {
    return this.s.id;
  }
  get caseRef(): CaseRef {
    return this.s.caseRef;
  }
  get measures(): readonly string[] {
    return this.s.plan.measures;
  }
  get isOpen(): boolean {
    return this.s.status === 'open';
  }

  markPersisted(): void {
    this.s = { ...this.s, version: this.s.version + 1 };
  }

  updatePlan(change: PlanChange, actor: Actor, at: Date): void {
    this.assertOpen();
    this.applyPlan(change, actor, at);
  }

  /** The month's status; a second one for the same month replaces the first. */
  recordMonthlyStatus(
    month: Month,
    progress: string,
    stable: boolean,
    dueDay: number,
    actor: Actor,
    at: Date,
  ): MonthlyStatus {
    this.assertOpen();
    const due = monthlyStatusDueDate(month, dueDay);
    if (daysBetween(toLocalDate(this.s.flaggedAt).slice(0, 7) + '-01', `${month}-01`) < 0) {
      throw new ValidationError('month', `the entry was flagged after ${month}`);
    }
    if (daysBetween(toLocalDate(at).slice(0, 7) + '-01', `${month}-01`) > 0) {
      throw new ValidationError('month', `${month} has not begun`);
    }
    const status: MonthlyStatus = {
      month,
      progress,
      stable,
      recordedAt: at,
      recordedBy: actor,
      late: daysBetween(due, toLocalDate(at)) > 0,
    };
    this.s = {
      ...this.s,
      monthlyStatuses: [...this.s.monthlyStatuses.filter((m) => m.month !== month), status],
    };
    return status;
  }

  /**
   * Whether the month's status is owed: the entry was in the ledger on the month's due day and
   * still open then.
   */
  owesStatusFor(month: Month, dueDay: number): boolean {
    const due = monthlyStatusDueDate(month, dueDay);
    if (daysBetween(toLocalDate(this.s.flaggedAt), due) < 0) return false;
    if (this.s.resolvedAt && daysBetween(toLocalDate(this.s.resolvedAt), due) >= 0) return false;
    return !this.s.monthlyStatuses.some((m) => m.month === month);
  }

  resolve(at: Date): void {
    if (this.s.status === 'resolved') return;
    this.s = { ...this.s, status: 'resolved', resolvedAt: at };
  }

  private applyPlan(change: PlanChange, actor: Actor, at: Date): void {
    if (change.targetDate != null) {
      if (!isLocalDate(change.targetDate)) {
        throw new ValidationError('targetDate', `"${change.targetDate}" is not a date`);
      }
      if (daysBetween(toLocalDate(at), change.targetDate) < 0) {
        throw new ValidationError('targetDate', 'must not be in the past');
      }
    }
    const p = this.s.plan;
    const pick = <K extends keyof PlanChange>(k: K, current: BacklogPlan[K]) =>
      (change[k] === undefined ? current : change[k]) as BacklogPlan[K];
    this.s = {
      ...this.s,
      plan: {
        summary: pick('summary', p.summary),
        ownerSubject: pick('ownerSubject', p.ownerSubject),
        ownerName: pick('ownerName', p.ownerName),
        targetDate: pick('targetDate', p.targetDate),
        measures: pick('measures', p.measures),
        updatedAt: at,
        updatedBy: actor,
      },
    };
  }

  private assertOpen(): void {
    if (this.s.status !== 'open') throw new ConflictError(`ledger entry ${this.s.id} is resolved`);
  }
}
