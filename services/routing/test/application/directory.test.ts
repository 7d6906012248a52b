import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '@xinfang/kernel';
import { ManageRoutingRule, ManageUnit, ResolveJurisdiction } from '../../src/application';
import { harness, Harness } from '../support/harness';
import { ref, staff } from '../support/mothers';

const admin = staff('tenant-admin', '441481');
const anyone = staff('clerk', '441481');

describe('the unit directory', () => {
  let h: Harness;
  let units: ManageUnit;
  beforeEach(async () => {
    h = await harness();
    units = new ManageUnit(h);
  });

  const newUnit = {
    regionCode: '441481',
    name: '兴宁市住房和城乡建设局',
    kind: 'department' as const,
    subjectCodes: ['property-management'],
    contacts: [{ name: '信访股', phone: '0753-3333333' }],
    parentUnitId: 'xn-gov',
  };

  it('lets the tenant admin add a unit under its superior', async () => {
    const created = await units.create(admin, newUnit);
    expect(created).toMatchObject({
      id: 'id-0001',
      tenantId: '441481',
      level: 'county',
      parentUnitId: 'xn-gov',
      active: true,
    });
    expect(created.contacts).toEqual([{ name: '信访股', phone: '0753-3333333', email: null }]);
    expect((await units.get(anyone, 'id-0001')).name).toBe('兴宁市住房和城乡建设局');
  });

  it('keeps other tenants and lower levels out, and city units to the city', async () => {
    await expect(units.create(staff('tenant-admin', '441422'), newUnit)).rejects.toThrow(
      ForbiddenError,
    );
    await expect(units.create(anyone, newUnit)).rejects.toThrow(
      'only a tenant admin or operator may manage units',
    );
    await expect(
      units.create(admin, { ...newUnit, regionCode: '441400', parentUnitId: 'mz-gov' }),
    ).rejects.toThrow(ForbiddenError);
    const cityUnit = await units.create(staff('tenant-admin', '441400'), {
      ...newUnit,
      regionCode: '441400',
      parentUnitId: 'mz-gov',
    });
    expect(cityUnit.tenantId).toBeNull();
    await expect(units.create(staff('tenant-admin', '441400'), newUnit)).rejects.toThrow(
      ForbiddenError,
    );
  });

  it('names bad fields', async () => {
    await expect(
      units.create(admin, { ...newUnit, regionCode: '44148', subjectCodes: ['Bad'] }),
    ).rejects.toThrow(ValidationError);
    await expect(units.create(admin, { ...newUnit, parentUnitId: 'xn-t1' })).rejects.toThrow(
      /not at or above region 441481/,
    );
    await expect(units.create(admin, { ...newUnit, parentUnitId: 'missing' })).rejects.toThrow(
      'parentUnitId: no unit missing',
    );
  });

  it('allows one local government per region', async () => {
    await expect(
      units.create(admin, { ...newUnit, kind: 'government', isLocalGovernment: true }),
    ).rejects.toThrow(
      new ConflictError('兴宁市人民政府 is already the local government of region 441481'),
    );
  });

  it('updates with a version check', async () => {
    const updated = await units.update(admin, {
      ...newUnit,
      unitId: 'xn-rsj',
      kind: 'department',
      name: '兴宁市人社局',
      expectedVersion: 0,
    });
    expect(updated.name).toBe('兴宁市人社局');
    await expect(
      units.update(admin, { ...newUnit, unitId: 'xn-rsj', expectedVersion: 0 }),
    ).rejects.toThrow(/changed by someone else/);
    await expect(
      units.update(admin, { ...newUnit, unitId: 'xn-gov', parentUnitId: 'xn-rsj' }),
    ).rejects.toThrow(/loop/);
  });

  it('dissolves a unit only when nothing depends on it', async () => {
    await expect(units.deactivate(admin, 'xn-gov')).rejects.toThrow(/still has units under it/);
    await expect(units.deactivate(admin, 'xn-rsj')).rejects.toThrow(
      'routing rules still send cases to 兴宁市人力资源和社会保障局: rule-labour',
    );
    await new ManageRoutingRule(h).deactivate(admin, 'rule-labour');
    expect((await units.deactivate(admin, 'xn-rsj')).active).toBe(false);
    expect((await units.reactivate(admin, 'xn-rsj')).active).toBe(true);
    await expect(units.get(anyone, 'nope')).rejects.toThrow(NotFoundError);
  });

  it('lists a region, or its subtree, by subject', async () => {
    expect(
      (await units.list(anyone, { regionCode: '441481' })).items.map((u) => u.id).sort(),
    ).toEqual(['xn-gov', 'xn-rsj', 'xn-xfj', 'xn-zrzyj']);
    const subtree = await units.list(anyone, {
      regionCode: '441481',
      includeSubtree: true,
      limit: 2,
    });
    expect(subtree.items).toHaveLength(2);
    expect(subtree.nextCursor).not.toBeNull();
    expect(
      (
        await units.list(anyone, {
          regionCode: '441481',
          subjectCode: 'labour-social-security.wages',
        })
      ).items.map((u) => u.id),
    ).toEqual(['xn-rsj']);
  });
});

