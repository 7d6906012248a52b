import { loadRegionTree, PreconditionError } from '@xinfang/kernel';
import { nextHigherAuthority } from '../../src/domain';

const tree = loadRegionTree('440000');

describe('next higher authority', () => {
  it('is the region above the unit: township → county → city → province', () => {
    const unit = { unitId: 'u1', name: '宁新街道办事处', regionCode: '441481001' };
    expect(nextHigherAuthority(tree, unit).regionCode).toBe('441481');
    expect(nextHigherAuthority(tree, { ...unit, regionCode: '441481' })).toEqual({
      unitId: '',
      name: '梅州市',
      regionCode: '441400',
    });
    expect(nextHigherAuthority(tree, { ...unit, regionCode: '441400' }).regionCode).toBe('440000');
  });

  it("keeps routing's suggestion only when it names that region", () => {
    const unit = { unitId: 'u1', name: '兴宁市人社局', regionCode: '441481' };
    const city = { unitId: 'gov-441400', name: '梅州市人民政府', regionCode: '441400' };
    expect(nextHigherAuthority(tree, unit, city)).toEqual(city);
    expect(nextHigherAuthority(tree, unit, { ...city, regionCode: '440000' }).unitId).toBe('');
  });

  it('refuses above the province', () => {
    expect(() =>
      nextHigherAuthority(tree, { unitId: '', name: '广东省', regionCode: '440000' }),
    ).toThrow(PreconditionError);
  });
});
