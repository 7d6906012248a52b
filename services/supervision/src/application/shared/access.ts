import { ForbiddenError, NotFoundError } from '@xinfang/kernel';
import { canSee, hasRole, Principal, Role } from '@xinfang/principal';
import { Actor, CaseFile, CaseFileRepository } from '../../domain';

/** Refuses unless the caller has one of the roles; background work (system) always may. */
export function assertRole(principal: Principal, roles: readonly Role[], what: string): void {
  if (principal.kind !== 'system' && !hasRole(principal, ...roles)) {
    throw new ForbiddenError(`${what} needs one of the roles ${roles.join(', ')}`);
  }
}

/** The actor of an event: the caller, acting in the first of `roles` they hold. */
export function actorOf(
  principal: Principal,
  roles: readonly Role[],
  unitId: string | null = null,
): Actor {
  if (principal.kind === 'system') {
    return { subject: 'system', username: principal.username, role: 'service', unitId: null };
  }
  const role = roles.find((r) => principal.roles.includes(r)) ?? principal.roles[0] ?? '';
  return { subject: principal.subject, username: principal.username, role, unitId };
}

/** The case file, if the caller may see the case; otherwise NotFound (never reveal existence). */
export async function loadVisibleFile(
  files: CaseFileRepository,
  principal: Principal,
  caseId: string,
): Promise<CaseFile> {
  const file = await files.findById(caseId);
  if (!file || !canSee(principal, file.caseRef.regionPath)) throw new NotFoundError('case', caseId);
  return file;
}

export function assertVisible(
  principal: Principal,
  regionPath: string,
  what: string,
  id: string,
): void {
  if (!canSee(principal, regionPath)) throw new NotFoundError(what, id);
}
