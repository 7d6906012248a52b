import { addDays, isRegionCode, startOfDay } from '@xinfang/kernel';
import { z } from 'zod';
import {
  CASE_STATUSES,
  CaseQuery,
  CaseStatus,
  CaseView,
  CHANNELS,
  Kpis,
  NATURES,
  parsePeriod,
  TimelineEntry,
} from '../../domain';

const regionCode = z
  .string()
  .refine(isRegionCode, { message: 'must be a region code such as 441481 or 441481001' });
const day = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be a date YYYY-MM-DD');
const flag = z
  .enum(['true', 'false'], { error: 'must be true or false' })
  .transform((v) => v === 'true');
const subject = z
  .string()
  .max(100)
  .regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, 'must be a subject code such as labor.wages');

export const period = z.string().transform((text, ctx) => {
  const parsed = parsePeriod(text);
  if ('reason' in parsed) {
    ctx.addIssue({ code: 'custom', message: parsed.reason });
    return z.NEVER;
  }
  return parsed.range;
});

const statusList = z.string().transform((text, ctx) => {
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = items.filter((s) => !(CASE_STATUSES as readonly string[]).includes(s));
  if (items.length === 0 || bad.length > 0) {
    ctx.addIssue({
      code: 'custom',
      message: `must list statuses among ${CASE_STATUSES.join(', ')}${bad.length ? `; unknown: ${bad.join(', ')}` : ''}`,
    });
    return z.NEVER;
  }
  return items as CaseStatus[];
});

/** The filters of `GET /cases` and `GET /cases.csv`. Unknown parameters are refused. */
const caseFilterShape = {
  status: statusList.optional().describe('Comma-separated statuses'),
  overdue: flag.optional(),
  escalationLevel: z.coerce
    .number({ error: 'must be a number' })
    .int()
    .min(0)
    .max(3)
    .optional()
    .describe('Cases at this escalation level or higher'),
  unit: z.string().min(1).max(100).optional().describe('Current lead unit id'),
  subject: subject.optional().describe('Subject code or category'),
  channel: z.enum(CHANNELS).optional(),
  nature: z.enum(NATURES).optional(),
  region: regionCode.optional().describe('Region subtree; must be inside your own'),
  registeredFrom: day.optional().describe('First registration day (Asia/Shanghai)'),
  registeredTo: day.optional().describe('Last registration day (Asia/Shanghai)'),
  closed: flag.optional(),
  resolved: flag.optional(),
  q: z.string().trim().min(1).max(100).optional().describe('Free text'),
};

export const CaseSearchQuery = z
  .object({
    ...caseFilterShape,
    limit: z.coerce.number({ error: 'must be a number' }).int().min(1).max(200).default(50),
    cursor: z.string().max(500).optional().describe('nextCursor of the previous page'),
  })
  .strict();

export const CaseExportQuery = z.object(caseFilterShape).strict();

type FilterInput = z.output<z.ZodObject<typeof caseFilterShape>>;

export function caseQueryOf(f: FilterInput): CaseQuery {
  const q: CaseQuery = {};
  if (f.status) q.status = f.status;
  if (f.overdue !== undefined) q.overdue = f.overdue;
  if (f.escalationLevel !== undefined) q.minEscalationLevel = f.escalationLevel;
  if (f.unit) q.unitId = f.unit;
  if (f.subject) q.subject = f.subject;
  if (f.channel) q.channel = f.channel;
  if (f.nature) q.nature = f.nature;
  if (f.region) q.region = f.region;
  if (f.registeredFrom) q.registeredFrom = startOfDay(f.registeredFrom);
  if (f.registeredTo) q.registeredTo = startOfDay(addDays(f.registeredTo, 1));
  if (f.closed !== undefined) q.closed = f.closed;
  if (f.resolved !== undefined) q.resolved = f.resolved;
  if (f.q) q.q = f.q;
  return q;
}

export const KpiQuery = z
  .object({
    region: regionCode.optional().describe('Default: your own region'),
    period: period.describe('YYYY-MM, YYYY-Qn, YYYY or YYYY-MM..YYYY-MM'),
    subject: subject.optional(),
  })
  .strict();

export const MonthlyReportQuery = z
  .object({
    region: regionCode.optional(),
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM'),
  })
  .strict();

export const AnnualReportQuery = z
  .object({
    region: regionCode.optional(),
    year: z.string().regex(/^\d{4}$/, 'must be a year YYYY'),
  })
  .strict();

