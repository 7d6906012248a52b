import { REGION_LEVELS, regionAncestry } from '@xinfang/kernel';
import { Principal } from '@xinfang/principal';
import { z } from 'zod';
import {
  commonRegion,
  commonSuperior,
  competentRegion,
  Jurisdiction,
  JurisdictionProposal,
  JurisdictionQuery,
  NATURES,
  resolveJurisdiction,
  Unit,
  UnitState,
} from '../../domain';
import { RoutingDeps } from '../shared/deps';
import { superiorChain } from '../shared/support';
import { parseCommand, regionCode, subjectCode } from '../shared/validation';

const place = z.object({ regionCode, subjectCode });

export const ResolveJurisdictionQuery = place.extend({
  level: z
    .enum(REGION_LEVELS)
    .nullish()
    .transform((v) => v ?? null),
  nature: z
    .enum(NATURES)
    .nullish()
    .transform((v) => v ?? null),
  /** 三跨三分离: the other places and lines of work get co-units instead of a common superior. */
  crossJurisdiction: z.boolean().default(false),
  /** Further places or lines of work the matter involves. */
  involved: z.array(place).max(10).default([]),
});
export type ResolveJurisdictionQuery = z.input<typeof ResolveJurisdictionQuery>;

export interface ResolvedJurisdiction {
  readonly proposal: JurisdictionProposal;
  readonly lead: UnitState;
  readonly coUnits: readonly UnitState[];
}

/**
 * Finds the competent unit for a matter by the tenant's rules, falling back to the local
 * government of the place (属地). A matter that involves several units goes to their common
 * superior (Art. 24); a cross-jurisdiction matter (三跨三分离) gets the unit of its main place
 * and line of work as lead and the others as co-units.
 */
export class ResolveJurisdiction {
  constructor(private readonly deps: Pick<RoutingDeps, 'units' | 'rules'>) {}

  async execute(
    _principal: Principal,
    query: ResolveJurisdictionQuery,
  ): Promise<ResolvedJurisdiction> {
    const q = parseCommand(ResolveJurisdictionQuery, query);
    const main = await this.resolveOne({
      regionCode: q.regionCode,
      subjectCode: q.subjectCode,
      level: q.level,
      nature: q.nature,
    });
    const others: Jurisdiction[] = [];
    for (const p of q.involved) {
      others.push(await this.resolveOne({ ...p, level: q.level, nature: q.nature }));
    }
    const involved = distinct([main.unit, ...others.map((o) => o.unit)]);
    let lead = main.unit;
    let coUnits: Unit[] = [];
    let basis = main.basis;
    let matchedRegionCode = main.matchedRegionCode;
    if (q.crossJurisdiction) {
      coUnits = distinct([...involved.slice(1), ...main.ruleCoUnits]).filter(
        (u) => u.id !== lead.id,
      );
    } else if (involved.length > 1) {
      const chains = await Promise.all(involved.map((u) => superiorChain(this.deps, u)));
      const region = commonRegion(involved.map((u) => u.regionCode));
      const governments = region
        ? await this.deps.units.localGovernments(regionAncestry(region))
        : [];
      lead = commonSuperior(chains, governments);
      basis = 'commonSuperior';
      matchedRegionCode = lead.regionCode;
    }
    const several = involved.length > 1 && !q.crossJurisdiction;
    return {
      proposal: {
        lead: lead.ref(),
        coUnits: coUnits.map((u) => u.ref()),
        basis,
        ruleId: basis === 'rule' ? main.ruleId : null,
        matchedRegionCode,
        involvedUnits: several ? involved.map((u) => u.ref()) : [],
      },
      lead: lead.toState(),
      coUnits: coUnits.map((u) => u.toState()),
    };
  }

  private async resolveOne(query: JurisdictionQuery): Promise<Jurisdiction> {
    const path = regionAncestry(competentRegion(query.regionCode, query.level));
    const rules = await this.deps.rules.candidates(path);
    const unitIds = [...new Set(rules.flatMap((r) => [r.targetUnitId, ...r.coUnitIds]))];
    const units = new Map((await this.deps.units.getMany(unitIds)).map((u) => [u.id, u]));
    return resolveJurisdiction(query, rules, units, await this.deps.units.localGovernments(path));
  }
}

function distinct(units: readonly Unit[]): Unit[] {
  return units.filter((u, i) => units.findIndex((v) => v.id === u.id) === i);
}
