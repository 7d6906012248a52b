import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadRegionTree, NotFoundError, ValidationError } from '../src';

describe('loadRegionTree', () => {
  it('loads the demo province with its cities, counties and townships', () => {
    const tree = loadRegionTree();
    expect(tree.name('440000')).toBe('广东省');
    expect(tree.children('441400')).toEqual(['441422', '441481']);
    expect(tree.children('441481')).toEqual(['441481001', '441481002']);
    expect(tree.path('441322100')).toBe('/440000/441300/441322/441322100');
    expect(tree.name('441422100')).toBe('湖寮镇');
  });

  it('refuses a missing province and a malformed file', () => {
    expect(() => loadRegionTree('450000')).toThrow(NotFoundError);
    const dir = mkdtempSync(path.join(tmpdir(), 'regions-'));
    writeFileSync(
      path.join(dir, '440000.json'),
      JSON.stringify({ province: '440000', regions: [{ code: '441481', name: '兴宁市' }] }),
    );
    expect(() => loadRegionTree('440000', dir)).toThrow(ValidationError);
  });
});
