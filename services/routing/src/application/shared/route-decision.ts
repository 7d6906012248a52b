import { ValidationError } from '@xinfang/kernel';
import { z } from 'zod';
import { JurisdictionProposal, RouteDecision, RouteMode } from '../../domain';
import { RoutingDeps } from './deps';
import { activeUnits } from './support';
import { id, localDate, MAX, optionalText } from './validation';

/** The fields of a forward, assign or re-route command that choose the units. */
export const routeFields = {
  /** Defaults to the proposed lead unit. */
  leadUnitId: id.nullish().transform((v) => v ?? null),
  /** Defaults to the proposed co-units when the proposed lead unit is kept. */
  coUnitIds: z
    .array(id)
    .max(20)
    .nullish()
    .transform((v) => v ?? null),
  letterNumber: optionalText(MAX.letterNumber),
  note: optionalText(MAX.note),
  resultReportDueDate: localDate.nullish().transform((v) => v ?? null),
  requirements: optionalText(MAX.reason),
};

export interface RouteFields {
  leadUnitId: string | null;
  coUnitIds: string[] | null;
  letterNumber: string | null;
  note: string | null;
  resultReportDueDate: string | null;
  requirements: string | null;
}

/**
 * Turns the clerk's choice into a route decision: the named units, or the proposal's where the
 * clerk named none. The rule behind the proposal is kept only when its lead unit is.
 */
export async function decideRoute(
  deps: Pick<RoutingDeps, 'units'>,
  mode: RouteMode,
  fields: RouteFields,
  proposal: JurisdictionProposal | null,
): Promise<RouteDecision> {
  const leadUnitId = fields.leadUnitId ?? proposal?.lead.unitId;
  if (!leadUnitId) {
    throw new ValidationError('leadUnitId', 'is required when there is no proposal to follow');
  }
  const keepsProposal = proposal !== null && proposal.lead.unitId === leadUnitId;
  const coUnitIds =
    fields.coUnitIds ?? (keepsProposal ? proposal.coUnits.map((u) => u.unitId) : []);
  const units = await activeUnits(deps, [
    { field: 'leadUnitId', unitId: leadUnitId },
    ...coUnitIds.map((unitId, i) => ({ field: `coUnitIds.${i}`, unitId })),
  ]);
  return {
    mode,
    lead: units.get(leadUnitId)!.ref(),
    coUnits: coUnitIds.map((unitId) => units.get(unitId)!.ref()),
    resultReportDueDate: fields.resultReportDueDate,
    requirements: fields.requirements,
    letterNumber: fields.letterNumber,
    note: fields.note,
    ruleId: keepsProposal ? proposal.ruleId : null,
  };
}
