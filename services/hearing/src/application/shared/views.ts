import { toLocalDate, type LocalDate } from '@xinfang/kernel';
import type {
  Appeal,
  AppealStage,
  CaseRef,
  Decision,
  HearingResult,
  HearingState,
  Minutes,
  Participant,
  PanelMember,
  UnitRef,
  Vote,
} from '../../domain';
import type { HearingDeps } from './context';

export interface HearingView {
  readonly id: string;
  readonly appealId: string;
  readonly stage: AppealStage;
  readonly caseId: string;
  readonly caseNumber: string;
  readonly authority: UnitRef;
  readonly scheduledAt: Date;
  readonly venue: string;
  readonly public: boolean;
  readonly noticeAt: Date;
  readonly complexReason: string;
  readonly panel: readonly PanelMember[];
  readonly participants: readonly Participant[];
  readonly minutes: Minutes | null;
  readonly votes: readonly Vote[];
  readonly result: HearingResult | null;
}

export interface AppealView {
  readonly id: string;
  readonly stage: AppealStage;
  readonly caseRef: CaseRef;
  readonly authority: UnitRef;
  readonly appealedUnit: UnitRef;
  readonly reviewId: string;
  readonly grounds: string;
  readonly requestedAt: Date;
  readonly requestDueDate: LocalDate;
  readonly decisionDueDate: LocalDate;
  readonly clockPaused: boolean;
  readonly decision: Decision | null;
  /** Last day to ask for a re-review of a decided review; null otherwise. */
  readonly reReviewRequestDueDate: LocalDate | null;
  readonly terminatedAt: Date | null;
  readonly hearings: readonly HearingView[];
}

export function hearingView(appeal: Appeal, h: HearingState): HearingView {
  const s = appeal.state;
  return {
    id: h.id,
    appealId: s.id,
    stage: h.stage,
    caseId: s.caseRef.caseId,
    caseNumber: s.caseRef.caseNumber,
    authority: s.authority,
    scheduledAt: h.scheduledAt,
    venue: h.venue,
    public: h.public,
    noticeAt: h.noticeAt,
    complexReason: h.complexReason,
    panel: h.panel,
    participants: h.participants,
    minutes: h.minutes,
    votes: h.votes,
    result: h.result,
  };
}

export function appealView(
  appeal: Appeal,
  deps: Pick<HearingDeps, 'policy' | 'calendar' | 'now'>,
): AppealView {
  const s = appeal.state;
  return {
    id: s.id,
    stage: s.stage,
    caseRef: s.caseRef,
    authority: s.authority,
    appealedUnit: s.appealedUnit,
    reviewId: s.reviewId,
    grounds: s.grounds,
    requestedAt: s.requestedAt,
    requestDueDate: s.requestDueDate,
    decisionDueDate: appeal.decisionDueDate(deps.calendar, deps.now()),
    clockPaused: appeal.clock().isPaused(),
    decision: s.decision,
    reReviewRequestDueDate: appeal.reReviewRequestDueDate(deps.policy, deps.calendar),
    terminatedAt: s.terminatedAt,
    hearings: s.hearings.map((h) => hearingView(appeal, h)),
  };
}

/** What the public notice board shows: no parties, no panel, no personal data. */
export interface PublicHearingNotice {
  readonly hearingId: string;
  readonly caseNumber: string;
  readonly stage: AppealStage;
  readonly authority: string;
  readonly scheduledAt: Date;
  readonly scheduledDate: LocalDate;
  readonly venue: string;
  readonly noticeAt: Date;
  readonly held: boolean;
  readonly result: {
    readonly heldAt: Date;
    readonly position: string;
    readonly majorityOpinion: string;
    readonly majorityCount: number;
    readonly panelSize: number;
    readonly dissentCount: number;
  } | null;
}

export function publicNotice(appeal: Appeal, h: HearingState): PublicHearingNotice {
  return {
    hearingId: h.id,
    caseNumber: appeal.state.caseRef.caseNumber,
    stage: h.stage,
    authority: appeal.state.authority.name,
    scheduledAt: h.scheduledAt,
    scheduledDate: toLocalDate(h.scheduledAt),
    venue: h.venue,
    noticeAt: h.noticeAt,
    held: h.result !== null,
    result: h.result
      ? {
          heldAt: h.result.heldAt,
          position: h.result.position,
          majorityOpinion: h.result.majorityOpinion,
          majorityCount: h.result.majorityCount,
          panelSize: h.result.panelSize,
          dissentCount: h.result.dissent.length,
        }
      : null,
  };
}
