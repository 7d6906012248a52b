import {
  NotFoundError,
  regionAncestry,
  regionLevel,
  RegionLevel,
  regionPath,
  ValidationError,
} from '@xinfang/kernel';
import { UnitRef } from '../refs';
import { rankRules, RoutingRule } from '../rule/RoutingRule';
import { Unit } from '../unit/Unit';
import { Nature } from '../vocabulary';

/** A matter to place: where it happened, what it is about, and the level that must handle it. */
export interface JurisdictionQuery {
  regionCode: string;
  subjectCode: string;
  /** Level that must handle the matter (分级负责); null means the level of the place. */
  level: RegionLevel | null;
  nature: Nature | null;
}

/** Why a unit was chosen. */
export type JurisdictionBasis = 'rule' | 'localGovernment' | 'commonSuperior';

/** The competent unit for one matter. */
export interface Jurisdiction {
  readonly unit: Unit;
  /** Co-units the matching rule names for cross-jurisdiction matters. */
  readonly ruleCoUnits: readonly Unit[];
  readonly ruleId: string | null;
  /** Region at which the rule or the local government matched. */
  readonly matchedRegionCode: string;
  readonly basis: JurisdictionBasis;
}

/** What jurisdiction resolution proposes to the clerk, who confirms or changes it. */
export interface JurisdictionProposal {
  readonly lead: UnitRef;
  readonly coUnits: readonly UnitRef[];
  readonly basis: JurisdictionBasis;
  readonly ruleId: string | null;
  readonly matchedRegionCode: string;
  /** The units the matter involves when several do (Art. 24); empty otherwise. */
  readonly involvedUnits: readonly UnitRef[];
}

/**
 * The region that must handle a matter: the place itself, or its ancestor at the handling level.
 * A matter cannot be handled below the level of its place.
 */
export function competentRegion(regionCode: string, level: RegionLevel | null): string {
  if (level === null) return regionCode;
  const code = regionAncestry(regionCode).find((c) => regionLevel(c) === level);
  if (!code) {
    throw new ValidationError(
      'level',
      `a matter at ${regionCode} (${regionLevel(regionCode)}) cannot be handled at ${level} level`,
    );
  }
  return code;
}

/**
 * The competent unit by the jurisdiction rule (属地管理、分级负责,谁主管、谁负责): the best-ranked
 * matching rule whose target is active, else the local government of the deepest region on the
 * competent region's path that has one (属地).
 *
 * `rules` may hold more than the candidates; `units` must hold every target and co-unit of them;
 * `localGovernments` the local governments of the regions on the path.
 */
export function resolveJurisdiction(
  query: JurisdictionQuery,
  rules: readonly RoutingRule[],
  units: ReadonlyMap<string, Unit>,
  localGovernments: readonly Unit[],
): Jurisdiction {
  const region = competentRegion(query.regionCode, query.level);
  const ruleQuery = {
    regionPath: regionPath(region),
    level: regionLevel(region),
    subjectCode: query.subjectCode,
    nature: query.nature,
  };
  for (const rule of rankRules(
    rules.filter((r) => r.matches(ruleQuery)),
    query.subjectCode,
  )) {
    const unit = units.get(rule.targetUnitId);
    if (!unit?.active) continue;
    const ruleCoUnits = rule.coUnitIds
      .map((id) => units.get(id))
      .filter((u): u is Unit => !!u?.active);
    return {
      unit,
      ruleCoUnits,
      ruleId: rule.id,
      matchedRegionCode: rule.scopeRegionCode,
      basis: 'rule',
    };
  }
  const government = localGovernmentOnPath(region, localGovernments);
  if (!government) {
    throw new NotFoundError('competent unit', `for ${query.subjectCode} at ${region}`);
  }
  return {
    unit: government,
    ruleCoUnits: [],
    ruleId: null,
    matchedRegionCode: government.regionCode,
    basis: 'localGovernment',
  };
}

/** The active local government of the deepest region from `regionCode` up that has one. */
export function localGovernmentOnPath(
  regionCode: string,
  localGovernments: readonly Unit[],
): Unit | undefined {
  for (const code of regionAncestry(regionCode).reverse()) {
    const found = localGovernments
      .filter((u) => u.active && u.isLocalGovernment && u.regionCode === code)
      .sort((a, b) => (a.id < b.id ? -1 : 1))[0];
    if (found) return found;
  }
  return undefined;
}

/**
 * The common superior of several units (Art. 24). `chains` holds, per unit, the unit followed by
 * its superiors upwards. The lowest unit on every chain wins, so when one unit is above the
 * others it is the answer. Without one (the chains are not linked in the directory), the local
 * government of the lowest region above all units is chosen.
 */
export function commonSuperior(
  chains: readonly (readonly Unit[])[],
  localGovernments: readonly Unit[],
): Unit {
  if (chains.length === 0 || chains.some((c) => c.length === 0)) {
    throw new ValidationError('units', 'must name at least one unit');
  }
  const shared = chains[0]!.find(
    (u) => u.active && chains.every((chain) => chain.some((v) => v.id === u.id)),
  );
  if (shared) return shared;
  const region = commonRegion(chains.map((c) => c[0]!.regionCode));
  const government = region === null ? undefined : localGovernmentOnPath(region, localGovernments);
  if (!government) {
    throw new NotFoundError('common superior', `of ${chains.map((c) => c[0]!.name).join(', ')}`);
  }
  return government;
}

/** The lowest region that is each of `codes` or above it; null across provinces. */
export function commonRegion(codes: readonly string[]): string | null {
  const chains = codes.map(regionAncestry);
  let common: string | null = null;
  for (let depth = 0; ; depth += 1) {
    const at = chains[0]?.[depth];
    if (at === undefined || chains.some((c) => c[depth] !== at)) return common;
    common = at;
  }
}
