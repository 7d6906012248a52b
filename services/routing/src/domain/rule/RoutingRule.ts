import {
  FieldIssue,
  isRegionCode,
  isWithin,
  REGION_LEVELS,
  RegionLevel,
  regionPath,
  tenantOf,
  ValidationError,
} from '@xinfang/kernel';
import { Unit } from '../unit/Unit';
import { isSubjectCode, Nature, NATURES, subjectMatchDepth } from '../vocabulary';

/** The plain data of a routing rule, as stored. */
export interface RoutingRuleState {
  readonly id: string;
  readonly name: string;
  /** Root of the region subtree the rule applies to. */
  readonly scopeRegionCode: string;
  readonly scopePath: string;
  /** County tenant of the scope; null for city- and province-wide rules. */
  readonly tenantId: string | null;
  /** Subjects covered, each with its refinements. */
  readonly subjectCodes: readonly string[];
  /** Kinds of petition covered; empty covers all. */
  readonly natures: readonly Nature[];
  /** Handling level the rule is for (分级负责); null for any level. */
  readonly level: RegionLevel | null;
  /** Breaks ties between equally specific rules; the higher wins. */
  readonly priority: number;
  readonly targetUnitId: string;
  /** Units that co-handle cross-jurisdiction matters (三跨三分离) with the target. */
  readonly coUnitIds: readonly string[];
  readonly active: boolean;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface RuleDefinition {
  name: string;
  subjectCodes: readonly string[];
  natures: readonly Nature[];
  level: RegionLevel | null;
  priority: number;
  target: Unit;
  coUnits: readonly Unit[];
}

export interface NewRule extends RuleDefinition {
  id: string;
  scopeRegionCode: string;
}

/** What a rule is matched against: the competent region and the matter. */
export interface RuleMatchQuery {
  /** Path of the region that must handle the matter. */
  regionPath: string;
  level: RegionLevel;
  subjectCode: string;
  nature: Nature | null;
}

const PRIORITY_RANGE = 1000;

/**
 * A tenant's rule: matters of these subjects in this subtree go to this unit. Rules are how a
 * tenant writes down 谁主管、谁负责 for its own departments.
 */
export class RoutingRule {
  private constructor(private state: RoutingRuleState) {}

  static create(input: NewRule, at: Date): RoutingRule {
    const issues: FieldIssue[] = [];
    if (!isRegionCode(input.scopeRegionCode)) {
      issues.push({
        field: 'scopeRegionCode',
        reason: `"${input.scopeRegionCode}" is not a region code`,
      });
      throw new ValidationError(issues);
    }
    const scopePath = regionPath(input.scopeRegionCode);
    issues.push(...checkDefinition(input, scopePath));
    if (issues.length > 0) throw new ValidationError(issues);
    return new RoutingRule({
      id: input.id,
      scopeRegionCode: input.scopeRegionCode,
      scopePath,
      tenantId: tenantOf(input.scopeRegionCode),
      active: true,
      version: 0,
      createdAt: at,
      updatedAt: at,
      ...definitionState(input),
    });
  }

  static restore(state: RoutingRuleState): RoutingRule {
    return new RoutingRule(state);
  }

  get id(): string {
    return this.state.id;
  }
  get scopePath(): string {
    return this.state.scopePath;
  }
  get scopeRegionCode(): string {
    return this.state.scopeRegionCode;
  }
  get targetUnitId(): string {
    return this.state.targetUnitId;
  }
  get coUnitIds(): readonly string[] {
    return this.state.coUnitIds;
  }
  get priority(): number {
    return this.state.priority;
  }
  get active(): boolean {
    return this.state.active;
  }
  get version(): number {
    return this.state.version;
  }

  redefine(definition: RuleDefinition, at: Date): void {
    const issues = checkDefinition(definition, this.state.scopePath);
    if (issues.length > 0) throw new ValidationError(issues);
    this.state = { ...this.state, ...definitionState(definition), updatedAt: at };
  }

