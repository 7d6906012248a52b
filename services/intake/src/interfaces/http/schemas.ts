import { z } from 'zod';
import {
  CASE_STATUSES,
  CHANNELS,
  LEGAL_ROUTES,
  NATURES,
  SATISFACTION_RATINGS,
  URGENCIES,
} from '../../domain';

// Response contracts of the REST API. Times are ISO 8601 strings (UTC); handlers pass the
// use cases' results through `toJson`, which turns Dates into such strings.

const time = () => z.string().describe('ISO 8601 instant (UTC)');
const REGION_LEVELS = ['province', 'city', 'county', 'township'] as const;

export const CaseLinkSchema = z
  .object({
    caseId: z.string(),
    caseNumber: z.string(),
    tenantId: z.string().nullable(),
    regionPath: z.string(),
  })
  .meta({ id: 'CaseLink', description: 'Another case; carries no content of it.' });

export const PetitionerSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('anonymous') }),
    z.object({
      kind: z.literal('realName'),
      name: z.string(),
      idNumber: z
        .string()
        .nullable()
        .describe('Masked (440***********1234) unless piiMasked is false'),
      phone: z.string().nullable().describe('Masked (138****5678) unless piiMasked is false'),
      address: z.string().nullable(),
    }),
  ])
  .meta({ id: 'Petitioner' });

const OfficeSchema = z.object({
  regionCode: z.string(),
  level: z.enum(REGION_LEVELS),
  regionPath: z.string(),
});

const LegalChannelSchema = z.object({ route: z.enum(LEGAL_ROUTES), reason: z.string() });
const LegalChannelSuggestionSchema = z
  .object({ route: z.enum(LEGAL_ROUTES), matched: z.array(z.string()) })
  .describe('What the narrative suggests to the clerk (诉访分离); never decides on its own');

export const AttachmentFileSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    sizeBytes: z.number().int(),
    contentType: z.string(),
    sha256: z.string().describe('hex SHA-256 of the bytes'),
    uploadedBy: z.object({ subject: z.string(), username: z.string() }),
    uploadedAt: z.string(),
  })
  .meta({ id: 'AttachmentFile' });

export const CaseViewSchema = z
  .object({
    id: z.string(),
    caseNumber: z.string(),
    tenantId: z.string().nullable(),
    regionPath: z.string(),
    office: OfficeSchema,
    channel: z.enum(CHANNELS),
    nature: z.enum(NATURES),
    subjectCode: z.string(),
    subjectRoot: z.string(),
    title: z.string(),
    narrative: z.string(),
    location: z.object({
      regionCode: z.string(),
      regionPath: z.string(),
      countyCode: z.string(),
      address: z.string().nullable(),
    }),
    urgency: z.enum(URGENCIES),
    petitioners: z.array(PetitionerSchema),
    piiMasked: z.boolean().describe('True when ID numbers and phones are masked for this caller'),
    anonymous: z.boolean(),
    collective: z.object({ headcount: z.number().int() }).nullable(),
    referral: z
      .object({
        fromRegionCode: z.string(),
        reference: z.string(),
        fromOffice: z.string().nullable(),
        referredOn: z.string().nullable(),
      })
      .nullable(),
    attachments: z.array(
      z.object({ name: z.string(), sizeBytes: z.number().int(), contentType: z.string() }),
    ),
    files: z.array(AttachmentFileSchema).describe('Uploaded files'),
    repeat: z.object({ of: CaseLinkSchema, count: z.number().int() }).nullable(),
    deferredTo: CaseLinkSchema.nullable(),
    competentRegionCode: z.string(),
    skipLevel: z.boolean(),
    legalChannel: LegalChannelSchema.nullable(),
    legalChannelSuggestion: LegalChannelSuggestionSchema.nullable(),
    notices: z.array(z.string()),
    status: z.enum(CASE_STATUSES),
    handlingWithinLimit: z.boolean(),
    overdue: z.boolean(),
    replied: z.boolean(),
    resolved: z.boolean(),
    timeline: z.array(
      z.object({
        eventId: z.string().nullable(),
        type: z.string(),
        at: time(),
        label: z.string().nullable(),
        note: z.string().nullable(),
      }),
    ),
    satisfaction: z
      .object({
        rating: z.enum(SATISFACTION_RATINGS),
        comment: z.string().nullable(),
        ratedAt: time(),
      })
      .nullable(),
    registeredAt: time(),
    registeredBy: z.object({ subject: z.string(), username: z.string() }).nullable(),
  })
  .meta({ id: 'Case' });

