import { ForbiddenError, regionPath } from '@xinfang/kernel';
import { canChange, hasRole, Principal, Role, ROLES } from '@xinfang/principal';
import { Actor, UnitRef } from './refs';

/** Roles that maintain a directory (units, rules): the county's admin, the province's operator. */
export const DIRECTORY_ROLES: readonly Role[] = [ROLES.tenantAdmin, ROLES.operator];

/**
 * Throws unless the principal may maintain directory entries at `path`: a directory role, and
 * `canChange` there (county staff their own tenant's subtree; city and province staff their own
 * region exactly).
 */
export function assertCanManageDirectory(principal: Principal, path: string, what: string): void {
  if (principal.kind === 'system') return;
  if (!hasRole(principal, ...DIRECTORY_ROLES)) {
    throw new ForbiddenError(`only a tenant admin or operator may manage ${what}`);
  }
  if (!canChange(principal, path)) {
    throw new ForbiddenError(`${principal.username} may not manage ${what} at ${path}`);
  }
}

/**
 * Throws unless the principal may act for `unit` in one of `roles`: holding the role, placed in
 * the unit's region exactly (a county handler does not act for a township's units), and allowed
 * to change data there. Returns the role acted in, the first of `roles` the principal holds.
 */
export function assertActsFor(
  principal: Principal,
  unit: UnitRef,
  roles: readonly Role[],
  action: string,
): Role {
  const role = roles.find((r) => principal.roles.includes(r));
  if (!role) {
    throw new ForbiddenError(`only a ${roles.join(' or ')} may ${action}`);
  }
  if (
    !principal.regionCodes.includes(unit.regionCode) ||
    !canChange(principal, regionPath(unit.regionCode))
  ) {
    throw new ForbiddenError(
      `${principal.username} does not act for ${unit.name} (${unit.regionCode}) and may not ${action}`,
    );
  }
  return role;
}

/** The actor recorded in events for a principal acting in `role` for `unitId`. */
export function actorOf(principal: Principal, role: string, unitId: string | null): Actor {
  return { subject: principal.subject, username: principal.username, role, unitId };
}
