import { NotFoundError, ValidationError } from '@xinfang/kernel';
import {
  commonRegion,
  commonSuperior,
  competentRegion,
  JurisdictionQuery,
  resolveJurisdiction,
  RoutingRule,
  Unit,
} from '../../src/domain';
import { directory, MONDAY } from '../support/mothers';

const units = directory();
const byId = new Map(units.map((u) => [u.id, u]));
const unit = (id: string) => byId.get(id)!;
const governments = units.filter((u) => u.isLocalGovernment);

function rule(
  id: string,
  scopeRegionCode: string,
  target: string,
  extra: Partial<Parameters<typeof RoutingRule.create>[0]> = {},
): RoutingRule {
  return RoutingRule.create(
    {
      id,
      name: id,
      scopeRegionCode,
      subjectCodes: ['labour-social-security'],
      natures: [],
      level: null,
      priority: 0,
      target: unit(target),
      coUnits: [],
      ...extra,
    },
    MONDAY,
  );
}

const query = (overrides: Partial<JurisdictionQuery> = {}): JurisdictionQuery => ({
  regionCode: '441481001',
  subjectCode: 'labour-social-security.wages',
  level: null,
  nature: 'claim',
  ...overrides,
});

describe('jurisdiction resolution', () => {
  it('finds the unit of the matching rule', () => {
    const found = resolveJurisdiction(
      query(),
      [rule('r-hr', '441481', 'xn-rsj')],
      byId,
      governments,
    );
    expect(found).toMatchObject({ ruleId: 'r-hr', matchedRegionCode: '441481', basis: 'rule' });
    expect(found.unit.id).toBe('xn-rsj');
  });

  it('prefers the deepest scope, then the most specific subject, then the higher priority', () => {
    const province = rule('r-prov', '440000', 'gd-gov', { priority: 100 });
    const county = rule('r-county', '441481', 'xn-rsj');
    const town = rule('r-town', '441481001', 'xn-t1');
    expect(resolveJurisdiction(query(), [province, county, town], byId, governments).ruleId).toBe(
      'r-town',
    );
    expect(resolveJurisdiction(query(), [province, county], byId, governments).ruleId).toBe(
      'r-county',
    );

    const broad = rule('r-broad', '441481', 'xn-gov', { priority: 50 });
    const narrow = rule('r-narrow', '441481', 'xn-rsj', {
      subjectCodes: ['labour-social-security.wages'],
    });
    expect(resolveJurisdiction(query(), [broad, narrow], byId, governments).ruleId).toBe(
      'r-narrow',
    );

    const low = rule('r-low', '441481', 'xn-gov', { priority: 1 });
    const high = rule('r-high', '441481', 'xn-rsj', { priority: 9 });
    expect(resolveJurisdiction(query(), [low, high], byId, governments).ruleId).toBe('r-high');
  });

  it('ignores rules for other subjects, natures, levels, places or with a dissolved target', () => {
    const otherSubject = rule('r-1', '441481', 'xn-zrzyj', { subjectCodes: ['land-acquisition'] });
    const accusationsOnly = rule('r-2', '441481', 'xn-rsj', { natures: ['accusation'] });
    const countyLevelOnly = rule('r-3', '441481', 'xn-rsj', { level: 'county' });
    const otherCounty = rule('r-4', '441422', 'py-gov');
    const prefixNotSegment = rule('r-5', '441481', 'xn-rsj', { subjectCodes: ['labour'] });
    const dissolved = rule('r-6', '441481', 'xn-zrzyj');
    const dissolvedUnits = new Map(byId);
    const gone = Unit.restore({ ...unit('xn-zrzyj').toState(), active: false });
    dissolvedUnits.set(gone.id, gone);
    const found = resolveJurisdiction(
      query(),
      [otherSubject, accusationsOnly, countyLevelOnly, otherCounty, prefixNotSegment, dissolved],
      dissolvedUnits,
      governments,
    );
    expect(found).toMatchObject({
      basis: 'localGovernment',
      ruleId: null,
      matchedRegionCode: '441481001',
    });
    expect(found.unit.id).toBe('xn-t1');
  });

  it('applies a level-bound rule to a matter at that level', () => {
    const countyLevel = rule('r-3', '441481', 'xn-rsj', { level: 'county' });
    expect(
      resolveJurisdiction(query({ level: 'county' }), [countyLevel], byId, governments).unit.id,
    ).toBe('xn-rsj');
  });

  it('falls back to the local government of the deepest region that has one (属地)', () => {
    expect(resolveJurisdiction(query(), [], byId, governments).unit.id).toBe('xn-t1');
    expect(resolveJurisdiction(query({ level: 'county' }), [], byId, governments).unit.id).toBe(
      'xn-gov',
    );
    const noTownship = governments.filter((u) => u.id !== 'xn-t1');
    expect(resolveJurisdiction(query(), [], byId, noTownship)).toMatchObject({
      matchedRegionCode: '441481',
    });
  });

  it('says so when nothing is competent', () => {
    expect(() => resolveJurisdiction(query(), [], byId, [])).toThrow(NotFoundError);
  });

  it('moves the matter up to its handling level but never below its place', () => {
    expect(competentRegion('441481001', null)).toBe('441481001');
    expect(competentRegion('441481001', 'county')).toBe('441481');
    expect(competentRegion('441481001', 'city')).toBe('441400');
    expect(() => competentRegion('441481', 'township')).toThrow(ValidationError);
  });

  describe('common superior (Art. 24)', () => {
    const chain = (id: string): Unit[] => {
      const out = [unit(id)];
      while (out[out.length - 1]!.parentUnitId) out.push(unit(out[out.length - 1]!.parentUnitId!));
      return out;
    };

    it('is the lowest unit above all involved units', () => {
      expect(commonSuperior([chain('xn-rsj'), chain('xn-zrzyj')], governments).id).toBe('xn-gov');
      expect(commonSuperior([chain('xn-rsj'), chain('py-gov')], governments).id).toBe('mz-gov');
      expect(
        commonSuperior([chain('xn-t1'), chain('xn-t2'), chain('xn-rsj')], governments).id,
      ).toBe('xn-gov');
    });

    it('is the involved unit itself when it is above the others', () => {
      expect(commonSuperior([chain('xn-rsj'), chain('xn-gov')], governments).id).toBe('xn-gov');
    });

    it('falls back to the government of the common region when the directory does not link them', () => {
      const unlinked = [[unit('xn-t1')], [unit('xn-t2')]];
      expect(commonSuperior(unlinked, governments).id).toBe('xn-gov');
      expect(commonRegion(['441481001', '441422'])).toBe('441400');
      expect(commonRegion(['441481', '450100'])).toBeNull();
    });
  });
});
