import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { NotFoundError, ValidationError } from './errors';
import { RegionEntry, RegionTree } from './region-tree';

/** `libs/kernel/data/regions`, the same from `src/` (tests) and `dist/` (built code). */
export const REGION_DATA_DIR = path.join(__dirname, '..', 'data', 'regions');

/** Checks the shape of a province file: `{ province, regions: [{ code, name }] }`. */
export function parseRegionFile(
  raw: unknown,
  province: string,
  source = 'region data',
): RegionTree {
  const obj = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  if (obj['province'] !== province) {
    throw new ValidationError(`${source}: province`, `must be ${province}`);
  }
  const regions = obj['regions'];
  if (!Array.isArray(regions)) {
    throw new ValidationError(`${source}: regions`, 'must be a list of { code, name }');
  }
  const tree = new RegionTree(regions as RegionEntry[]);
  if (!tree.has(province)) {
    throw new ValidationError(`${source}: regions`, `must contain the province ${province}`);
  }
  return tree;
}

/** The region tree of a province shipped in `data/regions/<province>.json`. */
export function loadRegionTree(province = '440000', dir: string = REGION_DATA_DIR): RegionTree {
  const file = path.join(dir, `${province}.json`);
  if (!existsSync(file)) throw new NotFoundError('region tree', province);
  return parseRegionFile(
    JSON.parse(readFileSync(file, 'utf8')) as unknown,
    province,
    `${province}.json`,
  );
}
