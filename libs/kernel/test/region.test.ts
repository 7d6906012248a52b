import {
  codeOfPath,
  isRegionCode,
  isWithin,
  regionAncestry,
  regionLevel,
  regionPath,
  subtreePattern,
  tenantOf,
} from '@xinfang/kernel';

describe('region codes', () => {
  it('names the level from the digits', () => {
    expect(regionLevel('440000')).toBe('province');
    expect(regionLevel('441400')).toBe('city');
    expect(regionLevel('441481')).toBe('county');
    expect(regionLevel('441481001')).toBe('township');
    expect(() => regionLevel('441481000')).toThrow('is not a region code');
    expect(isRegionCode('001400')).toBe(false);
  });

  it('derives ancestry, paths and tenants', () => {
    expect(regionAncestry('441481001')).toEqual(['440000', '441400', '441481', '441481001']);
    expect(regionPath('441422')).toBe('/440000/441400/441422');
    expect(tenantOf('441481001')).toBe('441481');
    expect(tenantOf('441400')).toBeNull();
    expect(codeOfPath('/440000/441400/441481')).toBe('441481');
  });

  it('puts a township of a city without counties under the city', () => {
    expect(regionAncestry('441900003')).toEqual(['440000', '441900', '441900003']);
  });

  it('matches subtrees, not prefixes', () => {
    expect(isWithin('/440000/441400/441481', '/440000/441400')).toBe(true);
    expect(isWithin('/440000/4414001', '/440000/441400')).toBe(false);
    const re = new RegExp(subtreePattern('/440000/441400'));
    expect(re.test('/440000/441400/441481')).toBe(true);
    expect(re.test('/440000/441400')).toBe(true);
    expect(re.test('/440000/4414000')).toBe(false);
  });
});
