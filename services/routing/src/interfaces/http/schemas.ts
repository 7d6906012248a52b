import { REGION_LEVELS } from '@xinfang/kernel';
import { z } from 'zod';
import {
  CONTACT_METHODS,
  LEGAL_CHANNELS,
  NATURES,
  REPLY_OUTCOMES,
  ROUTE_MODES,
  ROUTING_STATUSES,
  UNIT_KINDS,
} from '../../domain';

// Response bodies of the REST API. Instants are ISO 8601 strings, due dates `YYYY-MM-DD`; only the
// fields named here leave the service.

const instant = z.iso.datetime({ offset: true });
const date = z.string().describe('YYYY-MM-DD, Asia/Shanghai');

export const UnitRefBody = z
  .object({ unitId: z.string(), name: z.string(), regionCode: z.string() })
  .meta({ id: 'UnitRef' });

export const ActorBody = z
  .object({
    subject: z.string(),
    username: z.string(),
    role: z.string(),
    unitId: z.string().nullable(),
  })
  .meta({ id: 'Actor' });

export const UnitBody = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(UNIT_KINDS),
    regionCode: z.string(),
    regionPath: z.string(),
    level: z.enum(REGION_LEVELS),
    tenantId: z.string().nullable(),
    subjectCodes: z.array(z.string()),
    contacts: z.array(
      z.object({ name: z.string(), phone: z.string().nullable(), email: z.string().nullable() }),
    ),
    parentUnitId: z.string().nullable(),
    isLocalGovernment: z.boolean(),
    active: z.boolean(),
    version: z.number().int(),
    createdAt: instant,
    updatedAt: instant,
  })
  .meta({ id: 'Unit' });

export const RuleBody = z
  .object({
    id: z.string(),
    name: z.string(),
    scopeRegionCode: z.string(),
    scopePath: z.string(),
    tenantId: z.string().nullable(),
    subjectCodes: z.array(z.string()),
    natures: z.array(z.enum(NATURES)),
    level: z.enum(REGION_LEVELS).nullable(),
    priority: z.number().int(),
    targetUnitId: z.string(),
    coUnitIds: z.array(z.string()),
    active: z.boolean(),
    version: z.number().int(),
    createdAt: instant,
    updatedAt: instant,
  })
  .meta({ id: 'RoutingRule' });

export const MemberBody = z
  .object({
    unitId: z.string(),
    username: z.string(),
    subject: z.string().nullable(),
    addedAt: instant,
    addedBy: z.string(),
  })
  .meta({ id: 'UnitMember' });

const proposalFields = {
  lead: UnitRefBody,
  coUnits: z.array(UnitRefBody),
  basis: z.enum(['rule', 'localGovernment', 'commonSuperior']),
  ruleId: z.string().nullable(),
  matchedRegionCode: z.string(),
  involvedUnits: z.array(UnitRefBody),
};

export const ProposalBody = z.object(proposalFields).meta({ id: 'JurisdictionProposal' });

export const ResolvedJurisdictionBody = z
  .object({ proposal: ProposalBody, lead: UnitBody, coUnits: z.array(UnitBody) })
  .meta({ id: 'ResolvedJurisdiction' });

export const DispositionProposalBody = z
  .object({ proposal: ProposalBody, warnings: z.array(z.string()) })
  .meta({ id: 'DispositionProposal' });

