import { ForbiddenError } from '@xinfang/kernel';
import { hasRole, Principal, Role, ROLES } from '@xinfang/principal';

/** Roles whose work needs case details; analysts use the statistics read models instead. */
export const CASE_READER_ROLES: readonly Role[] = [
  ROLES.clerk,
  ROLES.handler,
  ROLES.unitHead,
  ROLES.caseLeader,
  ROLES.supervisor,
  ROLES.hearingOfficer,
  ROLES.service,
];

export function assertCaseReader(principal: Principal): void {
  if (principal.kind !== 'system' && !hasRole(principal, ...CASE_READER_ROLES)) {
    throw new ForbiddenError('reading cases needs a case-handling role');
  }
}