  deactivate(at: Date): void {
    this.state = { ...this.state, active: false, updatedAt: at };
  }

  reactivate(at: Date): void {
    this.state = { ...this.state, active: true, updatedAt: at };
  }

  /** How specific the rule's subject match is (0: no match). */
  subjectDepth(subject: string): number {
    return Math.max(0, ...this.state.subjectCodes.map((c) => subjectMatchDepth(c, subject)));
  }

  /** True when the rule applies to the matter at the competent region. */
  matches(q: RuleMatchQuery): boolean {
    const s = this.state;
    return (
      s.active &&
      isWithin(q.regionPath, s.scopePath) &&
      this.subjectDepth(q.subjectCode) > 0 &&
      (s.natures.length === 0 || (q.nature !== null && s.natures.includes(q.nature))) &&
      (s.level === null || s.level === q.level)
    );
  }

  toState(): RoutingRuleState {
    return {
      ...this.state,
      subjectCodes: [...this.state.subjectCodes],
      natures: [...this.state.natures],
      coUnitIds: [...this.state.coUnitIds],
    };
  }
}

/**
 * Orders matching rules, best first: the deepest scope (the most local rule knows the place
 * best, and keeps province-wide rules from overriding a county's own), then the most specific
 * subject, then the higher priority, then the id so the choice is stable.
 */
export function rankRules(rules: readonly RoutingRule[], subject: string): RoutingRule[] {
  const depth = (r: RoutingRule) => r.scopePath.split('/').length;
  return [...rules].sort(
    (a, b) =>
      depth(b) - depth(a) ||
      b.subjectDepth(subject) - a.subjectDepth(subject) ||
      b.priority - a.priority ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

function definitionState(d: RuleDefinition) {
  return {
    name: d.name.trim(),
    subjectCodes: [...new Set(d.subjectCodes)],
    natures: [...new Set(d.natures)],
    level: d.level,
    priority: d.priority,
    targetUnitId: d.target.id,
    coUnitIds: [...new Set(d.coUnits.map((u) => u.id))],
  };
}

function checkDefinition(d: RuleDefinition, scopePath: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (d.name.trim() === '') issues.push({ field: 'name', reason: 'is required' });
  if (d.subjectCodes.length === 0)
    issues.push({ field: 'subjectCodes', reason: 'must name at least one subject' });
  d.subjectCodes.forEach((c, i) => {
    if (!isSubjectCode(c))
      issues.push({ field: `subjectCodes.${i}`, reason: `"${c}" is not a subject code` });
  });
  d.natures.forEach((n, i) => {
    if (!NATURES.includes(n))
      issues.push({ field: `natures.${i}`, reason: `must be one of ${NATURES.join(', ')}` });
  });
  if (d.level !== null && !REGION_LEVELS.includes(d.level)) {
    issues.push({ field: 'level', reason: `must be one of ${REGION_LEVELS.join(', ')}` });
  }
  if (!Number.isInteger(d.priority) || Math.abs(d.priority) > PRIORITY_RANGE) {
    issues.push({
      field: 'priority',
      reason: `must be a whole number from -${PRIORITY_RANGE} to ${PRIORITY_RANGE}`,
    });
  }
  if (!d.target.active)
    issues.push({ field: 'targetUnitId', reason: `${d.target.name} is dissolved` });
  // The target answers for the whole subtree, so it sits at the scope's region or above it.
  if (!isWithin(scopePath, d.target.regionPath)) {
    issues.push({
      field: 'targetUnitId',
      reason: `${d.target.name} (${d.target.regionCode}) is not at or above the rule's region`,
    });
  }
  d.coUnits.forEach((u, i) => {
    if (u.id === d.target.id)
      issues.push({ field: `coUnitIds.${i}`, reason: 'is the target unit itself' });
    else if (!u.active) issues.push({ field: `coUnitIds.${i}`, reason: `${u.name} is dissolved` });
  });
  return issues;
}
