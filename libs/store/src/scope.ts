import {
  codeOfPath,
  ForbiddenError,
  isWithin,
  regionPath,
  subtreePattern,
  tenantOf,
  ValidationError,
} from '@xinfang/kernel';
import { canChange, Principal } from '@xinfang/principal';

/** A MongoDB filter document. */
export type Filter = Record<string, unknown>;

/** True when `path` is a well-formed region path such as `/440000/441400/441481`. */
export function isRegionPath(path: unknown): path is string {
  if (typeof path !== 'string') return false;
  try {
    return regionPath(codeOfPath(path)) === path;
  } catch {
    return false;
  }
}

/** The tenant (county code) of a region path, or null for city and province paths. */
export function tenantIdOf(path: string): string | null {
  if (!isRegionPath(path))
    throw new ValidationError('regionPath', `"${path}" is not a region path`);
  return tenantOf(codeOfPath(path));
}

/** The system principal (and only it) is not confined to a subtree. */
export function isUnscoped(p: Principal): boolean {
  return p.kind === 'system' || p.scopePaths.includes('/');
}

function subtreeFilter(scopes: readonly string[]): Filter {
  if (scopes.length === 0) throw new ForbiddenError('the caller has no region scope');
  const clauses = scopes.map((s) => ({ regionPath: { $regex: subtreePattern(s) } }));
  return clauses.length === 1 ? clauses[0]! : { $or: clauses };
}

/**
 * The filter confining reads to what the principal may see (`canSee`): its scope subtrees.
 * Undefined for the system principal.
 */
export function readScopeFilter(p: Principal): Filter | undefined {
  return isUnscoped(p) ? undefined : subtreeFilter(p.scopePaths);
}

/**
 * The filter confining updates and deletes to what the principal may change (`canChange`):
 * county and township staff their tenant's part of their scope; city and province staff only
 * documents addressed to their own region exactly. Undefined for the system principal.
 */
export function writeScopeFilter(p: Principal): Filter | undefined {
  if (isUnscoped(p)) return undefined;
  if (!p.tenantId) {
    if (p.scopePaths.length === 0) throw new ForbiddenError('the caller has no region scope');
    return { regionPath: { $in: [...p.scopePaths] } };
  }
  const tenantPath = regionPath(p.tenantId);
  const scopes = p.scopePaths.flatMap((s) =>
    isWithin(s, tenantPath) ? [s] : isWithin(tenantPath, s) ? [tenantPath] : [],
  );
  return subtreeFilter([...new Set(scopes)]);
}

/** Throws unless the principal may write a document at `path`. */
export function assertWritable(p: Principal, path: unknown): asserts path is string {
  if (!isRegionPath(path)) {
    throw new ValidationError(
      'regionPath',
      'is required and must be a region path such as /440000/441400/441481',
    );
  }
  if (!canChange(p, path))
    throw new ForbiddenError(`${p.username || p.subject} may not write data of ${path}`);
}

const GUARDED = ['regionPath', 'tenantId'];
const SETTERS = ['$set', '$setOnInsert'];

function touches(field: string): string | undefined {
  return GUARDED.find((g) => field === g || field.startsWith(`${g}.`));
}

export interface GuardUpdateOptions {
  upsert?: boolean;
  /** The caller's filter, before the scope filter was added (an upsert may take regionPath from it). */
  filter?: Filter;
  /** The update is a whole replacement document (replaceOne, findOneAndReplace). */
  replace?: boolean;
}

/**
 * Checks an update against the principal's scope and keeps `tenantId` derived from `regionPath`.
 * Moving a document is allowed only to a path the principal may change; `tenantId` cannot be set
 * on its own; operators other than `$set`/`$setOnInsert` may not touch either field; an upsert
 * must name the regionPath of the document it may create. Returns the update to run.
 */
export function guardUpdate(
  p: Principal,
  update: unknown,
  options: GuardUpdateOptions = {},
): Filter {
  if (update === null || update === undefined) return {};
  if (Array.isArray(update)) {
    throw new ValidationError('update', 'pipeline updates are not supported by the tenancy guard');
  }
  const input = update as Filter;
  if (options.replace) {
    const path = input.regionPath;
    assertWritable(p, path);
    return { ...input, tenantId: tenantIdOf(path) };
  }

  const out: Filter = {};
  let moved: { op: string; path: unknown } | undefined;
  for (const [key, value] of Object.entries(input)) {
    if (!key.startsWith('$')) {
      const guarded = touches(key);
      if (guarded === 'tenantId')
        throw new ForbiddenError('tenantId follows regionPath; set regionPath instead');
      if (guarded === 'regionPath') {
        if (key !== 'regionPath') throw new ForbiddenError(`${key} cannot be updated`);
        moved = { op: '', path: value };
      }
      out[key] = value;
      continue;
    }
    if (value === null || typeof value !== 'object') {
      out[key] = value;
      continue;
    }
    const fields = { ...(value as Filter) };
    for (const field of Object.keys(fields)) {
      const guarded = touches(field);
      if (!guarded) continue;
      if (!SETTERS.includes(key) || field !== guarded)
        throw new ForbiddenError(`${key} on ${field} is not allowed`);
      if (guarded === 'tenantId')
        throw new ForbiddenError('tenantId follows regionPath; set regionPath instead');
      if (moved) throw new ValidationError('regionPath', 'is set twice in one update');
      moved = { op: key, path: fields[field] };
    }
    out[key] = fields;
  }

  if (moved) {
    assertWritable(p, moved.path);
    const tenantId = tenantIdOf(moved.path);
    if (moved.op === '') out.tenantId = tenantId;
    else (out[moved.op] as Filter).tenantId = tenantId;
    return out;
  }
  if (options.upsert) {
    const fromFilter = options.filter?.regionPath;
    if (typeof fromFilter !== 'string') {
      throw new ValidationError(
        'regionPath',
        'an upsert must set regionPath ($set, $setOnInsert or an equality in the filter)',
      );
    }
    assertWritable(p, fromFilter);
    out.$setOnInsert = {
      ...((out.$setOnInsert as Filter | undefined) ?? {}),
      tenantId: tenantIdOf(fromFilter),
    };
  }
  return out;
}

/** Query options value for a deliberate read across tenants; the reason is logged. */
export function crossTenant(reason: string): { crossTenant: string } {
  return { crossTenant: reason };
}
