import { Principal } from '@xinfang/principal';
import { RoutingPolicy } from './deadlines';
import { RoutingEvent } from './events';
import { CaseView } from './case/redaction';
import { RoutingCase } from './case/RoutingCase';
import { RoutingStatus } from './case/status';
import { RoutingRule } from './rule/RoutingRule';
import { Unit } from './unit/Unit';
import { UnitKind } from './vocabulary';

/** One page of a listing; `nextCursor` is null on the last page. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

export interface UnitQuery {
  /** Units whose region is this path or lies below it. */
  regionPathWithin: string;
  /** Only units of exactly this region; false includes the subtree. */
  exactRegion: boolean;
  subjectCode: string | null;
  kind: UnitKind | null;
  includeInactive: boolean;
  limit: number;
  cursor: string | null;
}

/**
 * The unit directory. `save` refuses with ConflictError when the stored version is not the
 * unit's version (someone changed it meanwhile) and stores the next version; `insert` refuses a
 * duplicate id.
 */
export interface UnitRepository {
  get(id: string): Promise<Unit | null>;
  getMany(ids: readonly string[]): Promise<Unit[]>;
  insert(unit: Unit): Promise<void>;
  save(unit: Unit): Promise<void>;
  /** Local governments (active or not) of these regions. */
  localGovernments(regionCodes: readonly string[]): Promise<Unit[]>;
  /** Units whose superior is `unitId`. */
  children(unitId: string): Promise<Unit[]>;
  list(query: UnitQuery): Promise<Page<Unit>>;
}

export interface RuleQuery {
  /** Rules whose scope lies within this path; `/` for every rule. */
  scopePathWithin: string;
  targetUnitId: string | null;
  includeInactive: boolean;
  limit: number;
  cursor: string | null;
}

/** Routing rules; same version semantics as the unit directory. */
export interface RoutingRuleRepository {
  get(id: string): Promise<RoutingRule | null>;
  insert(rule: RoutingRule): Promise<void>;
  save(rule: RoutingRule): Promise<void>;
  list(query: RuleQuery): Promise<Page<RoutingRule>>;
  /** Active rules scoped at any of these regions (the regions on a place's path). */
  candidates(scopeRegionCodes: readonly string[]): Promise<RoutingRule[]>;
}

export interface RoutingCaseQuery {
  /** Cases whose place lies within one of these paths; null for no region filter. */
  scopePaths: readonly string[] | null;
  /** Cases currently sent to this unit, as lead or co-unit. */
  unitId: string | null;
  /** Cases disposed of by this petition office. */
  officeId: string | null;
  statuses: readonly RoutingStatus[] | null;
  limit: number;
  cursor: string | null;
}

/**
 * Routing cases. `save` stores the state and its new events in one atomic write (the adapter
 * keeps them in an outbox inside the same document), refusing with ConflictError when the stored
 * version is not the case's version. `insert` refuses a case id already present.
 */
export interface RoutingCaseRepository {
  get(caseId: string): Promise<RoutingCase | null>;
  insert(routingCase: RoutingCase, events: readonly RoutingEvent[]): Promise<void>;
  save(routingCase: RoutingCase, events: readonly RoutingEvent[]): Promise<void>;
  list(query: RoutingCaseQuery): Promise<Page<RoutingCase>>;
}

/** Whether a staff member works for a unit (the staff directory). */
export interface UnitMembership {
  belongsTo(principal: Principal, unitId: string): Promise<boolean>;
}

/** The dossier of a case (owned by intake), as sent with a forwarding or assignment letter. */
export interface CaseViewSource {
  get(caseId: string): Promise<CaseView>;
}

/** The time limits in force for a tenant (deployment defaults with the tenant's overrides). */
export interface RoutingPolicySource {
  forTenant(tenantId: string): Promise<RoutingPolicy>;
}

export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  next(): string;
}

/** A staff member placed in a unit by a tenant admin (the staff directory behind `UnitMembership`). */
export interface UnitMember {
  readonly unitId: string;
  /** Keycloak username, as in the token's `preferred_username`. */
  readonly username: string;
  /** Keycloak user id (`sub`), when known; matched as well as the username. */
  readonly subject: string | null;
  readonly addedAt: Date;
  readonly addedBy: string;
}

/** Keeps who works for which unit. `add` refuses a member already there with ConflictError. */
export interface UnitMemberDirectory {
  list(unitId: string): Promise<UnitMember[]>;
  /** `unitRegionPath` places the entry in the unit's tenant. */
  add(member: UnitMember, unitRegionPath: string): Promise<void>;
  /** False when the member was not there. */
  remove(unitId: string, username: string): Promise<boolean>;
}
