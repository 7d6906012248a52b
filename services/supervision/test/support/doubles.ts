import { ConflictError, isWithin } from '@xinfang/kernel';
import {
  BacklogCandidateQuery,
  CaseClock,
  CaseClockState,
  CaseFile,
  CaseFileRepository,
  CaseFileState,
  Clock,
  ClockRepository,
  DEFAULT_SUPERVISION_POLICY,
  IdGenerator,
  LedgerEntry,
  LedgerEntryState,
  LedgerRepository,
  MonthlyReportQuery,
  NoticeRepository,
  SupervisionEvent,
  SupervisionNotice,
  SupervisionNoticeState,
  SupervisionPolicy,
  SupervisionPolicyProvider,
  SupervisionRecord,
  SupervisionRecordRepository,
  SupervisionRecordState,
} from '../../src/domain';

/** A clock the test moves by hand. */
export class FakeClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current.getTime());
  }
  set(at: Date | string): void {
    this.current = new Date(at);
  }
}

export class SequentialIds implements IdGenerator {
  private n = 0;
  constructor(private readonly prefix = 'id') {}
  newId(): string {
    this.n += 1;
    return `${this.prefix}-${String(this.n).padStart(6, '0')}`;
  }
}

export class StaticPolicies implements SupervisionPolicyProvider {
  constructor(
    private readonly defaults: SupervisionPolicy = DEFAULT_SUPERVISION_POLICY,
    private readonly byTenant: Record<string, SupervisionPolicy> = {},
  ) {}
  async policyFor(tenantId: string): Promise<SupervisionPolicy> {
    return this.byTenant[tenantId] ?? this.defaults;
  }
}

/**
 * A deep copy, as a store would hand back. (Not `structuredClone`: under jest it returns Dates of
 * another realm, which `instanceof Date` refuses.)
 */
export function clone<T>(value: T): T {
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (Array.isArray(value)) return value.map((v) => clone(v)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clone(v)])) as T;
  }
  return value;
}

const inScope = (path: string, scopes: readonly string[]) =>
  scopes.some((s) => s === '/' || isWithin(path, s));

interface Versioned {
  readonly version: number;
}

/** Versioned rows with an outbox, saved the way the Mongo adapters will: one write per save. */
class VersionedStore<S extends Versioned> {
  readonly rows = new Map<string, S>();
  readonly outbox: SupervisionEvent[] = [];

  write(
    id: string,
    agg: { toState(): S; pullEvents?: () => SupervisionEvent[]; markPersisted(): void },
  ): void {
    const state = agg.toState();
    if ((this.rows.get(id)?.version ?? 0) !== state.version) {
      throw new ConflictError(`${id} was changed meanwhile`);
    }
    const events = agg.pullEvents ? agg.pullEvents() : [];
    this.rows.set(id, clone({ ...state, version: state.version + 1 }));
    this.outbox.push(...events);
    agg.markPersisted();
  }

  read(id: string): S | undefined {
    const s = this.rows.get(id);
    return s ? clone(s) : undefined;
  }

  all(): S[] {
    return [...this.rows.values()].map((s) => clone(s));
  }
}

interface Lease {
  owner: string;
  until: number;
}

/**
 * Clocks with the lease semantics of `claimDue`: a due clock is claimed by one owner until its
 * lease expires; saving never touches the lease.
 */
export class InMemoryClockRepository implements ClockRepository {
  readonly store = new VersionedStore<CaseClockState>();
  private readonly leases = new Map<string, Lease>();
  /** Every claim handed out, for assertions: [owner, clockId]. */
  readonly claims: [string, string][] = [];

  get outbox(): SupervisionEvent[] {
    return this.store.outbox;
  }

  async save(clock: CaseClock): Promise<void> {
    this.store.write(clock.id, clock);
  }

  async findById(clockId: string): Promise<CaseClock | null> {
    const s = this.store.read(clockId);
    return s ? CaseClock.fromState(s) : null;
  }

  async findByCase(caseId: string): Promise<CaseClock[]> {
    return this.findByCases([caseId]);
  }

  async findByCases(caseIds: readonly string[]): Promise<CaseClock[]> {
    return this.store
      .all()
      .filter((s) => caseIds.includes(s.caseRef.caseId))
      .sort((a, b) => a.statutory.startedAt.getTime() - b.statutory.startedAt.getTime())
      .map((s) => CaseClock.fromState(s));
  }

  async claimDue(
    now: Date,
    limit: number,
    leaseOwner: string,
    leaseMs: number,
  ): Promise<CaseClock[]> {
    const due = this.store
      .all()
      .filter((s) => s.nextFireAt !== null && s.nextFireAt.getTime() <= now.getTime())
      .filter((s) => (this.leases.get(s.id)?.until ?? 0) <= now.getTime())
      .sort((a, b) => a.nextFireAt!.getTime() - b.nextFireAt!.getTime())
      .slice(0, limit);
    for (const s of due) {
      this.leases.set(s.id, { owner: leaseOwner, until: now.getTime() + leaseMs });
      this.claims.push([leaseOwner, s.id]);
    }
    return due.map((s) => CaseClock.fromState(s));
  }

  async release(clockId: string, leaseOwner: string): Promise<void> {
    if (this.leases.get(clockId)?.owner === leaseOwner) this.leases.delete(clockId);
  }

