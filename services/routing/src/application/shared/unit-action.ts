import { Principal, Role } from '@xinfang/principal';
import { Actor, Deadlines, RoutingCase, RoutingCaseState, UnitRef } from '../../domain';
import { RoutingDeps } from './deps';
import { actFor, deadlinesFor, loadCase } from './support';

export interface UnitActionContext {
  readonly routingCase: RoutingCase;
  readonly unit: UnitRef;
  readonly actor: Actor;
  readonly deadlines: Deadlines;
  readonly now: Date;
}

/**
 * The frame of every step a receiving unit takes: load the case, check the unit is handling it
 * and the principal acts for that unit in one of `roles`, apply the step, and save the case with
 * the events it recorded.
 */
export async function runUnitAction(
  deps: Pick<RoutingDeps, 'cases' | 'membership' | 'policies' | 'calendar' | 'clock'>,
  principal: Principal,
  target: { caseId: string; unitId: string },
  roles: readonly Role[],
  action: string,
  step: (ctx: UnitActionContext) => void | Promise<void>,
): Promise<RoutingCaseState> {
  const routingCase = await loadCase(deps, target.caseId);
  const unit = routingCase.recipient(target.unitId);
  const actor = await actFor(deps, principal, unit, roles, action);
  const deadlines = await deadlinesFor(deps, routingCase.toState().tenantId);
  await step({ routingCase, unit, actor, deadlines, now: deps.clock.now() });
  await deps.cases.save(routingCase, routingCase.pullEvents());
  return routingCase.toState();
}
