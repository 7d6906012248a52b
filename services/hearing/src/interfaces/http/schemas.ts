import { z } from 'zod';
import { MEMBER_KINDS, PANEL_KINDS, PARTICIPANT_SIDES, REVIEW_OUTCOMES } from '../../domain';

// Request and response contracts of the REST API. Times are ISO 8601 strings; handlers pass the
// use cases' results through `toJson`, which turns Dates into such strings.

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const id = (what: string) => z.string().regex(ULID, `must be a ${what} id (26-character ULID)`);
const time = () => z.string().describe('ISO 8601 instant (UTC)');
const date = () => z.string().describe('YYYY-MM-DD, Asia/Shanghai');
const instant = () => z.iso.datetime({ offset: true }).transform((s) => new Date(s));

export const CaseIdParams = z.object({ caseId: id('case') });
export const IdParams = z.object({ id: id('record') });

export const AppealRequestBody = z.object({
  grounds: z
    .string()
    .trim()
    .min(1)
    .max(4000)
    .describe('Why the petitioner disagrees; no personal data'),
  receivedAt: instant().optional().describe('When the request reached the authority; default now'),
});

export const DecisionBody = z.object({
  outcome: z.enum(REVIEW_OUTCOMES).describe('维持 uphold / 变更 revise / 撤销 revoke'),
  summary: z.string().trim().min(1).max(8000).describe('The written reply in summary'),
  documentNumber: z.string().trim().min(1).max(100).describe('文号 of the written decision'),
  deliveredAt: instant().optional().describe('When the petitioner received it; default now'),
});

export const ScheduleHearingBody = z.object({
  appealId: id('review or re-review').describe('The review or re-review the hearing serves'),
  scheduledAt: instant(),
  venue: z.string().trim().min(1).max(500),
  public: z.boolean(),
  complexReason: z.string().trim().max(2000).optional().describe('Required for a review hearing'),
  hostName: z.string().trim().min(1).max(100).optional(),
  participants: z
    .array(
      z.object({
        name: z.string().trim().min(1).max(100),
        side: z.enum(PARTICIPANT_SIDES),
        unitId: z.string().trim().max(100).optional(),
      }),
    )
    .min(1)
    .max(50),
});

export const PanelBody = z.object({
  members: z
    .array(
      z.object({
        name: z.string().trim().min(1).max(100),
        kind: z.enum(MEMBER_KINDS),
        unitId: z.string().trim().max(100).optional(),
        organisation: z.string().trim().max(200).optional(),
        relations: z.array(z.string().trim().min(1).max(200)).max(50).optional(),
      }),
    )
    .min(2)
    .max(20),
});

export const MinutesBody = z.object({
  documentId: z.string().trim().min(1).max(100),
  summary: z.string().trim().min(1).max(20000),
  startedAt: instant().optional(),
});

export const VoteBody = z.object({
  memberId: z.string().min(1).max(40),
  position: z.enum(REVIEW_OUTCOMES),
  opinion: z.string().trim().min(1).max(4000),
});

export const ConcludeBody = z.object({
  majorityOpinion: z.string().trim().min(1).max(8000),
});

export const PublicQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).optional().describe('1-100 (20)'),
});

const UnitSchema = z.object({ unitId: z.string(), name: z.string(), regionCode: z.string() });
const ActorSchema = z.object({ subject: z.string(), username: z.string(), role: z.string() });
const CaseRefSchema = z.object({
  caseId: z.string(),
  caseNumber: z.string(),
  tenantId: z.string().nullable(),
  regionPath: z.string(),
  regionCode: z.string(),
});

const ResultSchema = z.object({
  heldAt: time(),
  position: z.enum(REVIEW_OUTCOMES),
  majorityOpinion: z.string(),
  majorityCount: z.number(),
  panelSize: z.number(),
  dissent: z.array(
    z.object({
      memberId: z.string(),
      name: z.string(),
      position: z.enum(REVIEW_OUTCOMES),
      opinion: z.string(),
    }),
  ),
});

export const HearingSchema = z
  .object({
    id: z.string(),
    appealId: z.string(),
    stage: z.enum(['review', 'reReview']),
    caseId: z.string(),
    caseNumber: z.string(),
    authority: UnitSchema,
    scheduledAt: time(),
    venue: z.string(),
    public: z.boolean(),
    noticeAt: time(),
    complexReason: z.string(),
    panel: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        kind: z.enum(PANEL_KINDS),
        unitId: z.string(),
        organisation: z.string(),
        relations: z.array(z.string()),
      }),
    ),
    participants: z.array(
      z.object({ name: z.string(), side: z.enum(PARTICIPANT_SIDES), unitId: z.string() }),
    ),
    minutes: z
      .object({
        documentId: z.string(),
        summary: z.string(),
        startedAt: time(),
        recordedAt: time(),
        recordedBy: ActorSchema,
      })
      .nullable(),
    votes: z.array(
      z.object({
        memberId: z.string(),
        position: z.enum(REVIEW_OUTCOMES),
        opinion: z.string(),
        at: time(),
      }),
    ),
    result: ResultSchema.nullable(),
  })
  .meta({ id: 'Hearing' });

export const AppealSchema = z
  .object({
    id: z.string(),
    stage: z.enum(['review', 'reReview']),
    caseRef: CaseRefSchema,
    authority: UnitSchema,
    appealedUnit: UnitSchema,
    reviewId: z.string().describe('For a re-review: the review it appeals'),
    grounds: z.string(),
    requestedAt: time(),
    requestDueDate: date().describe('Last day the request could be made'),
    decisionDueDate: date().describe('Moves later while a re-review hearing is pending'),
    clockPaused: z.boolean(),
    decision: z
      .object({
        outcome: z.enum(REVIEW_OUTCOMES),
        summary: z.string(),
        documentNumber: z.string(),
        decidedAt: time(),
        deliveredAt: time(),
        decidedBy: ActorSchema,
        late: z.boolean(),
      })
      .nullable(),
    reReviewRequestDueDate: date().nullable(),
    terminatedAt: time().nullable(),
    hearings: z.array(HearingSchema),
  })
  .meta({ id: 'Appeal', description: 'A review (复查) or re-review (复核)' });

export const ReviewStateSchema = z
  .object({
    caseId: z.string(),
    stage: z.enum([
      'none',
      'reviewRequested',
      'reviewDecided',
      'reReviewRequested',
      'reReviewDecided',
      'terminated',
    ]),
    review: AppealSchema.nullable(),
    reReview: AppealSchema.nullable(),
    reviewRequestDueDate: date().nullable(),
    reReviewRequestDueDate: date().nullable(),
    terminatedAt: time().nullable(),
  })
  .meta({ id: 'ReviewState' });

export const PublicNoticeListSchema = z
  .object({
    hearings: z.array(
      z.object({
        hearingId: z.string(),
        caseNumber: z.string(),
        stage: z.enum(['review', 'reReview']),
        authority: z.string(),
        scheduledAt: time(),
        scheduledDate: date(),
        venue: z.string(),
        noticeAt: time(),
        held: z.boolean(),
        result: z
          .object({
            heldAt: time(),
            position: z.string(),
            majorityOpinion: z.string(),
            majorityCount: z.number(),
            panelSize: z.number(),
            dissentCount: z.number(),
          })
          .nullable(),
      }),
    ),
  })
  .meta({ id: 'PublicHearingNotices', description: 'Public notices; no parties or personal data' });

/** Dates to ISO strings, as the response schemas expect. */
export function toJson<T>(value: T): never {
  return JSON.parse(JSON.stringify(value)) as never;
}
