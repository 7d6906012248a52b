import { ValidationError } from './errors';

/** Administrative levels of the region tree (GB/T 2260 codes; townships add three digits). */
export type RegionLevel = 'province' | 'city' | 'county' | 'township';

export const REGION_LEVELS: readonly RegionLevel[] = ['province', 'city', 'county', 'township'];

const CODE = /^\d{6}(\d{3})?$/;

export function isRegionCode(code: string): boolean {
  return CODE.test(code) && !code.startsWith('00') && levelOfSafe(code) !== undefined;
}

function levelOfSafe(code: string): RegionLevel | undefined {
  if (code.length === 9) return code.endsWith('000') ? undefined : 'township';
  if (code.endsWith('0000')) return 'province';
  if (code.endsWith('00')) return 'city';
  return 'county';
}

/** The level a code names: `440000` province, `441400` city, `441481` county, `441481001` township. */
export function regionLevel(code: string): RegionLevel {
  const level = CODE.test(code) ? levelOfSafe(code) : undefined;
  if (!level) throw new ValidationError('regionCode', `"${code}" is not a region code`);
  return level;
}

/**
 * Codes from the province down to `code` itself, derived from the code's digits. A township of a
 * city without counties (e.g. 441900003 in Dongguan) has the city as its direct parent.
 */
export function regionAncestry(code: string): string[] {
  const level = regionLevel(code);
  const province = `${code.slice(0, 2)}0000`;
  const city = `${code.slice(0, 4)}00`;
  const county = code.slice(0, 6);
  switch (level) {
    case 'province':
      return [province];
    case 'city':
      return [province, city];
    case 'county':
      return [province, city, county];
    case 'township':
      return county === city ? [province, city, code] : [province, city, county, code];
  }
}

/** The region path used for scoping, e.g. `/440000/441400/441481/441481001`. */
export function regionPath(code: string): string {
  return `/${regionAncestry(code).join('/')}`;
}

/** The county code (the tenant) a region belongs to, or null for a city or province. */
export function tenantOf(code: string): string | null {
  const level = regionLevel(code);
  return level === 'county' || level === 'township' ? code.slice(0, 6) : null;
}

/** The last code of a region path. */
export function codeOfPath(path: string): string {
  const code = path.split('/').filter(Boolean).pop();
  if (!code || !isRegionCode(code))
    throw new ValidationError('regionPath', `"${path}" is not a region path`);
  return code;
}

/** True when `path` is `scope` itself or lies below it. */
export function isWithin(path: string, scope: string): boolean {
  return path === scope || path.startsWith(`${scope}/`);
}

/** Anchored regular expression source matching `scope` and its subtree, for store filters. */
export function subtreePattern(scope: string): string {
  return `^${scope.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(/|$)`;
}
