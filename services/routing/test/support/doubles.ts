import { ConflictError, DEFAULT_CLOCK_POLICY, HolidayCalendar, isWithin } from '@xinfang/kernel';
import { Principal } from '@xinfang/principal';
import {
  CaseView,
  CaseViewSource,
  Clock,
  IdGenerator,
  Page,
  RoutingCase,
  RoutingCaseQuery,
  RoutingCaseRepository,
  RoutingEvent,
  RoutingPolicy,
  RoutingPolicySource,
  RoutingRule,
  RoutingRuleRepository,
  RuleQuery,
  Unit,
  UnitMembership,
  UnitQuery,
  UnitRepository,
} from '../../src/domain';

/**
 * A deep copy that keeps Dates as Dates of this realm (structuredClone under jest yields Dates
 * that fail `instanceof Date`), so stored state never aliases the aggregate's.
 */
export function deepCopy<T>(value: T): T {
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (Array.isArray(value)) return value.map(deepCopy) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deepCopy(v)])) as T;
  }
  return value;
}

/** Offset-based paging over a sorted array, as the stores page by cursor. */
function paged<T>(items: T[], limit: number, cursor: string | null): Page<T> {
  const start = cursor ? Number(cursor) : 0;
  const end = start + limit;
  return { items: items.slice(start, end), nextCursor: end < items.length ? String(end) : null };
}

/**
 * Stores plain states and hands out fresh aggregates on every read, like a database. A save must
 * carry the version it was loaded at and stores the next one.
 */
class VersionedStore<S extends { version: number }> {
  readonly rows = new Map<string, S>();

  insert(id: string, state: S): void {
    if (this.rows.has(id)) throw new ConflictError(`${id} already exists`);
    this.rows.set(id, deepCopy(state));
  }

  save(id: string, state: S): void {
    const stored = this.rows.get(id);
    if (!stored || stored.version !== state.version) {
      throw new ConflictError(`${id} was changed by someone else`);
    }
    this.rows.set(id, deepCopy({ ...state, version: state.version + 1 }));
  }

  read(id: string): S | undefined {
    const s = this.rows.get(id);
    return s ? deepCopy(s) : undefined;
  }

  all(): S[] {
    return [...this.rows.keys()].map((id) => this.read(id)!);
  }
}

export class InMemoryUnitRepository implements UnitRepository {
  readonly store = new VersionedStore<ReturnType<Unit['toState']>>();

  async get(id: string): Promise<Unit | null> {
    const s = this.store.read(id);
    return s ? Unit.restore(s) : null;
  }
  async getMany(ids: readonly string[]): Promise<Unit[]> {
    return (await Promise.all(ids.map((id) => this.get(id)))).filter((u): u is Unit => u !== null);
  }
  async insert(unit: Unit): Promise<void> {
    this.store.insert(unit.id, unit.toState());
  }
  async save(unit: Unit): Promise<void> {
    this.store.save(unit.id, unit.toState());
  }
  async localGovernments(regionCodes: readonly string[]): Promise<Unit[]> {
    return this.all().filter((u) => u.isLocalGovernment && regionCodes.includes(u.regionCode));
  }
  async children(unitId: string): Promise<Unit[]> {
    return this.all().filter((u) => u.parentUnitId === unitId);
  }
  async list(q: UnitQuery): Promise<Page<Unit>> {
    const items = this.all()
      .filter((u) =>
        q.exactRegion
          ? u.regionPath === q.regionPathWithin
          : isWithin(u.regionPath, q.regionPathWithin),
      )
      .filter((u) => q.includeInactive || u.active)
      .filter((u) => q.subjectCode === null || u.covers(q.subjectCode))
      .filter((u) => q.kind === null || u.toState().kind === q.kind)
      .sort((a, b) => a.regionPath.localeCompare(b.regionPath) || a.name.localeCompare(b.name));
    return paged(items, q.limit, q.cursor);
  }
  private all(): Unit[] {
    return this.store.all().map((s) => Unit.restore(s));
  }
}

export class InMemoryRuleRepository implements RoutingRuleRepository {
  readonly store = new VersionedStore<ReturnType<RoutingRule['toState']>>();

