import { Principal, ROLES } from '@xinfang/principal';
import { z } from 'zod';
import { LEGAL_CHANNELS, RoutingCaseState } from '../../domain';
import { proposalFor } from '../ProposeDisposition/ProposeDisposition';
import { deliveriesOf, Delivery, fetchView } from '../shared/deliveries';
import { RoutingDeps } from '../shared/deps';
import { decideRoute, nameAccused, routeFields } from '../shared/route-decision';
import { actFor, deadlinesFor, loadCase } from '../shared/support';
import { id, MAX, optionalText, parseCommand, text } from '../shared/validation';

export const DisposeCaseCommand = z.discriminatedUnion('action', [
  z.object({ action: z.literal('forward'), caseId: id, ...routeFields }),
  z.object({ action: z.literal('assign'), caseId: id, ...routeFields }),
  z.object({
    action: z.literal('decline'),
    caseId: id,
    reason: text(MAX.reason),
    legalChannel: z
      .enum(LEGAL_CHANNELS)
      .nullish()
      .transform((v) => v ?? null),
    legalChannelGuidance: optionalText(MAX.reason),
    petitionerNotified: z.boolean().default(true),
  }),
  z.object({
    action: z.literal('handleDirectly'),
    caseId: id,
    summary: text(MAX.summary),
    answeredOnSpot: z.boolean().default(false),
  }),
]);
export type DisposeCaseCommand = z.input<typeof DisposeCaseCommand>;

export interface DisposeCaseResult {
  readonly state: RoutingCaseState;
  /** What each receiving unit is sent; empty when the case was not sent out. */
  readonly deliveries: readonly Delivery[];
}

/**
 * The petition office disposes of a registered case within its 15-day clock (Art. 22): forward
 * it, assign it with a result-report date, decline it (telling a legal-channel matter where to
 * go), or handle it directly. Without a named unit the case goes where the stored proposal, or
 * else a fresh jurisdiction resolution, points. Only a clerk of the registering office may.
 */
export class DisposeCase {
  constructor(
    private readonly deps: Pick<
      RoutingDeps,
      'cases' | 'units' | 'rules' | 'membership' | 'caseViews' | 'policies' | 'calendar' | 'clock'
    >,
  ) {}

  async execute(principal: Principal, command: DisposeCaseCommand): Promise<DisposeCaseResult> {
    const cmd = parseCommand(DisposeCaseCommand, command);
    const routingCase = await loadCase(this.deps, cmd.caseId);
    const actor = await actFor(
      this.deps,
      principal,
      routingCase.office,
      [ROLES.clerk],
      'dispose of cases',
    );
    const now = this.deps.clock.now();
    let deliveries: Delivery[] = [];
    switch (cmd.action) {
      case 'forward':
      case 'assign': {
        const proposal =
          routingCase.proposal ??
          (cmd.leadUnitId === null ? await proposalFor(this.deps, principal, routingCase) : null);
        const decision = await decideRoute(this.deps, cmd.action, cmd, proposal);
        const deadlines = await deadlinesFor(this.deps, routingCase.toState().tenantId);
        await nameAccused(this.deps, routingCase, cmd.accusedUnitIds, now);
        const view = await fetchView(this.deps, routingCase);
        routingCase.route(decision, actor, deadlines, now);
        deliveries = deliveriesOf(routingCase.currentRoute!, view);
        break;
      }
      case 'decline':
        routingCase.decline(cmd, actor, now);
        break;
      case 'handleDirectly':
        routingCase.handleDirectly(cmd, actor, now);
        break;
    }
    await this.deps.cases.save(routingCase, routingCase.pullEvents());
    return { state: routingCase.toState(), deliveries };
  }
}
