import { Principal, ROLES } from '@xinfang/principal';
import { z } from 'zod';
import { LEGAL_CHANNELS, RoutingCaseState } from '../../domain';
import { RoutingDeps } from '../shared/deps';
import { runUnitAction } from '../shared/unit-action';
import { id, MAX, optionalText, parseCommand, text } from '../shared/validation';

export const DeclineCaseCommand = z.object({
  caseId: id,
  unitId: id,
  /** The written reason given to the petitioner. */
  reason: text(MAX.reason),
  legalChannel: z
    .enum(LEGAL_CHANNELS)
    .nullish()
    .transform((v) => v ?? null),
  legalChannelGuidance: optionalText(MAX.reason),
  petitionerNotified: z.boolean().default(true),
});
export type DeclineCaseCommand = z.input<typeof DeclineCaseCommand>;

/** 不予受理: the lead unit refuses the case with a written reason (CaseNotAccepted). */
export class DeclineCase {
  constructor(
    private readonly deps: Pick<
      RoutingDeps,
      'cases' | 'membership' | 'policies' | 'calendar' | 'clock'
    >,
  ) {}

  execute(principal: Principal, command: DeclineCaseCommand): Promise<RoutingCaseState> {
    const cmd = parseCommand(DeclineCaseCommand, command);
    return runUnitAction(
      this.deps,
      principal,
      cmd,
      [ROLES.handler, ROLES.unitHead],
      'decline cases',
      (c) => c.routingCase.notAccept(c.unit, cmd, c.actor, c.now),
    );
  }
}
