import { Principal, ROLES } from '@xinfang/principal';
import { z } from 'zod';
import { RoutingCaseState } from '../../domain';
import { RoutingDeps } from '../shared/deps';
import { runUnitAction } from '../shared/unit-action';
import { id, parseCommand } from '../shared/validation';

export const ApproveExtensionCommand = z.object({
  caseId: id,
  unitId: id,
  /** Days granted; defaults to the days asked for and may not exceed them. */
  days: z
    .number()
    .int()
    .nullish()
    .transform((v) => v ?? null),
  /** The petitioner is told of the extension and its reason. */
  petitionerNotified: z.boolean().default(true),
});
export type ApproveExtensionCommand = z.input<typeof ApproveExtensionCommand>;

/** 延期: the unit head, and only the unit head, approves the one extension (CaseExtended). */
export class ApproveExtension {
  constructor(
    private readonly deps: Pick<
      RoutingDeps,
      'cases' | 'membership' | 'policies' | 'calendar' | 'clock'
    >,
  ) {}

  execute(principal: Principal, command: ApproveExtensionCommand): Promise<RoutingCaseState> {
    const cmd = parseCommand(ApproveExtensionCommand, command);
    return runUnitAction(this.deps, principal, cmd, [ROLES.unitHead], 'approve extensions', (c) =>
      c.routingCase.approveExtension(c.unit, cmd, c.actor, c.deadlines, c.now),
    );
  }
}