  leaseOf(clockId: string): Lease | undefined {
    return this.leases.get(clockId);
  }

  all(): CaseClockState[] {
    return this.store.all();
  }
}

export class InMemoryCaseFileRepository implements CaseFileRepository {
  readonly store = new VersionedStore<CaseFileState>();
  /** Fail the next N saves, to simulate a crash between writes. */
  failNextSaves = 0;

  get outbox(): SupervisionEvent[] {
    return this.store.outbox;
  }

  async save(file: CaseFile): Promise<void> {
    if (this.failNextSaves > 0) {
      this.failNextSaves -= 1;
      throw new Error('simulated crash before the case file was written');
    }
    this.store.write(file.caseRef.caseId, file);
  }

  async findById(caseId: string): Promise<CaseFile | null> {
    const s = this.store.read(caseId);
    return s ? CaseFile.fromState(s) : null;
  }

  async listByLeader(leaderSubject: string, scopePaths: readonly string[]): Promise<CaseFile[]> {
    return this.store
      .all()
      .filter((s) => s.leader?.subject === leaderSubject && s.closure === null)
      .filter((s) => inScope(s.caseRef.regionPath, scopePaths))
      .map((s) => CaseFile.fromState(s));
  }

  async findBacklogCandidates(q: BacklogCandidateQuery): Promise<CaseFile[]> {
    return this.store
      .all()
      .filter((s) => s.caseRef.tenantId === q.tenantId && s.closure === null && !s.ledgerEntryId)
      .filter((s) => {
        const r = s.registration;
        if (!r) return false;
        return (
          r.registeredAt < q.registeredBefore ||
          r.repeatCount >= q.minRepeatCount ||
          (q.includeReferred && r.channel === 'referral') ||
          (q.includeCollective && r.collective)
        );
      })
      .sort(
        (a, b) => a.registration!.registeredAt.getTime() - b.registration!.registeredAt.getTime(),
      )
      .slice(0, q.limit)
      .map((s) => CaseFile.fromState(s));
  }
}

export class InMemorySupervisionRecordRepository implements SupervisionRecordRepository {
  readonly rows = new Map<string, SupervisionRecordState>();

  async add(record: SupervisionRecord): Promise<boolean> {
    const state = record.toState();
    if ([...this.rows.values()].some((r) => r.key === state.key)) return false;
    this.rows.set(state.id, clone(state));
    return true;
  }

  async save(record: SupervisionRecord): Promise<void> {
    this.rows.set(record.id, clone(record.toState()));
  }

  async findById(id: string): Promise<SupervisionRecord | null> {
    const s = this.rows.get(id);
    return s ? SupervisionRecord.fromState(clone(s)) : null;
  }

  async listByCase(caseId: string): Promise<SupervisionRecord[]> {
    return this.all()
      .filter((r) => r.caseRef.caseId === caseId)
      .map((s) => SupervisionRecord.fromState(s));
  }

  all(): SupervisionRecordState[] {
    return [...this.rows.values()].map((s) => clone(s));
  }
}

export class InMemoryNoticeRepository implements NoticeRepository {
  readonly store = new VersionedStore<SupervisionNoticeState>();

  get outbox(): SupervisionEvent[] {
    return this.store.outbox;
  }

  async save(notice: SupervisionNotice): Promise<void> {
    this.store.write(notice.id, notice);
  }

  async findById(noticeId: string): Promise<SupervisionNotice | null> {
    const s = this.store.read(noticeId);
    return s ? SupervisionNotice.fromState(s) : null;
  }

  async listByCase(caseId: string): Promise<SupervisionNotice[]> {
    return this.store
      .all()
      .filter((s) => s.caseRef.caseId === caseId)
      .map((s) => SupervisionNotice.fromState(s));
  }
}

export class InMemoryLedgerRepository implements LedgerRepository {
  readonly store = new VersionedStore<LedgerEntryState>();

  get outbox(): SupervisionEvent[] {
    return this.store.outbox;
  }

  async save(entry: LedgerEntry): Promise<void> {
    const state = entry.toState();
    const clash = this.store
      .all()
      .find(
        (s) =>
          s.caseRef.caseId === state.caseRef.caseId && s.status === 'open' && s.id !== state.id,
      );
    if (clash && state.status === 'open') {
      throw new ConflictError(`case ${state.caseRef.caseId} already has an open ledger entry`);
    }
    this.store.write(entry.id, entry);
  }

  async findById(entryId: string): Promise<LedgerEntry | null> {
    const s = this.store.read(entryId);
    return s ? LedgerEntry.fromState(s) : null;
  }

  async findOpenByCase(caseId: string): Promise<LedgerEntry | null> {
    const s = this.store.all().find((e) => e.caseRef.caseId === caseId && e.status === 'open');
    return s ? LedgerEntry.fromState(s) : null;
  }

  async listForMonthlyReport(q: MonthlyReportQuery): Promise<LedgerEntry[]> {
    return this.store
      .all()
      .filter((s) => inScope(s.caseRef.regionPath, q.scopePaths))
      .filter((s) => q.tenantId === null || s.caseRef.tenantId === q.tenantId)
      .filter((s) => s.flaggedAt <= q.flaggedBy)
      .filter((s) => s.status === 'open' || (s.resolvedAt !== null && s.resolvedAt >= q.openAt))
      .map((s) => LedgerEntry.fromState(s));
  }
}
