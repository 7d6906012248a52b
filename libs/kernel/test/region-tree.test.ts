import { NotFoundError, RegionEntry, RegionTree, ValidationError } from '@xinfang/kernel';

const DEMO: RegionEntry[] = [
  { code: '440000', name: '广东省', level: 'province' },
  { code: '441400', name: '梅州市', level: 'city' },
  { code: '441300', name: '惠州市', level: 'city' },
  { code: '441481', name: '兴宁市', level: 'county' },
  { code: '441422', name: '大埔县', level: 'county' },
  { code: '441322', name: '博罗县', level: 'county' },
  { code: '441481001', name: '兴田街道' },
  { code: '441481002', name: '福兴街道' },
  { code: '441422100', name: '湖寮镇' },
  { code: '441322100', name: '罗阳街道' },
];

function issuesOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e.issues;
    throw e;
  }
  throw new Error('expected a ValidationError');
}

describe('RegionTree', () => {
  const tree = new RegionTree(DEMO);

  it('links parents and children', () => {
    expect(tree.size).toBe(10);
    expect(tree.roots()).toEqual(['440000']);
    expect(tree.parent('440000')).toBeNull();
    expect(tree.parent('441481001')).toBe('441481');
    expect(tree.children('441400')).toEqual(['441422', '441481']);
    expect(tree.children('441481001')).toEqual([]);
    expect(tree.descendants('441400')).toEqual([
      '441422',
      '441422100',
      '441481',
      '441481001',
      '441481002',
    ]);
  });

  it('gives names, levels and paths', () => {
    expect(tree.name('441481')).toBe('兴宁市');
    expect(tree.level('441481')).toBe('county');
    expect(tree.level('441481002')).toBe('township');
    expect(tree.path('441481001')).toBe('/440000/441400/441481/441481001');
    expect(tree.ancestry('441422')).toEqual(['440000', '441400', '441422']);
  });

  it('finds the common superior (Art. 24)', () => {
    expect(tree.commonAncestor(['441481', '441422'])).toBe('441400');
    expect(tree.commonAncestor(['441481001', '441481002'])).toBe('441481');
    expect(tree.commonAncestor(['441481001', '441322100'])).toBe('440000');
    expect(tree.commonAncestor(['441481001', '441481'])).toBe('441481');
    expect(tree.commonAncestor(['441422100'])).toBe('441422100');
    expect(() => tree.commonAncestor([])).toThrow(ValidationError);
    expect(() => tree.commonAncestor(['441481', '441499'])).toThrow(NotFoundError);
    const twoProvinces = new RegionTree([...DEMO, { code: '450000', name: '广西壮族自治区' }]);
    expect(twoProvinces.commonAncestor(['441481', '450000'])).toBeNull();
  });

  it('tells whether a region lies within another', () => {
    expect(tree.isWithin('441481001', '441400')).toBe(true);
    expect(tree.isWithin('441481', '441481')).toBe(true);
    expect(tree.isWithin('441322100', '441400')).toBe(false);
    expect(tree.isWithin('441400', '441481')).toBe(false);
    expect(() => tree.isWithin('441481', '449999')).toThrow(NotFoundError);
  });

  it('refuses unknown codes', () => {
    expect(() => tree.name('441499')).toThrow(NotFoundError);
    expect(tree.has('441499')).toBe(false);
  });

  it('puts townships of a city without counties directly under the city', () => {
    const dongguan = new RegionTree([
      { code: '440000', name: '广东省' },
      { code: '441900', name: '东莞市' },
      { code: '441900003', name: '东城街道' },
    ]);
    expect(dongguan.parent('441900003')).toBe('441900');
    expect(dongguan.path('441900003')).toBe('/440000/441900/441900003');
  });

  it('checks every entry and that parents exist', () => {
    expect(
      issuesOf(
        () =>
          new RegionTree([
            { code: '440000', name: '广东省' },
            { code: '441481', name: '兴宁市' },
            { code: '440000', name: '广东省' },
            { code: '441400', name: '梅州市', level: 'county' },
            { code: '44', name: '?' },
            { code: '441300', name: ' ' },
          ]),
      ),
    ).toEqual([
      { field: 'regions[2].code', reason: '440000 is listed twice' },
      { field: 'regions[3].level', reason: '441400 is a city, not a county' },
      { field: 'regions[4].code', reason: '"44" is not a region code' },
      { field: 'regions[5].name', reason: 'is required' },
    ]);
    expect(
      issuesOf(
        () =>
          new RegionTree([
            { code: '440000', name: '广东省' },
            { code: '441481', name: '兴宁市' },
            { code: '441322100', name: '罗阳街道' },
          ]),
      ),
    ).toEqual([
      { field: 'regions.441481', reason: 'parent 441400 is not in the tree' },
      { field: 'regions.441322100', reason: 'parent 441322 is not in the tree' },
    ]);
  });
});
