import { Principal, ROLES } from '@xinfang/principal';
import { z } from 'zod';
import { ROUTE_MODES } from '../../domain';
import { DisposeCaseResult } from '../DisposeCase/DisposeCase';
import { proposalFor } from '../ProposeDisposition/ProposeDisposition';
import { deliveriesOf, fetchView } from '../shared/deliveries';
import { RoutingDeps } from '../shared/deps';
import { decideRoute, nameAccused, routeFields } from '../shared/route-decision';
import { actFor, deadlinesFor, loadCase } from '../shared/support';
import { id, MAX, parseCommand, text } from '../shared/validation';

export const RerouteCaseCommand = z.object({
  caseId: id,
  mode: z.enum(ROUTE_MODES),
  /** Why this unit was chosen after the return. */
  reason: text(MAX.reason),
  ...routeFields,
});
export type RerouteCaseCommand = z.input<typeof RerouteCaseCommand>;

/**
 * 改派: a clerk of the sending office sends a returned case out again. Without a named unit it
 * goes to the unit the objection suggested, or else to a fresh proposal.
 */
export class RerouteCase {
  constructor(
    private readonly deps: Pick<
      RoutingDeps,
      'cases' | 'units' | 'rules' | 'membership' | 'caseViews' | 'policies' | 'calendar' | 'clock'
    >,
  ) {}

  async execute(principal: Principal, command: RerouteCaseCommand): Promise<DisposeCaseResult> {
    const cmd = parseCommand(RerouteCaseCommand, command);
    const routingCase = await loadCase(this.deps, cmd.caseId);
    const actor = await actFor(
      this.deps,
      principal,
      routingCase.office,
      [ROLES.clerk],
      're-route cases',
    );
    const suggested = routingCase.lastReturn?.suggestedUnit ?? null;
    const fields =
      suggested && cmd.leadUnitId === null ? { ...cmd, leadUnitId: suggested.unitId } : cmd;
    const proposal =
      routingCase.proposal ??
      (fields.leadUnitId === null ? await proposalFor(this.deps, principal, routingCase) : null);
    const decision = await decideRoute(this.deps, cmd.mode, fields, proposal);
    const deadlines = await deadlinesFor(this.deps, routingCase.toState().tenantId);
    const now = this.deps.clock.now();
    await nameAccused(this.deps, routingCase, cmd.accusedUnitIds, now);
    const view = await fetchView(this.deps, routingCase);
    routingCase.reroute(decision, cmd.reason, actor, deadlines, now);
    await this.deps.cases.save(routingCase, routingCase.pullEvents());
    return {
      state: routingCase.toState(),
      deliveries: deliveriesOf(routingCase.currentRoute!, view),
    };
  }
}
