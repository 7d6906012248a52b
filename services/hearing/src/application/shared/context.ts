import {
  ForbiddenError,
  NotFoundError,
  regionPath,
  type HolidayCalendar,
  type RegionTree,
} from '@xinfang/kernel';
import { canChange, canSee, hasRole, type Principal, type Role } from '@xinfang/principal';
import type {
  Actor,
  AppealRepository,
  CaseFileRepository,
  HearingPolicy,
  UnitRef,
} from '../../domain';

/** What every use case of hearing works with. */
export interface HearingDeps {
  readonly appeals: AppealRepository;
  readonly caseFiles: CaseFileRepository;
  readonly policy: HearingPolicy;
  readonly calendar: HolidayCalendar;
  readonly regions: RegionTree;
  readonly now: () => Date;
  readonly newId: () => string;
}

/** Roles allowed to act, per action. */
export const ACTION_ROLES = {
  request: ['clerk'],
  decide: ['supervisor', 'unit-head'],
  hearing: ['hearing-officer'],
  read: [
    'clerk',
    'handler',
    'unit-head',
    'case-leader',
    'supervisor',
    'hearing-officer',
    'analyst',
    'operator',
    'service',
  ],
} as const satisfies Record<string, readonly Role[]>;

/** The actor of an event: the caller under the first of `roles` they hold. */
export function actorOf(p: Principal, roles: readonly Role[]): Actor {
  const role = roles.find((r) => hasRole(p, r)) ?? p.roles[0] ?? '';
  return { subject: p.subject, username: p.username, role };
}

/** Only staff of the authority a request is addressed to act on it. */
export function assertActsFor(p: Principal, authority: UnitRef, what: string): void {
  const path = regionPath(authority.regionCode);
  if (!canChange(p, path)) {
    throw new ForbiddenError(
      `${what} is addressed to ${authority.name} (${authority.regionCode}); ` +
        `${p.username || p.subject} does not act for it`,
      { authority: authority.regionCode },
    );
  }
}

/** A case the caller may not see is reported as not found, so its existence does not leak. */
export function assertSees(p: Principal, paths: readonly string[], what: string, id: string): void {
  if (!paths.some((path) => canSee(p, path))) throw new NotFoundError(what, id);
}
