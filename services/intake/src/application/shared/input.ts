import { ValidationError } from '@xinfang/kernel';
import { z } from 'zod';
import { CHANNELS, LEGAL_ROUTES, NATURES, URGENCIES } from '../../domain';

/**
 * Parses untrusted input with a schema; every problem becomes a field issue
 * (`petitioners.0.idNumber: is required`), so bad input never goes further.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input, {
    error: (issue) =>
      issue.input === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value')
        ? 'is required'
        : undefined,
  });
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map((i) => ({
      field: i.path.map(String).join('.') || 'body',
      reason: i.message,
    })),
  );
}

// Generous caps against oversized input; the intake policy sets the real limits.
const text = (max = 100_000) => z.string().max(max);
const optionalText = (max = 10_000) => text(max).nullish();

export const petitionerInput = z.object({
  anonymous: z.boolean().default(false),
  name: optionalText(),
  idNumber: optionalText(64),
  phone: optionalText(64),
  address: optionalText(),
});

export const attachmentInput = z.object({
  name: text(1000),
  sizeBytes: z.number().int().nonnegative(),
  contentType: text(200),
});

/** What every channel asks for: the matter, its place and its petitioners. */
export const petitionContentInput = z.object({
  nature: z.enum(NATURES),
  subjectCode: text(100),
  title: text(10_000),
  narrative: text(),
  location: z.object({ regionCode: text(20), address: optionalText() }),
  urgency: z.enum(URGENCIES).default('normal'),
  petitioners: z.array(petitionerInput).max(200),
  attachments: z.array(attachmentInput).max(200).default([]),
});

/** A staff registration adds the channel and what only a clerk can tell. */
export const staffPetitionInput = petitionContentInput.extend({
  /** The caller's office when they belong to more than one. */
  officeRegionCode: text(20).optional(),
  channel: z.enum(CHANNELS),
  collective: z.object({ headcount: z.number().int() }).nullish(),
  referral: z
    .object({
      fromRegionCode: text(20),
      reference: text(1000),
      fromOffice: optionalText(),
      referredOn: optionalText(20),
    })
    .nullish(),
  competentRegionCode: text(20).nullish(),
  legalChannel: z.object({ route: z.enum(LEGAL_ROUTES), reason: text(10_000) }).nullish(),
});

export const portalCredentialsInput = z.object({
  caseNumber: text(40),
  queryCode: text(40),
});
