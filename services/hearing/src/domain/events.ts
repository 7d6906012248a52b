import type { LocalDate } from '@xinfang/kernel';
import type { Actor, AppealStage, ReviewOutcome } from './refs';

/** What the appeal aggregate records; the outbox turns these into `xinfang.case.v1` messages. */
export type AppealEvent =
  | {
      readonly name: 'ReviewRequested' | 'ReReviewRequested';
      readonly at: Date;
      readonly actor: Actor;
      readonly withinWindow: boolean;
      readonly decisionDueDate: LocalDate;
    }
  | {
      readonly name: 'ReviewDecided' | 'ReReviewDecided';
      readonly at: Date;
      readonly actor: Actor;
      readonly outcome: ReviewOutcome;
      readonly summary: string;
      readonly documentNumber: string;
      readonly hearingHeld: boolean;
      readonly late: boolean;
      readonly deliveredAt: Date;
      /** Empty for a re-review, the last appeal. */
      readonly reReviewRequestDueDate: LocalDate | '';
    }
  | {
      readonly name: 'CaseTerminated';
      readonly at: Date;
      readonly actor: Actor;
      readonly basis: string;
    }
  | {
      readonly name: 'HearingScheduled';
      readonly at: Date;
      readonly actor: Actor;
      readonly hearingId: string;
      readonly stage: AppealStage;
    }
  | {
      readonly name: 'HearingHeld';
      readonly at: Date;
      readonly actor: Actor;
      readonly hearingId: string;
      readonly stage: AppealStage;
    };

export type AppealEventName = AppealEvent['name'];
