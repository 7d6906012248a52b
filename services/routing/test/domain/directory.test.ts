import { ValidationError } from '@xinfang/kernel';
import { RoutingRule, subjectMatchDepth, Unit } from '../../src/domain';
import { aUnit, directory, MONDAY } from '../support/mothers';

const units = new Map(directory().map((u) => [u.id, u]));
const unit = (id: string) => units.get(id)!;

describe('Unit', () => {
  it('derives its region path, level and tenant from its region code', () => {
    const u = aUnit({ regionCode: '441481001', kind: 'township' });
    expect(u.toState()).toMatchObject({
      regionPath: '/440000/441400/441481/441481001',
      level: 'township',
      tenantId: '441481',
      active: true,
    });
    expect(aUnit({ regionCode: '441400' }).tenantId).toBeNull();
  });

  it('names every bad field at once', () => {
    try {
      Unit.create(
        {
          id: 'u',
          name: ' ',
          kind: 'department',
          regionCode: '4414',
          subjectCodes: ['Bad Code'],
          contacts: [{ name: '科室', phone: null, email: null }],
          isLocalGovernment: true,
        },
        MONDAY,
      );
      throw new Error('accepted a bad unit');
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).issues.map((i) => i.field)).toEqual([
        'name',
        'subjectCodes.0',
        'contacts.0',
        'isLocalGovernment',
        'regionCode',
      ]);
    }
  });

  it('is placed only under an active unit at or above its region, without loops', () => {
    const hr = aUnit({ id: 'hr', regionCode: '441481' });
    hr.moveUnder(unit('xn-gov'), [unit('mz-gov'), unit('gd-gov')], MONDAY);
    expect(hr.parentUnitId).toBe('xn-gov');
    expect(() => hr.moveUnder(unit('xn-t1'), [unit('xn-gov')], MONDAY)).toThrow(
      /not at or above region 441481/,
    );
    expect(() => hr.moveUnder(unit('py-gov'), [], MONDAY)).toThrow(/not at or above/);
    const gov = unit('xn-gov');
    expect(() => gov.moveUnder(unit('xn-gov'), [], MONDAY)).toThrow(/loop/);
    const below = Unit.restore({ ...aUnit({ id: 'below' }).toState(), parentUnitId: 'hr' });
    expect(() => hr.moveUnder(below, [hr], MONDAY)).toThrow(/loop/);
    const dissolved = Unit.restore({ ...unit('mz-gov').toState(), active: false });
    expect(() => hr.moveUnder(dissolved, [], MONDAY)).toThrow(/dissolved/);
  });

  it('covers its subjects and their refinements', () => {
    const hr = unit('xn-rsj');
    expect(hr.covers('labour-social-security')).toBe(true);
    expect(hr.covers('labour-social-security.wages')).toBe(true);
    expect(hr.covers('labour-social-security-fund')).toBe(false);
  });
});

describe('RoutingRule', () => {
  const define = (over: Partial<Parameters<typeof RoutingRule.create>[0]> = {}) =>
    RoutingRule.create(
      {
        id: 'r',
        name: '工资类',
        scopeRegionCode: '441481',
        subjectCodes: ['labour-social-security'],
        natures: [],
        level: null,
        priority: 0,
        target: unit('xn-rsj'),
        coUnits: [],
        ...over,
      },
      MONDAY,
    );

  it('stores its scope path and tenant', () => {
    expect(define().toState()).toMatchObject({
      scopePath: '/440000/441400/441481',
      tenantId: '441481',
      active: true,
    });
  });

  it('needs a target at or above its scope, active co-units and a sane priority', () => {
    expect(() => define({ target: unit('xn-t1') })).toThrow(/not at or above the rule's region/);
    expect(() => define({ scopeRegionCode: '441422' })).toThrow(/targetUnitId/);
    expect(() => define({ coUnits: [unit('xn-rsj')] })).toThrow(/is the target unit itself/);
    expect(() => define({ priority: 1.5 })).toThrow(/priority/);
    expect(() => define({ subjectCodes: [] })).toThrow(/at least one subject/);
    expect(define({ scopeRegionCode: '441481001' }).scopeRegionCode).toBe('441481001');
  });

  it('matches subjects by whole segments', () => {
    expect(subjectMatchDepth('labour-social-security', 'labour-social-security.wages')).toBe(1);
    expect(subjectMatchDepth('labour-social-security.wages', 'labour-social-security.wages')).toBe(
      2,
    );
    expect(subjectMatchDepth('labour', 'labour-social-security')).toBe(0);
  });

  it('stops matching when deactivated', () => {
    const r = define();
    const q = {
      regionPath: '/440000/441400/441481',
      level: 'county' as const,
      subjectCode: 'labour-social-security',
      nature: null,
    };
    expect(r.matches(q)).toBe(true);
    r.deactivate(MONDAY);
    expect(r.matches(q)).toBe(false);
  });
});