describe('routing rules and resolution', () => {
  let h: Harness;
  let rules: ManageRoutingRule;
  let resolve: ResolveJurisdiction;
  beforeEach(async () => {
    h = await harness();
    rules = new ManageRoutingRule(h);
    resolve = new ResolveJurisdiction(h);
  });

  it('lets the tenant admin route a subject to a unit, and resolution follows it', async () => {
    const rule = await rules.create(admin, {
      scopeRegionCode: '441481',
      name: '征地拆迁',
      subjectCodes: ['land-acquisition'],
      targetUnitId: 'xn-zrzyj',
      coUnitIds: ['xn-rsj'],
    });
    expect(rule).toMatchObject({
      id: 'id-0001',
      tenantId: '441481',
      scopePath: '/440000/441400/441481',
    });
    const found = await resolve.execute(anyone, {
      regionCode: '441481002',
      subjectCode: 'land-acquisition',
    });
    expect(found.proposal).toMatchObject({
      lead: ref('land'),
      coUnits: [],
      ruleId: 'id-0001',
      basis: 'rule',
      matchedRegionCode: '441481',
    });

    // Co-units of the rule join only a cross-jurisdiction matter.
    const cross = await resolve.execute(anyone, {
      regionCode: '441481002',
      subjectCode: 'land-acquisition',
      crossJurisdiction: true,
    });
    expect(cross.proposal.coUnits).toEqual([ref('hr')]);
    expect(cross.coUnits.map((u) => u.id)).toEqual(['xn-rsj']);
  });

  it('keeps rules within the admin tenant and their targets real', async () => {
    const base = {
      scopeRegionCode: '441422',
      name: 'x',
      subjectCodes: ['land-acquisition'],
      targetUnitId: 'py-gov',
    };
    await expect(rules.create(admin, base)).rejects.toThrow(ForbiddenError);
    await expect(
      rules.create(admin, { ...base, scopeRegionCode: '441481', targetUnitId: 'missing' }),
    ).rejects.toThrow('targetUnitId: no unit missing');
    await expect(
      rules.create(admin, { ...base, scopeRegionCode: '441481', targetUnitId: 'py-gov' }),
    ).rejects.toThrow(/not at or above/);
  });

  it('redefines and deactivates a rule, after which the place decides', async () => {
    await rules.redefine(admin, {
      ruleId: 'rule-labour',
      name: '劳动保障',
      subjectCodes: ['labour-social-security'],
      targetUnitId: 'xn-gov',
      expectedVersion: 0,
    });
    expect(
      (
        await resolve.execute(anyone, {
          regionCode: '441481',
          subjectCode: 'labour-social-security',
        })
      ).proposal.lead,
    ).toEqual(ref('county'));
    await rules.deactivate(admin, 'rule-labour');
    const found = await resolve.execute(anyone, {
      regionCode: '441481001',
      subjectCode: 'labour-social-security',
    });
    expect(found.proposal).toMatchObject({
      lead: ref('town1'),
      basis: 'localGovernment',
      ruleId: null,
    });
    expect((await rules.list(admin, { regionCode: '441481' })).items).toEqual([]);
    expect(
      (await rules.list(admin, { regionCode: '441481', includeInactive: true })).items,
    ).toHaveLength(1);
  });

  it('sends a matter involving several units to their common superior', async () => {
    const found = await resolve.execute(anyone, {
      regionCode: '441481',
      subjectCode: 'labour-social-security',
      involved: [{ regionCode: '441422', subjectCode: 'environment' }],
    });
    expect(found.proposal).toMatchObject({
      lead: ref('city'),
      basis: 'commonSuperior',
      coUnits: [],
      involvedUnits: [ref('hr'), ref('pingyuan')],
    });
  });

  it('gives a cross-jurisdiction matter a lead unit and co-units', async () => {
    const found = await resolve.execute(anyone, {
      regionCode: '441481',
      subjectCode: 'labour-social-security',
      crossJurisdiction: true,
      involved: [
        { regionCode: '441422', subjectCode: 'environment' },
        { regionCode: '441481002', subjectCode: 'labour-social-security' },
      ],
    });
    expect(found.proposal).toMatchObject({
      lead: ref('hr'),
      basis: 'rule',
      coUnits: [ref('pingyuan')],
      involvedUnits: [],
    });
  });

  it('honours the level a skip-level matter must be handled at', async () => {
    const found = await resolve.execute(anyone, {
      regionCode: '441481001',
      subjectCode: 'environment',
      level: 'city',
    });
    expect(found.proposal.lead).toEqual(ref('city'));
    await expect(
      resolve.execute(anyone, {
        regionCode: '441481',
        subjectCode: 'environment',
        level: 'township',
      }),
    ).rejects.toThrow(ValidationError);
  });
});