  async get(id: string): Promise<RoutingRule | null> {
    const s = this.store.read(id);
    return s ? RoutingRule.restore(s) : null;
  }
  async insert(rule: RoutingRule): Promise<void> {
    this.store.insert(rule.id, rule.toState());
  }
  async save(rule: RoutingRule): Promise<void> {
    this.store.save(rule.id, rule.toState());
  }
  async list(q: RuleQuery): Promise<Page<RoutingRule>> {
    const items = this.all()
      .filter((r) => isWithin(r.scopePath, q.scopePathWithin) || q.scopePathWithin === '/')
      .filter((r) => q.includeInactive || r.active)
      .filter((r) => q.targetUnitId === null || r.targetUnitId === q.targetUnitId)
      .sort((a, b) => a.id.localeCompare(b.id));
    return paged(items, q.limit, q.cursor);
  }
  async candidates(scopeRegionCodes: readonly string[]): Promise<RoutingRule[]> {
    return this.all().filter((r) => r.active && scopeRegionCodes.includes(r.scopeRegionCode));
  }
  private all(): RoutingRule[] {
    return this.store.all().map((s) => RoutingRule.restore(s));
  }
}

/** Keeps each case with its outbox, as the adapter stores both in one document. */
export class InMemoryCaseRepository implements RoutingCaseRepository {
  readonly store = new VersionedStore<ReturnType<RoutingCase['toState']>>();
  readonly outbox: RoutingEvent[] = [];

  async get(caseId: string): Promise<RoutingCase | null> {
    const s = this.store.read(caseId);
    return s ? RoutingCase.restore(s) : null;
  }
  async insert(routingCase: RoutingCase, events: readonly RoutingEvent[]): Promise<void> {
    this.store.insert(routingCase.id, routingCase.toState());
    this.outbox.push(...deepCopy(events));
  }
  async save(routingCase: RoutingCase, events: readonly RoutingEvent[]): Promise<void> {
    this.store.save(routingCase.id, routingCase.toState());
    this.outbox.push(...deepCopy(events));
  }
  async list(q: RoutingCaseQuery): Promise<Page<RoutingCase>> {
    const items = this.store
      .all()
      .filter((s) => q.scopePaths === null || q.scopePaths.some((p) => isWithin(s.regionPath, p)))
      .filter((s) => {
        const route = s.routes[s.routes.length - 1];
        return (
          q.unitId === null ||
          (!!route && [route.lead, ...route.coUnits].some((u) => u.unitId === q.unitId))
        );
      })
      .filter((s) => q.officeId === null || s.office.unitId === q.officeId)
      .filter((s) => q.statuses === null || q.statuses.includes(s.status))
      .sort((a, b) => a.caseId.localeCompare(b.caseId))
      .map((s) => RoutingCase.restore(s));
    return paged(items, q.limit, q.cursor);
  }

  /** Names of the events published so far, e.g. `CaseForwarded`. */
  eventNames(): string[] {
    return this.outbox.map((e) => e.type.replace('xinfang.case.v1.', ''));
  }
}

/** Staff membership of units, by username. */
export class StaticMembership implements UnitMembership {
  private readonly members = new Map<string, Set<string>>();

  add(username: string, ...unitIds: string[]): this {
    const set = this.members.get(username) ?? new Set<string>();
    unitIds.forEach((id) => set.add(id));
    this.members.set(username, set);
    return this;
  }
  async belongsTo(principal: Principal, unitId: string): Promise<boolean> {
    return this.members.get(principal.username)?.has(unitId) ?? false;
  }
}

export class InMemoryCaseViews implements CaseViewSource {
  readonly views = new Map<string, CaseView>();
  async get(caseId: string): Promise<CaseView> {
    const view = this.views.get(caseId);
    if (!view) throw new Error(`no dossier for ${caseId}`);
    return view;
  }
}

export class StaticPolicies implements RoutingPolicySource {
  constructor(
    private readonly byTenant: Record<string, RoutingPolicy> = {},
    private readonly fallback: RoutingPolicy = DEFAULT_CLOCK_POLICY,
  ) {}
  async forTenant(tenantId: string): Promise<RoutingPolicy> {
    return this.byTenant[tenantId] ?? this.fallback;
  }
}

/** A clock the test moves by hand. */
export class ManualClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current.getTime());
  }
  set(instant: Date | string): void {
    this.current = new Date(instant);
  }
}

export class SequenceIds implements IdGenerator {
  private n = 0;
  constructor(private readonly prefix = 'id') {}
  next(): string {
    this.n += 1;
    return `${this.prefix}-${String(this.n).padStart(4, '0')}`;
  }
}

/**
 * A 2026 arrangement for the tests: the May Day holiday (1, 4, 5 May; 9 May worked instead) and
 * National Day (1-7 October; 10 October worked instead).
 */
export const TEST_CALENDAR = new HolidayCalendar([
  {
    year: 2026,
    holidays: [
      '2026-05-01',
      '2026-05-04',
      '2026-05-05',
      ...['01', '02', '05', '06', '07'].map((d) => `2026-10-${d}`),
    ],
    makeUpWorkdays: ['2026-05-09', '2026-10-10'],
  },
]);
