import { ForbiddenError, REGION_LEVELS } from '@xinfang/kernel';
import { hasRole, Principal, ROLES } from '@xinfang/principal';
import { z } from 'zod';
import { LEGAL_CHANNELS, NATURES, RoutingCase, RoutingCaseState } from '../../domain';
import { RoutingDeps } from '../shared/deps';
import { deadlinesFor } from '../shared/support';
import {
  id,
  instant,
  MAX,
  parseCommand,
  regionCode,
  subjectCode,
  text,
} from '../shared/validation';

/** What routing needs of a CaseRegistered event. */
export const StartRoutingCommand = z.object({
  caseId: id,
  caseNumber: text(64),
  tenantId: regionCode,
  regionCode,
  subjectCode,
  nature: z.enum(NATURES),
  legalChannel: z.boolean().default(false),
  legalChannelKind: z
    .enum(LEGAL_CHANNELS)
    .nullish()
    .transform((v) => v ?? null),
  crossJurisdiction: z.boolean().default(false),
  competentLevel: z
    .enum(REGION_LEVELS)
    .nullish()
    .transform((v) => v ?? null),
  accusedUnitIds: z.array(id).max(20).default([]),
  receivedAt: instant,
  registeredAt: instant,
  office: z.object({ unitId: id, name: text(MAX.name), regionCode }),
});
export type StartRoutingCommand = z.input<typeof StartRoutingCommand>;

export interface StartRoutingResult {
  readonly state: RoutingCaseState;
  /** False when the case was already being routed (a redelivered event). */
  readonly started: boolean;
}

/**
 * Opens routing for a registered case and starts its dispose clock. Called by the CaseRegistered
 * consumer as a system task (or a service client); a redelivered event changes nothing.
 */
export class StartRouting {
  constructor(private readonly deps: Pick<RoutingDeps, 'cases' | 'policies' | 'calendar'>) {}

  async execute(principal: Principal, command: StartRoutingCommand): Promise<StartRoutingResult> {
    if (principal.kind !== 'system' && !hasRole(principal, ROLES.service)) {
      throw new ForbiddenError('routing is started only from registered cases');
    }
    const cmd = parseCommand(StartRoutingCommand, command);
    const existing = await this.deps.cases.get(cmd.caseId);
    if (existing) return { state: existing.toState(), started: false };
    const routingCase = RoutingCase.open(cmd, await deadlinesFor(this.deps, cmd.tenantId));
    await this.deps.cases.insert(routingCase, routingCase.pullEvents());
    return { state: routingCase.toState(), started: true };
  }
}
