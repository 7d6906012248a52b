import { ForbiddenError, ValidationError } from '@xinfang/kernel';
import {
  canChange,
  canSee,
  Principal,
  principalFromClaims,
  systemPrincipal,
} from '@xinfang/principal';
import {
  Filter,
  guardUpdate,
  isRegionPath,
  readScopeFilter,
  tenantIdOf,
  writeScopeFilter,
} from './scope';

const user = (...regions: string[]): Principal =>
  principalFromClaims({
    sub: regions.join('+'),
    preferred_username: `u.${regions.join('.')}`,
    regions,
    realm_access: { roles: ['handler'] },
  });

const PATHS = [
  '/440000',
  '/440000/441400',
  '/440000/441300',
  '/440000/441400/441481',
  '/440000/441400/441481/441481001',
  '/440000/441400/441481/441481002',
  '/440000/441400/441422',
  '/440000/441400/441422/441422100',
  '/440000/441300/441322',
  '/440000/441300/441322/441322100',
];

const PRINCIPALS: Principal[] = [
  user('440000'),
  user('441400'),
  user('441481'),
  user('441481001'),
  user('441422'),
  user('441481', '441422'),
  user('441400', '441322'),
];

/** Evaluates the small filter language the scope filters use against one document. */
function matches(filter: Filter, doc: { regionPath: string }): boolean {
  return Object.entries(filter).every(([key, cond]) => {
    if (key === '$or') return (cond as Filter[]).some((f) => matches(f, doc));
    const c = cond as { $regex?: string; $in?: string[] };
    if (c.$regex !== undefined) return new RegExp(c.$regex).test(doc.regionPath);
    if (c.$in !== undefined) return c.$in.includes(doc.regionPath);
    throw new Error(`unexpected filter ${JSON.stringify(filter)}`);
  });
}

describe('scope filters', () => {
  it.each(PRINCIPALS.map((p) => [p.username, p] as const))(
    'read filter of %s selects exactly what canSee allows',
    (_, p) => {
      const filter = readScopeFilter(p)!;
      for (const path of PATHS)
        expect([path, matches(filter, { regionPath: path })]).toEqual([path, canSee(p, path)]);
    },
  );

  it.each(PRINCIPALS.map((p) => [p.username, p] as const))(
    'write filter of %s selects exactly what canChange allows',
    (_, p) => {
      const filter = writeScopeFilter(p)!;
      for (const path of PATHS)
        expect([path, matches(filter, { regionPath: path })]).toEqual([path, canChange(p, path)]);
    },
  );

  it('does not let a county prefix match a longer sibling code', () => {
    const filter = readScopeFilter(user('441481'))!;
    expect(matches(filter, { regionPath: '/440000/441400/4414810' })).toBe(false);
  });

  it('leaves the system principal unfiltered', () => {
    expect(readScopeFilter(systemPrincipal('relay'))).toBeUndefined();
    expect(writeScopeFilter(systemPrincipal('relay'))).toBeUndefined();
  });
});

describe('region paths', () => {
  it('accepts canonical paths only', () => {
    expect(isRegionPath('/440000/441400/441481/441481001')).toBe(true);
    expect(isRegionPath('/440000/441481')).toBe(false);
    expect(isRegionPath('440000')).toBe(false);
    expect(isRegionPath(undefined)).toBe(false);
  });

  it('derives the tenant from the path', () => {
    expect(tenantIdOf('/440000/441400/441481/441481001')).toBe('441481');
    expect(tenantIdOf('/440000/441400')).toBeNull();
    expect(() => tenantIdOf('/nope')).toThrow(ValidationError);
  });
});

describe('guardUpdate', () => {
  const county = user('441481');
  const city = user('441400');

  it('passes ordinary updates through', () => {
    expect(guardUpdate(county, { $set: { status: 'accepted' }, $inc: { n: 1 } })).toEqual({
      $set: { status: 'accepted' },
      $inc: { n: 1 },
    });
  });

  it('derives tenantId when a document moves within scope', () => {
    expect(
      guardUpdate(county, { $set: { regionPath: '/440000/441400/441481/441481002' } }),
    ).toEqual({
      $set: { regionPath: '/440000/441400/441481/441481002', tenantId: '441481' },
    });
    expect(guardUpdate(county, { regionPath: '/440000/441400/441481' })).toEqual({
      regionPath: '/440000/441400/441481',
      tenantId: '441481',
    });
  });

  it('refuses moving a document out of scope', () => {
    expect(() => guardUpdate(county, { $set: { regionPath: '/440000/441400/441422' } })).toThrow(
      ForbiddenError,
    );
    expect(() => guardUpdate(city, { $set: { regionPath: '/440000/441400/441481' } })).toThrow(
      ForbiddenError,
    );
  });

  it('refuses setting tenantId directly or touching the fields with other operators', () => {
    expect(() => guardUpdate(county, { $set: { tenantId: '441422' } })).toThrow(ForbiddenError);
    expect(() => guardUpdate(county, { tenantId: '441481' })).toThrow(ForbiddenError);
    expect(() => guardUpdate(county, { $unset: { regionPath: 1 } })).toThrow(ForbiddenError);
    expect(() => guardUpdate(county, { $rename: { regionPath: 'x' } })).toThrow(ForbiddenError);
  });

  it('requires an upsert to name a writable regionPath', () => {
    expect(() =>
      guardUpdate(county, { $set: { a: 1 } }, { upsert: true, filter: { _id: 'x' } }),
    ).toThrow(ValidationError);
    expect(() =>
      guardUpdate(
        county,
        { $set: { a: 1 } },
        { upsert: true, filter: { regionPath: '/440000/441300/441322' } },
      ),
    ).toThrow(ForbiddenError);
    expect(
      guardUpdate(
        county,
        { $set: { a: 1 } },
        { upsert: true, filter: { regionPath: '/440000/441400/441481' } },
      ),
    ).toEqual({
      $set: { a: 1 },
      $setOnInsert: { tenantId: '441481' },
    });
  });

  it('checks replacements', () => {
    expect(
      guardUpdate(county, { regionPath: '/440000/441400/441481', a: 1 }, { replace: true }),
    ).toEqual({
      regionPath: '/440000/441400/441481',
      a: 1,
      tenantId: '441481',
    });
    expect(() => guardUpdate(county, { a: 1 }, { replace: true })).toThrow(ValidationError);
    expect(() =>
      guardUpdate(county, { regionPath: '/440000/441400/441422' }, { replace: true }),
    ).toThrow(ForbiddenError);
  });

  it('refuses pipeline updates', () => {
    expect(() => guardUpdate(county, [{ $set: { a: 1 } }])).toThrow(ValidationError);
  });
});
