import { Principal, ROLES } from '@xinfang/principal';
import { z } from 'zod';
import { RoutingCaseState } from '../../domain';
import { RoutingDeps } from '../shared/deps';
import { runUnitAction } from '../shared/unit-action';
import { id, MAX, parseCommand, text } from '../shared/validation';

export const ReportResultCommand = z.object({
  caseId: id,
  unitId: id,
  /** Summary of the result report (办结报告), without personal data. */
  summary: text(MAX.summary),
});
export type ReportResultCommand = z.input<typeof ReportResultCommand>;

/**
 * 办结报告: the lead unit of an assigned case reports the result to the assigning office. A report
 * submitted by the unit head counts as signed by them.
 */
export class ReportResult {
  constructor(
    private readonly deps: Pick<
      RoutingDeps,
      'cases' | 'membership' | 'policies' | 'calendar' | 'clock'
    >,
  ) {}

  execute(principal: Principal, command: ReportResultCommand): Promise<RoutingCaseState> {
    const cmd = parseCommand(ReportResultCommand, command);
    return runUnitAction(
      this.deps,
      principal,
      cmd,
      [ROLES.unitHead, ROLES.handler],
      'report results',
      (c) => {
        const signedBy = c.actor.role === ROLES.unitHead ? c.actor : null;
        c.routingCase.reportResult(c.unit, cmd.summary, signedBy, c.actor, c.deadlines, c.now);
      },
    );
  }
}
