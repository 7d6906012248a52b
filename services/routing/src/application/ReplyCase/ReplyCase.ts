import { Principal, ROLES } from '@xinfang/principal';
import { z } from 'zod';
import { CONTACT_METHODS, REPLY_OUTCOMES, RoutingCaseState, UnitRef } from '../../domain';
import { RoutingDeps } from '../shared/deps';
import { runUnitAction } from '../shared/unit-action';
import { id, instant, MAX, optionalText, parseCommand, text } from '../shared/validation';

export const ReplyCaseCommand = z.object({
  caseId: id,
  unitId: id,
  outcome: z.enum(REPLY_OUTCOMES),
  /** Summary of the written opinion (处理意见书), without personal data. */
  opinionSummary: text(MAX.summary),
  documentNumber: optionalText(MAX.letterNumber),
  /** When the petitioner received the reply; the review window counts from it. */
  deliveredAt: instant.nullish().transform((v) => v ?? null),
  deliveryMethod: z
    .enum(CONTACT_METHODS)
    .nullish()
    .transform((v) => v ?? null),
});
export type ReplyCaseCommand = z.input<typeof ReplyCaseCommand>;

/**
 * 答复: the lead unit gives its written opinion with the outcome. The unit's superior in the
 * directory is named as the authority a review request goes to (Art. 35).
 */
export class ReplyCase {
  constructor(
    private readonly deps: Pick<
      RoutingDeps,
      'cases' | 'units' | 'membership' | 'policies' | 'calendar' | 'clock'
    >,
  ) {}

  execute(principal: Principal, command: ReplyCaseCommand): Promise<RoutingCaseState> {
    const cmd = parseCommand(ReplyCaseCommand, command);
    return runUnitAction(
      this.deps,
      principal,
      cmd,
      [ROLES.handler, ROLES.unitHead],
      'reply to cases',
      async (c) => {
        c.routingCase.reply(
          c.unit,
          { ...cmd, reviewAuthority: await this.reviewAuthority(cmd.unitId) },
          c.actor,
          c.deadlines,
          c.now,
        );
      },
    );
  }

  private async reviewAuthority(unitId: string): Promise<UnitRef | null> {
    const unit = await this.deps.units.get(unitId);
    const parent = unit?.parentUnitId ? await this.deps.units.get(unit.parentUnitId) : null;
    return parent?.active ? parent.ref() : null;
  }
}
