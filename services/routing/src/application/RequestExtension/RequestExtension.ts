import { Principal, ROLES } from '@xinfang/principal';
import { z } from 'zod';
import { RoutingCaseState } from '../../domain';
import { RoutingDeps } from '../shared/deps';
import { runUnitAction } from '../shared/unit-action';
import { id, MAX, parseCommand, text } from '../shared/validation';

export const RequestExtensionCommand = z.object({
  caseId: id,
  unitId: id,
  /** Days asked for; the policy caps them (30 by default). */
  days: z.number().int(),
  /** Why more time is needed; told to the petitioner once approved. */
  reason: text(MAX.reason),
});
export type RequestExtensionCommand = z.input<typeof RequestExtensionCommand>;

/** The handler asks the unit head to extend the handling time limit, before it ends (Art. 34). */
export class RequestExtension {
  constructor(
    private readonly deps: Pick<
      RoutingDeps,
      'cases' | 'membership' | 'policies' | 'calendar' | 'clock'
    >,
  ) {}

  execute(principal: Principal, command: RequestExtensionCommand): Promise<RoutingCaseState> {
    const cmd = parseCommand(RequestExtensionCommand, command);
    return runUnitAction(this.deps, principal, cmd, [ROLES.handler], 'ask for extensions', (c) =>
      c.routingCase.requestExtension(c.unit, cmd, c.actor, c.deadlines, c.now),
    );
  }
}
