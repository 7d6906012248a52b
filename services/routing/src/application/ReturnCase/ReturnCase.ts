import { Principal, ROLES } from '@xinfang/principal';
import { z } from 'zod';
import { RoutingCaseState } from '../../domain';
import { RoutingDeps } from '../shared/deps';
import { activeUnits } from '../shared/support';
import { runUnitAction } from '../shared/unit-action';
import { id, MAX, parseCommand, text } from '../shared/validation';

export const ReturnCaseCommand = z.object({
  caseId: id,
  unitId: id,
  /** The objection: why the unit is not competent. */
  reason: text(MAX.reason),
  /** The unit the objecting unit considers competent, if it names one. */
  suggestedUnitId: id.nullish().transform((v) => v ?? null),
});
export type ReturnCaseCommand = z.input<typeof ReturnCaseCommand>;

/**
 * 退回: the lead unit objects to a misrouted case within 5 working days of receipt (Art. 23) and
 * sends it back to the office, which re-routes it. A later objection is refused.
 */
export class ReturnCase {
  constructor(
    private readonly deps: Pick<
      RoutingDeps,
      'cases' | 'units' | 'membership' | 'policies' | 'calendar' | 'clock'
    >,
  ) {}

  execute(principal: Principal, command: ReturnCaseCommand): Promise<RoutingCaseState> {
    const cmd = parseCommand(ReturnCaseCommand, command);
    return runUnitAction(
      this.deps,
      principal,
      cmd,
      [ROLES.handler, ROLES.unitHead],
      'return cases',
      async (c) => {
        const suggested = cmd.suggestedUnitId
          ? (
              await activeUnits(this.deps, [
                { field: 'suggestedUnitId', unitId: cmd.suggestedUnitId },
              ])
            )
              .get(cmd.suggestedUnitId)!
              .ref()
          : null;
        c.routingCase.returnToOffice(
          c.unit,
          { reason: cmd.reason, suggestedUnit: suggested },
          c.actor,
          c.deadlines,
          c.now,
        );
      },
    );
  }
}
