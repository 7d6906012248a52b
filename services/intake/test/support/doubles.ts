import { createHmac, randomBytes } from 'node:crypto';
import { ConflictError, isWithin } from '@xinfang/kernel';
import {
  Case,
  CaseEvent,
  CaseListQuery,
  CaseNumberSequence,
  CasePage,
  CaseRepository,
  CaseState,
  Clock,
  DEFAULT_INTAKE_POLICY,
  IdGenerator,
  IntakePolicy,
  IntakePolicyProvider,
  KnownRegion,
  PetitionerKeyHasher,
  PetitionerKeyKind,
  PriorCaseFinder,
  PriorCaseQuery,
  PriorCaseRef,
  RandomSource,
  RegionDirectory,
  Subject,
  SubjectCatalog,
  TerminatedCaseRef,
  TerminationChecker,
  TerminationQuery,
} from '../../src/domain';

/** Keeps states and an outbox the way the Mongo adapter will: one write per save, versioned. */
export class InMemoryCaseRepository implements CaseRepository {
  private readonly states = new Map<string, CaseState>();
  readonly outbox: CaseEvent[] = [];
  saves = 0;

  async save(aggregate: Case): Promise<void> {
    const state = aggregate.toState();
    const stored = this.states.get(state.id);
    if ((stored?.version ?? 0) !== state.version)
      throw new ConflictError(`case ${state.id} was changed meanwhile`);
    const clash = [...this.states.values()].find(
      (s) => s.caseNumber === state.caseNumber && s.id !== state.id,
    );
    if (clash) throw new ConflictError(`case number ${state.caseNumber} is taken`);
    const events = aggregate.pullEvents();
    this.states.set(state.id, { ...state, version: state.version + 1 });
    this.outbox.push(...events);
    this.saves += 1;
    aggregate.markPersisted();
  }

  async findById(id: string): Promise<Case | null> {
    const state = this.states.get(id);
    return state ? Case.fromState(state) : null;
  }

  async findByCaseNumber(caseNumber: string): Promise<Case | null> {
    const state = [...this.states.values()].find((s) => s.caseNumber === caseNumber);
    return state ? Case.fromState(state) : null;
  }

  async list(query: CaseListQuery): Promise<CasePage> {
    const sorted = this.all()
      .filter((s) =>
        query.scopePaths.some((scope) => scope === '/' || isWithin(s.regionPath, scope)),
      )
      .filter((s) => !query.status || s.status === query.status)
      .filter((s) => !query.channel || s.channel === query.channel)
      .filter((s) => !query.nature || s.nature === query.nature)
      .filter((s) => !query.subjectCode || s.subjectCode === query.subjectCode)
      .filter((s) => !query.registeredFrom || s.registeredAt >= query.registeredFrom)
      .filter((s) => !query.registeredTo || s.registeredAt < query.registeredTo)
      .filter((s) => !query.repeatOnly || s.repeat !== null)
      .sort(
        (a, b) => b.registeredAt.getTime() - a.registeredAt.getTime() || (a.id < b.id ? 1 : -1),
      );
    const start = query.cursor
      ? sorted.findIndex((s) => s.id === Buffer.from(query.cursor!, 'base64url').toString()) + 1
      : 0;
    const page = sorted.slice(start, start + query.limit);
    const more = start + query.limit < sorted.length;
    return {
      cases: page.map((s) => Case.fromState(s)),
      nextCursor: more ? Buffer.from(page[page.length - 1]!.id).toString('base64url') : null,
    };
  }

  all(): CaseState[] {
    return [...this.states.values()].map((s) => structuredClone(s));
  }
}

/** Answers from the repository's cases, the way the adapter will query the province-wide index. */
export class RepositoryPriorCaseFinder implements PriorCaseFinder {
  readonly queries: PriorCaseQuery[] = [];
  constructor(private readonly repository: InMemoryCaseRepository) {}

