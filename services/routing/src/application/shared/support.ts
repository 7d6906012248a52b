import { ForbiddenError, NotFoundError, ValidationError } from '@xinfang/kernel';
import { Principal, Role } from '@xinfang/principal';
import { Actor, actorOf, assertActsFor, Deadlines, RoutingCase, Unit, UnitRef } from '../../domain';
import { RoutingDeps } from './deps';

export async function loadCase(
  deps: Pick<RoutingDeps, 'cases'>,
  caseId: string,
): Promise<RoutingCase> {
  const found = await deps.cases.get(caseId);
  if (!found) throw new NotFoundError('case', caseId);
  return found;
}

/** The deadlines under the case tenant's policy. */
export async function deadlinesFor(
  deps: Pick<RoutingDeps, 'policies' | 'calendar'>,
  tenantId: string,
): Promise<Deadlines> {
  return new Deadlines(await deps.policies.forTenant(tenantId), deps.calendar);
}

/**
 * The actor for a principal acting for `unit` in one of `roles`: role and region checked by the
 * domain, membership of the unit by the staff directory.
 */
export async function actFor(
  deps: Pick<RoutingDeps, 'membership'>,
  principal: Principal,
  unit: UnitRef,
  roles: readonly Role[],
  action: string,
): Promise<Actor> {
  const role = assertActsFor(principal, unit, roles, action);
  if (!(await deps.membership.belongsTo(principal, unit.unitId))) {
    throw new ForbiddenError(
      `${principal.username} is not on the staff of ${unit.name} and may not ${action}`,
    );
  }
  return actorOf(principal, role, unit.unitId);
}

/** Units named in a command: each must exist and be active, or the field is refused. */
export async function activeUnits(
  deps: Pick<RoutingDeps, 'units'>,
  named: readonly { field: string; unitId: string }[],
): Promise<Map<string, Unit>> {
  const found = new Map(
    (await deps.units.getMany([...new Set(named.map((n) => n.unitId))])).map((u) => [u.id, u]),
  );
  const issues = named.flatMap(({ field, unitId }) => {
    const unit = found.get(unitId);
    if (!unit) return [{ field, reason: `no unit ${unitId}` }];
    if (!unit.active) return [{ field, reason: `${unit.name} is dissolved` }];
    return [];
  });
  if (issues.length > 0) throw new ValidationError(issues);
  return found;
}

/** `unit` followed by its superiors upwards; stops at a missing unit or a loop. */
export async function superiorChain(deps: Pick<RoutingDeps, 'units'>, unit: Unit): Promise<Unit[]> {
  const chain = [unit];
  for (let next = unit.parentUnitId; next !== null && !chain.some((u) => u.id === next);) {
    const parent = await deps.units.get(next);
    if (!parent) break;
    chain.push(parent);
    next = parent.parentUnitId;
  }
  return chain;
}
