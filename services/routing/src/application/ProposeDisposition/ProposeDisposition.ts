import { Principal, ROLES } from '@xinfang/principal';
import { z } from 'zod';
import { JurisdictionProposal, mustRedactFor, RoutingCase } from '../../domain';
import { ResolveJurisdiction } from '../ResolveJurisdiction/ResolveJurisdiction';
import { RoutingDeps } from '../shared/deps';
import { actFor, loadCase } from '../shared/support';
import { id, parseCommand, regionCode, subjectCode } from '../shared/validation';

export const ProposeDispositionCommand = z.object({
  caseId: id,
  /** Further places or lines of work the clerk found the matter involves. */
  involved: z.array(z.object({ regionCode, subjectCode })).max(10).default([]),
});
export type ProposeDispositionCommand = z.input<typeof ProposeDispositionCommand>;

export interface DispositionProposal {
  readonly proposal: JurisdictionProposal;
  /** Things the clerk should know before confirming, in plain words. */
  readonly warnings: readonly string[];
}

/**
 * Proposes where a case awaiting disposition should go, by jurisdiction resolution on its place,
 * subject, nature and competent level. The proposal is kept on the case for the clerk to confirm
 * or change; it publishes nothing. Run by the office's clerk, or by the system after registration.
 */
export class ProposeDisposition {
  constructor(
    private readonly deps: Pick<RoutingDeps, 'cases' | 'units' | 'rules' | 'membership' | 'clock'>,
  ) {}

  async execute(
    principal: Principal,
    command: ProposeDispositionCommand,
  ): Promise<DispositionProposal> {
    const cmd = parseCommand(ProposeDispositionCommand, command);
    const routingCase = await loadCase(this.deps, cmd.caseId);
    if (principal.kind !== 'system') {
      await actFor(this.deps, principal, routingCase.office, [ROLES.clerk], 'dispose of cases');
    }
    const proposal = await proposalFor(this.deps, principal, routingCase, cmd.involved);
    routingCase.propose(proposal, this.deps.clock.now());
    await this.deps.cases.save(routingCase, routingCase.pullEvents());
    return { proposal, warnings: warningsFor(routingCase.toState(), proposal) };
  }
}

/** Jurisdiction resolution on the case's place, subject, nature and competent level. */
export async function proposalFor(
  deps: Pick<RoutingDeps, 'units' | 'rules'>,
  principal: Principal,
  routingCase: RoutingCase,
  involved: { regionCode: string; subjectCode: string }[] = [],
): Promise<JurisdictionProposal> {
  const s = routingCase.toState();
  const { proposal } = await new ResolveJurisdiction(deps).execute(principal, {
    regionCode: s.regionCode,
    subjectCode: s.subjectCode,
    level: s.competentLevel,
    nature: s.nature,
    crossJurisdiction: s.crossJurisdiction,
    involved,
  });
  return proposal;
}

function warningsFor(
  s: {
    accusedUnitIds: readonly string[];
    returns: readonly { unit: { unitId: string; name: string } }[];
    office: { unitId: string };
  },
  proposal: JurisdictionProposal,
): string[] {
  const warnings: string[] = [];
  for (const unit of [proposal.lead, ...proposal.coUnits]) {
    if (mustRedactFor(s, unit.unitId)) {
      warnings.push(
        `${unit.name} is named as accused; it will receive the case without the informant's identity and materials`,
      );
    }
  }
  const returnedBy = s.returns.find((r) => r.unit.unitId === proposal.lead.unitId);
  if (returnedBy)
    warnings.push(`${returnedBy.unit.name} returned this case before as not competent`);
  if (proposal.lead.unitId === s.office.unitId)
    warnings.push('the proposal is the petition office itself; handle the case directly');
  return warnings;
}