  async findPriorCases(query: PriorCaseQuery): Promise<PriorCaseRef[]> {
    this.queries.push(query);
    return this.repository
      .all()
      .filter(
        (s) => s.subjectRoot === query.subjectRoot && s.location.countyCode === query.countyCode,
      )
      .filter((s) => s.petitionerKeys.some((k) => query.petitionerKeys.includes(k)))
      .sort((a, b) => a.registeredAt.getTime() - b.registeredAt.getTime())
      .map((s) => ({
        caseId: s.id,
        caseNumber: s.caseNumber,
        tenantId: s.tenantId,
        regionPath: s.regionPath,
        status: s.status,
        handlingWithinLimit: Case.fromState(s).isHandlingWithinLimit(),
      }));
  }
}

/** The hearing service's terminated matters, by case id or by person, subject and place. */
export class InMemoryTerminationChecker implements TerminationChecker {
  private readonly terminated: (TerminatedCaseRef & Partial<PriorCaseQuery>)[] = [];
  readonly queries: TerminationQuery[] = [];

  add(entry: TerminatedCaseRef & Partial<PriorCaseQuery>): void {
    this.terminated.push(entry);
  }

  async findTerminated(query: TerminationQuery): Promise<TerminatedCaseRef | null> {
    this.queries.push(query);
    const hit = this.terminated.find(
      (t) =>
        query.priorCaseIds.includes(t.caseId) ||
        (t.subjectRoot === query.subjectRoot &&
          t.countyCode === query.countyCode &&
          (t.petitionerKeys ?? []).some((k) => query.petitionerKeys.includes(k))),
    );
    return hit ? { caseId: hit.caseId, caseNumber: hit.caseNumber } : null;
  }
}

export class InMemoryCaseNumberSequence implements CaseNumberSequence {
  private readonly counters = new Map<string, number>();

  async next(scopeCode: string, day: string): Promise<number> {
    const key = `${scopeCode}/${day}`;
    const value = (this.counters.get(key) ?? 0) + 1;
    this.counters.set(key, value);
    return value;
  }
}

export class FixedClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
  set(at: Date): void {
    this.current = new Date(at);
  }
}

export class SequentialIds implements IdGenerator {
  private n = 0;
  newId(): string {
    this.n += 1;
    return `id-${String(this.n).padStart(6, '0')}`;
  }
}

/** HMAC-SHA256 with a test key: the algorithm the infrastructure adapter uses. */
export class HmacKeyHasher implements PetitionerKeyHasher {
  constructor(private readonly key = 'test-key') {}
  keyOf(kind: PetitionerKeyKind, normalizedValue: string): string {
    return createHmac('sha256', this.key).update(`${kind}:${normalizedValue}`).digest('hex');
  }
}

export const cryptoRandom: RandomSource = { bytes: (n) => randomBytes(n) };

/** The demo region tree (COMMON.md). */
export const DEMO_REGIONS: readonly KnownRegion[] = [
  { code: '440000', name: '广东省' },
  { code: '441400', name: '梅州市' },
  { code: '441300', name: '惠州市' },
  { code: '441481', name: '兴宁市' },
  { code: '441422', name: '大埔县' },
  { code: '441322', name: '博罗县' },
  { code: '441481001', name: '兴宁市兴田街道' },
  { code: '441481002', name: '兴宁市福兴街道' },
  { code: '441422100', name: '大埔县湖寮镇' },
  { code: '441322100', name: '博罗县罗阳街道' },
];

export class InMemoryRegionDirectory implements RegionDirectory {
  constructor(private readonly regions: readonly KnownRegion[] = DEMO_REGIONS) {}
  async findMany(codes: readonly string[]): Promise<KnownRegion[]> {
    return this.regions.filter((r) => codes.includes(r.code));
  }
}

export class InMemorySubjectCatalog implements SubjectCatalog {
  constructor(private readonly byTenant: Record<string, readonly Subject[]> = {}) {}
  async extensionsFor(tenantId: string): Promise<readonly Subject[]> {
    return this.byTenant[tenantId] ?? [];
  }
}

export class InMemoryPolicyProvider implements IntakePolicyProvider {
  constructor(private readonly byTenant: Record<string, IntakePolicy> = {}) {}
  async policyFor(tenantId: string): Promise<IntakePolicy> {
    return this.byTenant[tenantId] ?? DEFAULT_INTAKE_POLICY;
  }
}