export const CaseIdParams = z.object({
  caseId: z.string().regex(/^[0-9A-Za-z_-]{1,64}$/, 'must be a case id'),
});

const instant = z.string().describe('RFC 3339 instant');
const unit = z.object({ unitId: z.string(), name: z.string(), regionCode: z.string() });

export const CaseSummaryView = z
  .object({
    caseId: z.string(),
    caseNumber: z.string(),
    tenantId: z.string().nullable(),
    regionCode: z.string(),
    regionPath: z.string(),
    channel: z.string().nullable(),
    nature: z.string().nullable(),
    subjectCode: z.string(),
    subjectName: z.string(),
    title: z.string(),
    urgency: z.string().nullable(),
    collective: z.boolean(),
    repeat: z.boolean(),
    skipLevel: z.boolean(),
    status: z.enum(CASE_STATUSES),
    currentUnit: unit.nullable(),
    registeredAt: instant.nullable(),
    acceptedAt: instant.nullable(),
    repliedAt: instant.nullable(),
    closedAt: instant.nullable(),
    handlingDueDate: z.string().nullable(),
    extended: z.boolean(),
    overdue: z.boolean(),
    escalationLevel: z.number().int(),
    replyOutcome: z.string().nullable(),
    satisfaction: z.string().nullable(),
    closed: z.boolean(),
    resolved: z.boolean(),
    terminated: z.boolean(),
    backlog: z.boolean(),
    caseLeader: z.string().nullable(),
    lastEventType: z.string(),
    lastEventAt: instant,
    eventCount: z.number().int(),
  })
  .meta({ id: 'CaseSummary' });

export const CasePageView = z
  .object({ items: z.array(CaseSummaryView), nextCursor: z.string().nullable() })
  .meta({ id: 'CasePage' });

export const TimelineView = z
  .object({
    caseId: z.string(),
    entries: z.array(
      z.object({
        eventId: z.string(),
        name: z.string(),
        type: z.string(),
        source: z.string(),
        occurredAt: instant,
        actor: z.object({ username: z.string(), role: z.string() }).nullable(),
        unit: z.object({ unitId: z.string(), name: z.string() }).nullable(),
      }),
    ),
  })
  .meta({ id: 'CaseTimeline' });

const ratio = z.object({
  numerator: z.number().int(),
  denominator: z.number().int(),
  value: z.number(),
});

export const KpisView = z
  .object({
    regionCode: z.string(),
    period: z.object({ start: z.string(), end: z.string() }),
    subject: z.string(),
    registered: z.number().int(),
    accepted: z.number().int(),
    replied: z.number().int(),
    closed: z.number().int(),
    resolved: z.number().int(),
    collective: z.number().int(),
    repeat: z.number().int(),
    skipLevel: z.number().int(),
    overdue: z.number().int(),
    escalated: z.number().int(),
    backlogFlagged: z.number().int(),
    backlogResolved: z.number().int(),
    onTimeAcceptance: ratio,
    onTimeReply: ratio,
    onTimeClosure: ratio,
    resolution: ratio,
    satisfaction: ratio,
    repeatRate: ratio,
    topUnits: z.array(
      z.object({
        unitId: z.string(),
        name: z.string(),
        regionCode: z.string(),
        cases: z.number().int(),
      }),
    ),
    asOf: instant,
  })
  .meta({ id: 'Kpis' });

export const RollupView = z
  .object({ region: KpisView, children: z.array(KpisView) })
  .meta({ id: 'KpiRollup' });

const iso = (d: Date | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

export function caseSummaryOf(v: CaseView): z.input<typeof CaseSummaryView> {
  return {
    ...v,
    registeredAt: iso(v.registeredAt),
    acceptedAt: iso(v.acceptedAt),
    repliedAt: iso(v.repliedAt),
    closedAt: iso(v.closedAt),
    lastEventAt: iso(v.lastEventAt) ?? '',
  };
}

export function timelineOf(caseId: string, entries: TimelineEntry[]): z.input<typeof TimelineView> {
  return {
    caseId,
    entries: entries.map((e) => ({ ...e, occurredAt: iso(e.occurredAt) ?? '' })),
  };
}

export function kpisViewOf(k: Kpis): z.input<typeof KpisView> {
  return { ...k, asOf: k.asOf.toISOString() };
}