export const CaseSummarySchema = z
  .object({
    id: z.string(),
    caseNumber: z.string(),
    tenantId: z.string().nullable(),
    regionPath: z.string(),
    channel: z.enum(CHANNELS),
    nature: z.enum(NATURES),
    subjectCode: z.string(),
    title: z.string(),
    urgency: z.enum(URGENCIES),
    status: z.enum(CASE_STATUSES),
    locationRegionCode: z.string(),
    anonymous: z.boolean(),
    collectiveHeadcount: z.number().int().nullable(),
    repeatCount: z.number().int(),
    skipLevel: z.boolean(),
    legalChannel: z.enum(LEGAL_ROUTES).nullable(),
    registeredAt: time(),
  })
  .meta({ id: 'CaseSummary', description: 'One row of a case list; no petitioner data.' });

export const CaseListSchema = z
  .object({
    items: z.array(CaseSummarySchema),
    nextCursor: z
      .string()
      .nullable()
      .describe('Pass as `cursor` for the next page; null on the last page'),
  })
  .meta({ id: 'CaseList' });

export const RegistrationSchema = z
  .object({
    caseId: z.string(),
    caseNumber: z.string(),
    tenantId: z.string().nullable(),
    regionPath: z.string(),
    registeredAt: time(),
    queryCode: z.string().describe('Shown once; give it to the petitioner. Only its hash is kept.'),
    repeat: z.object({ of: CaseLinkSchema, count: z.number().int() }).nullable(),
    deferredTo: z
      .object({
        caseId: z.string(),
        caseNumber: z.string(),
        tenantId: z.string().nullable(),
        regionCode: z.string(),
        regionName: z.string().nullable(),
        status: z.string(),
        statusLabel: z.string(),
      })
      .nullable()
      .describe('A lower level handles the same matter within its limit (Art. 19)'),
    skipLevel: z
      .object({ competentRegionCode: z.string(), competentRegionName: z.string().nullable() })
      .nullable(),
    legalChannel: LegalChannelSchema.nullable(),
    legalChannelSuggestion: LegalChannelSuggestionSchema.nullable(),
    notices: z.array(z.string()).describe('What to tell the petitioner, in Chinese'),
  })
  .meta({ id: 'Registration' });

export const TerminationCheckSchema = z
  .object({
    terminated: z.object({ caseId: z.string(), caseNumber: z.string() }).nullable(),
    priorCases: z.array(
      z.object({
        caseId: z.string(),
        caseNumber: z.string(),
        tenantId: z.string().nullable(),
        regionPath: z.string(),
        status: z.string(),
        handlingWithinLimit: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'TerminationCheck' });

export const SubmissionReceiptSchema = z
  .object({
    caseNumber: z.string(),
    queryCode: z.string().describe('12 characters; shown once, needed to track and to rate'),
    registeredAt: time(),
    notices: z.array(z.string()),
  })
  .meta({ id: 'SubmissionReceipt' });

export const PublicTimelineSchema = z
  .object({
    caseNumber: z.string(),
    title: z.string(),
    channel: z.enum(CHANNELS),
    registeredAt: time(),
    status: z.enum(CASE_STATUSES),
    statusLabel: z.string(),
    entries: z.array(z.object({ label: z.string(), at: time(), note: z.string().nullable() })),
    canRate: z.boolean(),
    satisfaction: z
      .object({ rating: z.enum(SATISFACTION_RATINGS), label: z.string(), ratedAt: time() })
      .nullable(),
  })
  .meta({ id: 'PublicTimeline', description: 'No staff, no internal steps, no petitioner data.' });

export const RatingReceiptSchema = z
  .object({
    caseNumber: z.string(),
    rating: z.enum(SATISFACTION_RATINGS),
    label: z.string(),
    ratedAt: time(),
  })
  .meta({ id: 'RatingReceipt' });

export const SubjectSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    parent: z.string().optional().describe('The base subject a tenant subject refines'),
  })
  .meta({ id: 'Subject' });

export const SubjectListSchema = z
  .object({ scopeCode: z.string(), subjects: z.array(SubjectSchema) })
  .meta({ id: 'SubjectList' });

/** A value as JSON carries it: Dates become ISO strings, read-only lists plain ones. */
export type Json<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Json<U>[]
    : T extends object
      ? { -readonly [K in keyof T]: Json<T[K]> }
      : T;

/** Dates become ISO strings, as the response schemas declare. */
export function toJson<T>(value: T): Json<T> {
  return JSON.parse(JSON.stringify(value)) as Json<T>;
}
