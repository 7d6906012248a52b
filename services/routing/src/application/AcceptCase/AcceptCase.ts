import { Principal, ROLES } from '@xinfang/principal';
import { z } from 'zod';
import { RoutingCaseState } from '../../domain';
import { RoutingDeps } from '../shared/deps';
import { runUnitAction } from '../shared/unit-action';
import { id, parseCommand } from '../shared/validation';

export const AcceptCaseCommand = z.object({
  caseId: id,
  /** The unit accepting: the lead unit or a co-unit. */
  unitId: id,
  /** The acceptance notice (受理告知书) goes to the petitioner. */
  petitionerNotified: z.boolean().default(true),
});
export type AcceptCaseCommand = z.input<typeof AcceptCaseCommand>;

/** 受理: a handler or the head of a receiving unit takes the case on; the lead's starts handling. */
export class AcceptCase {
  constructor(
    private readonly deps: Pick<
      RoutingDeps,
      'cases' | 'membership' | 'policies' | 'calendar' | 'clock'
    >,
  ) {}

  execute(principal: Principal, command: AcceptCaseCommand): Promise<RoutingCaseState> {
    const cmd = parseCommand(AcceptCaseCommand, command);
    return runUnitAction(
      this.deps,
      principal,
      cmd,
      [ROLES.handler, ROLES.unitHead],
      'accept cases',
      (c) => c.routingCase.accept(c.unit, cmd.petitionerNotified, c.actor, c.deadlines, c.now),
    );
  }
}
