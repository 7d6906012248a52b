/** Identifies a case, as the case events carry it. */
export interface CaseRef {
  readonly caseId: string;
  readonly caseNumber: string;
  /** County tenant of the case; null when the case sits at a city or the province. */
  readonly tenantId: string | null;
  readonly regionPath: string;
  readonly regionCode: string;
}

/** A unit or authority; `unitId` is empty when only its region is known. */
export interface UnitRef {
  readonly unitId: string;
  readonly name: string;
  readonly regionCode: string;
}

/** Who did something. */
export interface Actor {
  readonly subject: string;
  readonly username: string;
  readonly role: string;
}

/** The appeal stages (复查 / 复核). */
export type AppealStage = 'review' | 'reReview';

/** Decisions on a review or re-review (维持 / 变更 / 撤销). */
export const REVIEW_OUTCOMES = ['uphold', 'revise', 'revoke'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];
