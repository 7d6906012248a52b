import { z } from 'zod';

/**
 * Dates as ISO 8601 strings, everything else as is: the JSON the schemas below describe (the
 * route parses the result with its response schema, so the loose type ends there).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function toJson(value: unknown): any {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => toJson(v));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v)]));
  }
  return value;
}

const instant = z.string().describe('ISO 8601');
const localDate = z.string().describe('YYYY-MM-DD (Asia/Shanghai)');

export const UnitRefSchema = z
  .object({ unitId: z.string(), name: z.string(), regionCode: z.string() })
  .meta({ id: 'UnitRef' });

export const CaseRefSchema = z
  .object({
    caseId: z.string(),
    caseNumber: z.string(),
    tenantId: z.string(),
    regionPath: z.string(),
    regionCode: z.string(),
  })
  .meta({ id: 'CaseRef' });

export const ClockSchema = z
  .object({
    clockId: z.string(),
    caseId: z.string(),
    kind: z.string().describe('dispose, acceptance, objection, handling, resultReport, …'),
    role: z.enum(['duty', 'window']),
    state: z.enum(['running', 'paused', 'stopped']),
    startedAt: instant,
    limitDays: z.number().int(),
    counting: z.enum(['calendar', 'working']),
    dueDate: localDate,
    remainingDays: z.number().int().describe('0 on the due day, negative when overdue'),
    overdue: z.boolean(),
    escalationLevel: z.number().int(),
    responsibleUnit: UnitRefSchema.nullable(),
    stopReason: z.enum(['met', 'metLate', 'lapsed', 'cancelled']).nullable(),
    stoppedAt: instant.nullable(),
    extended: z.boolean(),
    nextFireAt: instant.nullable(),
  })
  .meta({ id: 'Clock' });

export const ClockListSchema = z.object({ clocks: z.array(ClockSchema) }).meta({ id: 'ClockList' });

export const CaseLeaderSchema = z
  .looseObject({
    subject: z.string(),
    name: z.string(),
    title: z.string(),
    unit: UnitRefSchema.nullable(),
    duties: z.array(z.string()),
    assignedAt: instant,
  })
  .meta({ id: 'CaseLeader' });

export const LeaderCaseListSchema = z
  .object({
    cases: z.array(
      z.object({
        caseRef: CaseRefSchema,
        leader: CaseLeaderSchema,
        ledgerEntryId: z.string().nullable(),
        clocks: z.array(ClockSchema),
      }),
    ),
  })
  .meta({ id: 'LeaderCaseList' });

export const NoticeSchema = z
  .looseObject({
    id: z.string(),
    caseRef: CaseRefSchema,
    kind: z.enum(['riskReminder', 'supervision', 'accountabilityProposal']),
    documentNumber: z.string(),
    issuer: UnitRefSchema,
    targetUnit: UnitRefSchema,
    reason: z.string(),
    responseDueDate: localDate,
    escalationLevel: z.number().int(),
    status: z.enum(['issued', 'responded', 'closed']),
    issuedAt: instant,
  })
  .meta({ id: 'SupervisionNotice' });

export const NoticeListSchema = z
  .object({ notices: z.array(NoticeSchema) })
  .meta({ id: 'SupervisionNoticeList' });

export const LedgerEntrySchema = z
  .looseObject({
    id: z.string(),
    caseRef: CaseRefSchema,
    reasons: z.array(z.object({ rule: z.string(), detail: z.string() })),
    flaggedAt: instant,
    daysOpen: z.number().int(),
    plan: z.looseObject({
      summary: z.string().nullable(),
      ownerSubject: z.string().nullable(),
      ownerName: z.string().nullable(),
      targetDate: localDate.nullable(),
      measures: z.array(z.string()),
    }),
    status: z.enum(['open', 'resolved']),
  })
  .meta({ id: 'LedgerEntry' });

export const MonthlyStatusSchema = z
  .object({
    month: z.string(),
    progress: z.string(),
    stable: z.boolean(),
    recordedAt: instant,
    late: z.boolean(),
  })
  .meta({ id: 'MonthlyStatus' });

export const MonthlyGapListSchema = z
  .object({
    tenants: z.array(
      z.object({
        tenantId: z.string(),
        month: z.string(),
        dueDate: localDate,
        overdue: z.boolean(),
        missing: z.array(
          z.object({
            entryId: z.string(),
            caseRef: CaseRefSchema,
            ownerSubject: z.string().nullable(),
            ownerName: z.string().nullable(),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'MonthlyGapList' });

export const FollowUpResultSchema = z
  .object({
    followUp: z.looseObject({
      id: z.string(),
      at: instant,
      method: z.string(),
      petitionerReached: z.boolean(),
      summary: z.string(),
      satisfaction: z.string().nullable(),
      stable: z.boolean(),
    }),
    supervisionRecordId: z.string().nullable(),
  })
  .meta({ id: 'FollowUpResult' });

export const SatisfactionResultSchema = z
  .object({
    rating: z.looseObject({
      eventId: z.string(),
      satisfaction: z.string(),
      source: z.string(),
      stage: z.string(),
      at: instant,
    }),
    supervisionRecordId: z.string().nullable(),
  })
  .meta({ id: 'SatisfactionResult' });

export const ChecklistSchema = z
  .object({
    items: z.array(
      z.object({
        item: z.string(),
        label: z.string(),
        complete: z.boolean(),
        missing: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'ClosingChecklist' });

export const ClosureSchema = z
  .looseObject({
    reason: z.string(),
    at: instant,
    checklistComplete: z.boolean(),
    onTime: z.boolean(),
    daysOpen: z.number().int(),
    mergedIntoCaseId: z.string().nullable(),
  })
  .meta({ id: 'Closure' });

export const ResolutionSchema = z
  .looseObject({
    at: instant,
    settlementAgreement: z.boolean(),
    agreementSignedDate: localDate.nullable(),
    summary: z.string(),
    ledgerEntryId: z.string().nullable(),
  })
  .meta({ id: 'Resolution' });
