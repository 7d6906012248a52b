import type { Month } from './backlog';
import type { LedgerEntry } from './backlog';
import type { CaseClock } from './case-clock';
import type { CaseFile } from './case-file';
import type { SupervisionPolicy } from './policy';
import type { SupervisionNotice } from './supervision-notice';
import type { SupervisionRecord } from './supervision-record';

export type { Clock, IdGenerator, TimeContext } from './ports-basic';

/**
 * The statutory clocks (durable timers). `save` writes the clock's state and the events it
 * recorded (`pullEvents()`) in one atomic write (outbox inside the clock document), only if the
 * stored version equals `toState().version` (0 = insert; a taken id is a ConflictError), then
 * calls `markPersisted()`. The store keeps an index on `nextFireAt`, so finding due clocks never
 * scans open cases.
 */
export interface ClockRepository {
  save(clock: CaseClock): Promise<void>;
  findById(clockId: string): Promise<CaseClock | null>;
  /** Every clock of the case, running or stopped, in the order they started. */
  findByCase(caseId: string): Promise<CaseClock[]>;
  findByCases(caseIds: readonly string[]): Promise<CaseClock[]>;
  /**
   * Claims up to `limit` clocks with `nextFireAt <= now` whose lease is free or expired (earliest
   * `nextFireAt` first) by setting their lease to `leaseOwner` until `now + leaseMs`, each with a
   * conditional single-document update, and returns the ones this caller won. A claim held by a
   * replica that crashed is free again once its lease expires. Saving does not touch the lease.
   */
  claimDue(now: Date, limit: number, leaseOwner: string, leaseMs: number): Promise<CaseClock[]>;
  /** Frees the lease on a clock if `leaseOwner` still holds it. */
  release(clockId: string, leaseOwner: string): Promise<void>;
}

export interface BacklogCandidateQuery {
  readonly tenantId: string;
  /** Registered before this instant (the pending-too-long rule). */
  readonly registeredBefore: Date;
  readonly minRepeatCount: number;
  readonly includeReferred: boolean;
  readonly includeCollective: boolean;
  readonly limit: number;
}

/** Case files; same save semantics as clocks (outbox inside the document, versioned). */
export interface CaseFileRepository {
  save(file: CaseFile): Promise<void>;
  findById(caseId: string): Promise<CaseFile | null>;
  /** Open case files led by this leader within the scope paths (`/` for all). */
  listByLeader(leaderSubject: string, scopePaths: readonly string[]): Promise<CaseFile[]>;
  /**
   * Open case files of the tenant not in the backlog ledger that meet any backlog rule (any of
   * the criteria), oldest registration first.
   */
  findBacklogCandidates(query: BacklogCandidateQuery): Promise<CaseFile[]>;
}

/** Supervision records; `add` is idempotent on the record's `key`. */
export interface SupervisionRecordRepository {
  /** Inserts the record unless one with the same `key` exists; true when inserted. */
  add(record: SupervisionRecord): Promise<boolean>;
  save(record: SupervisionRecord): Promise<void>;
  findById(id: string): Promise<SupervisionRecord | null>;
  listByCase(caseId: string): Promise<SupervisionRecord[]>;
}

/** Supervision notices (三函); same save semantics as clocks. */
export interface NoticeRepository {
  save(notice: SupervisionNotice): Promise<void>;
  findById(noticeId: string): Promise<SupervisionNotice | null>;
  listByCase(caseId: string): Promise<SupervisionNotice[]>;
}

export interface MonthlyReportQuery {
  readonly month: Month;
  /** Entries of cases within these paths (`/` for all). */
  readonly scopePaths: readonly string[];
  /** Only this tenant, or every tenant in scope when null. */
  readonly tenantId: string | null;
  /** Flagged on or before this instant. */
  readonly flaggedBy: Date;
  /** Open, or resolved at or after this instant. */
  readonly openAt: Date;
}

/** The backlog ledger; same save semantics as clocks. At most one open entry per case. */
export interface LedgerRepository {
  save(entry: LedgerEntry): Promise<void>;
  findById(entryId: string): Promise<LedgerEntry | null>;
  findOpenByCase(caseId: string): Promise<LedgerEntry | null>;
  listForMonthlyReport(query: MonthlyReportQuery): Promise<LedgerEntry[]>;
}

/** The policy in force for a tenant: deployment defaults with the tenant's overrides. */
export interface SupervisionPolicyProvider {
  policyFor(tenantId: string): Promise<SupervisionPolicy>;
}