const RouteBody = z
  .object({
    mode: z.enum(ROUTE_MODES),
    lead: UnitRefBody,
    coUnits: z.array(UnitRefBody),
    routedAt: instant,
    routedBy: ActorBody,
    rerouted: z.boolean(),
    acceptanceDueDate: date,
    objectionDueDate: date.describe('last day to object to a misrouting (5 working days)'),
    resultReportDueDate: date.nullable(),
    requirements: z.string().nullable(),
    letterNumber: z.string().nullable(),
    note: z.string().nullable(),
    ruleId: z.string().nullable(),
    redactedUnitIds: z.array(z.string()),
    acceptances: z.array(
      z.object({
        unit: UnitRefBody,
        role: z.enum(['lead', 'co']),
        acceptedAt: instant,
        by: ActorBody,
        late: z.boolean(),
        petitionerNotified: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'Route' });

const declineFields = {
  reason: z.string(),
  legalChannel: z.enum(LEGAL_CHANNELS).nullable(),
  legalChannelGuidance: z.string().nullable(),
  petitionerNotified: z.boolean(),
  at: instant,
  by: ActorBody,
};

export const AssignmentBody = z
  .object({
    caseId: z.string(),
    caseNumber: z.string(),
    tenantId: z.string(),
    regionCode: z.string(),
    regionPath: z.string(),
    subjectCode: z.string(),
    nature: z.enum(NATURES),
    legalChannel: z.boolean(),
    legalChannelKind: z.enum(LEGAL_CHANNELS).nullable(),
    crossJurisdiction: z.boolean(),
    competentLevel: z.enum(REGION_LEVELS).nullable(),
    accusedUnitIds: z.array(z.string()),
    office: UnitRefBody,
    receivedAt: instant,
    registeredAt: instant,
    disposeDueDate: date,
    status: z.enum(ROUTING_STATUSES),
    proposal: z.object({ ...proposalFields, proposedAt: instant }).nullable(),
    routes: z.array(RouteBody),
    returns: z.array(
      z.object({
        unit: UnitRefBody,
        reason: z.string(),
        suggestedUnit: UnitRefBody.nullable(),
        returnedAt: instant,
        by: ActorBody,
      }),
    ),
    disposal: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('declined'), ...declineFields }),
        z.object({
          kind: z.literal('handledDirectly'),
          summary: z.string(),
          answeredOnSpot: z.boolean(),
          at: instant,
          by: ActorBody,
        }),
      ])
      .nullable(),
    nonAcceptance: z.object({ unit: UnitRefBody, ...declineFields }).nullable(),
    handlingDueDate: date.nullable(),
    extensions: z.array(
      z.object({
        requestedDays: z.number().int(),
        reason: z.string(),
        requestedAt: instant,
        requestedBy: ActorBody,
        status: z.enum(['pending', 'approved', 'lapsed']),
        approval: z
          .object({
            days: z.number().int(),
            approvedAt: instant,
            approvedBy: ActorBody,
            previousDueDate: date,
            newDueDate: date,
            petitionerNotified: z.boolean(),
          })
          .nullable(),
      }),
    ),
    reply: z
      .object({
        unit: UnitRefBody,
        outcome: z.enum(REPLY_OUTCOMES),
        opinionSummary: z.string(),
        documentNumber: z.string().nullable(),
        repliedAt: instant,
        by: ActorBody,
        late: z.boolean(),
        deliveredAt: instant.nullable(),
        deliveryMethod: z.enum(CONTACT_METHODS).nullable(),
        reviewRequestDueDate: date.nullable(),
        reviewAuthority: UnitRefBody.nullable(),
      })
      .nullable(),
    resultReport: z
      .object({
        summary: z.string(),
        reportedAt: instant,
        by: ActorBody,
        signedBy: ActorBody.nullable(),
        late: z.boolean(),
      })
      .nullable(),
    version: z.number().int(),
    updatedAt: instant,
  })
  .meta({ id: 'Assignment' });

export const CaseViewBody = z
  .object({
    caseId: z.string(),
    caseNumber: z.string(),
    nature: z.enum(NATURES),
    subjectCode: z.string(),
    title: z.string(),
    content: z.string().nullable(),
    anonymous: z.boolean(),
    petitioners: z.array(
      z.object({
        name: z.string(),
        idNumber: z.string().nullable(),
        phone: z.string().nullable(),
        address: z.string().nullable(),
      }),
    ),
    materials: z.array(z.object({ id: z.string(), fileName: z.string(), contentType: z.string() })),
    accusedUnitIds: z.array(z.string()),
    redaction: z
      .object({ reason: z.literal('accusedUnit'), notice: z.string() })
      .nullable()
      .describe('set when the informant and materials were withheld from this unit (Art. 30)'),
  })
  .meta({ id: 'CaseView' });

export const DisposalBody = z
  .object({
    case: AssignmentBody,
    deliveries: z.array(
      z.object({
        unit: UnitRefBody,
        role: z.enum(['lead', 'co']),
        redacted: z.boolean(),
        view: CaseViewBody,
      }),
    ),
  })
  .meta({ id: 'Disposal' });

/** A page of items; `nextCursor` is null on the last page. */
export function pageBody<T extends z.ZodType>(item: T, id: string) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() }).meta({ id });
}
