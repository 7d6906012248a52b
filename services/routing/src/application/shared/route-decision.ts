import { ValidationError } from '@xinfang/kernel';
import { z } from 'zod';
import { JurisdictionProposal, RouteDecision, RouteMode, RoutingCase } from '../../domain';
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
  /** Units the accusation accuses (Art. 30); they receive the case redacted. */
  accusedUnitIds: z.array(id).max(20).default([]),
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

/**
 * Records the accused units the clerk named with a sending, before the recipients are chosen, so
 * the sending redacts the case for them. Each must be a unit of the directory.
 */
export async function nameAccused(
  deps: Pick<RoutingDeps, 'units'>,
  routingCase: RoutingCase,
  unitIds: readonly string[],
  at: Date,
): Promise<void> {
  if (unitIds.length === 0) return;
  const found = new Set((await deps.units.getMany(unitIds)).map((u) => u.id));
  const issues = unitIds.flatMap((unitId, i) =>
    found.has(unitId) ? [] : [{ field: `accusedUnitIds.${i}`, reason: `no unit ${unitId}` }],
  );
  if (issues.length > 0) throw new ValidationError(issues);
  routingCase.nameAccused(unitIds, at);
}
