import {
  isWithin,
  regionLevel,
  regionPath,
  RegionLevel,
  tenantOf,
  codeOfPath,
  UnauthenticatedError,
} from '@xinfang/kernel';
import { isRole, Role } from './roles';

/**
 * The authenticated caller. `scopePaths` are the roots of the subtrees the caller may see;
 * `tenantId` is the county tenant the caller belongs to (null for city and province staff,
 * who see several tenants and change only what is addressed to their own level).
 */
export interface Principal {
  readonly kind: 'user' | 'client' | 'system';
  readonly subject: string;
  readonly username: string;
  readonly roles: readonly Role[];
  readonly regionCodes: readonly string[];
  readonly scopePaths: readonly string[];
  readonly tenantId: string | null;
  readonly level: RegionLevel | null;
}

/** The claims xinfang reads from a Keycloak access token (mappers in deploy/keycloak). */
export interface TokenClaims {
  sub?: string;
  preferred_username?: string;
  azp?: string;
  /** Region codes of the user's groups, from the `regions` user-attribute / group mapper. */
  regions?: string[] | string;
  realm_access?: { roles?: string[] };
  [claim: string]: unknown;
}

const LEVEL_RANK: Record<RegionLevel, number> = { province: 0, city: 1, county: 2, township: 3 };

/**
 * Builds the principal from verified token claims. Region codes outside the code format and roles
 * unknown to xinfang are ignored; a token with no region at all is refused.
 */
export function principalFromClaims(claims: TokenClaims): Principal {
  const raw =
    claims.regions === undefined
      ? []
      : Array.isArray(claims.regions)
        ? claims.regions
        : [claims.regions];
  const regionCodes = [...new Set(raw.map((r) => codeOfPath(r.startsWith('/') ? r : `/${r}`)))];
  if (regionCodes.length === 0) throw new UnauthenticatedError('token carries no region');
  const roles = (claims.realm_access?.roles ?? []).filter(isRole);
  const scopePaths = minimalRoots(regionCodes.map(regionPath));
  const tenants = new Set(regionCodes.map(tenantOf));
  const tenantId = tenants.size === 1 ? [...tenants][0]! : null;
  const level =
    regionCodes.map(regionLevel).sort((a, b) => LEVEL_RANK[a] - LEVEL_RANK[b])[0] ?? null;
  const isClient =
    typeof claims.preferred_username === 'string' &&
    claims.preferred_username.startsWith('service-account-');
  return {
    kind: isClient ? 'client' : 'user',
    subject: claims.sub ?? '',
    username: claims.preferred_username ?? claims.azp ?? '',
    roles,
    regionCodes,
    scopePaths,
    tenantId,
    level,
  };
}

/** A principal for background work (relays, consumers, sweepers) that sees the whole province. */
export function systemPrincipal(name: string): Principal {
  return {
    kind: 'system',
    subject: `system:${name}`,
    username: name,
    roles: [],
    regionCodes: [],
    scopePaths: ['/'],
    tenantId: null,
    level: null,
  };
}

export function hasRole(p: Principal, ...roles: Role[]): boolean {
  return roles.some((r) => p.roles.includes(r));
}

/** May the principal see data at `path`? */
export function canSee(p: Principal, path: string): boolean {
  return (
    p.kind === 'system' || p.scopePaths.some((scope) => scope === '/' || isWithin(path, scope))
  );
}

/**
 * May the principal change data at `path`? County and township staff change their own tenant's
 * subtree; city and province staff change only what is addressed to their own region exactly.
 */
export function canChange(p: Principal, path: string): boolean {
  if (p.kind === 'system') return true;
  if (!canSee(p, path)) return false;
  if (p.tenantId) return path.split('/')[3] === p.tenantId;
  return p.scopePaths.includes(path);
}

function minimalRoots(paths: string[]): string[] {
  const sorted = [...new Set(paths)].sort((a, b) => a.length - b.length);
  return sorted.filter((p, i) => !sorted.slice(0, i).some((q) => isWithin(p, q)));
}
