import { Actor, CaseRef, UnitRef } from './refs';
import { Channel, ReviewStage, Satisfaction, RatingSource } from './vocabulary';

/**
 * The case events supervision reacts to, as plain data: the fields of the public contract
 * (`xinfang.case.v1`) that clocks and case files need, camelCase, instants as Date, due dates as
 * `YYYY-MM-DD`, absent values as null. Clocks are built only from these.
 */
interface FactBase<N extends string> {
  readonly name: N;
  readonly caseRef: CaseRef;
  readonly actor: Actor;
  readonly occurredAt: Date;
}

export interface CaseRegisteredFact extends FactBase<'CaseRegistered'> {
  readonly channel: Channel;
  readonly receivedAt: Date | null;
  readonly collective: boolean;
  readonly headcount: number;
  readonly repeatCount: number;
  readonly repeatOfCaseId: string | null;
  readonly subjectCode: string;
  readonly title: string;
  readonly registeringOffice: UnitRef | null;
}

interface Routed {
  readonly fromUnit: UnitRef | null;
  readonly toUnit: UnitRef;
  readonly letterNumber: string | null;
}

export interface CaseForwardedFact extends FactBase<'CaseForwarded'>, Routed {}

export interface CaseAssignedFact extends FactBase<'CaseAssigned'>, Routed {
  /** The date set by the assigning office; null when none was set. */
  readonly resultReportDueDate: string | null;
}

export interface CaseReroutedFact extends FactBase<'CaseRerouted'> {
  readonly toUnit: UnitRef;
  readonly mode: 'forward' | 'assign';
  readonly resultReportDueDate: string | null;
}

export type CaseDeclinedFact = FactBase<'CaseDeclined'>;
export type CaseDisposedDirectlyFact = FactBase<'CaseDisposedDirectly'>;

export interface CaseAcceptedFact extends FactBase<'CaseAccepted'> {
  readonly unit: UnitRef;
  readonly unitRole: 'lead' | 'co';
}

export interface CaseNotAcceptedFact extends FactBase<'CaseNotAccepted'> {
  readonly unit: UnitRef;
}

export interface CaseReturnedFact extends FactBase<'CaseReturned'> {
  readonly unit: UnitRef;
  /** A late objection does not release the unit from the case (Art. 23). */
  readonly withinWindow: boolean;
}

export interface CaseExtendedFact extends FactBase<'CaseExtended'> {
  readonly unit: UnitRef | null;
  readonly days: number;
}

export interface CaseRepliedFact extends FactBase<'CaseReplied'> {
  readonly unit: UnitRef | null;
  readonly documentNumber: string | null;
  /** When the petitioner received the reply; the review window counts from the day after. */
  readonly deliveredAt: Date | null;
}

export interface CaseResultReportedFact extends FactBase<'CaseResultReported'> {
  readonly unit: UnitRef | null;
  /** The unit head who signed the report, if signed. */
  readonly signedBy: Actor | null;
}

export interface ReviewRequestedFact extends FactBase<'ReviewRequested'> {
  readonly reviewId: string;
  readonly authority: UnitRef | null;
}

export interface ReviewDecidedFact extends FactBase<'ReviewDecided'> {
  readonly reviewId: string;
  readonly deliveredAt: Date | null;
}

export interface ReReviewRequestedFact extends FactBase<'ReReviewRequested'> {
  readonly reReviewId: string;
  readonly authority: UnitRef | null;
}

export interface ReReviewDecidedFact extends FactBase<'ReReviewDecided'> {
  readonly reReviewId: string;
}

export interface HearingScheduledFact extends FactBase<'HearingScheduled'> {
  readonly hearingId: string;
  readonly stage: ReviewStage;
}

export interface HearingHeldFact extends FactBase<'HearingHeld'> {
  readonly hearingId: string;
  readonly stage: ReviewStage;
}

export type CaseTerminatedFact = FactBase<'CaseTerminated'>;

export type CaseClosedFact = FactBase<'CaseClosed'>;

export interface SatisfactionRatedFact extends FactBase<'SatisfactionRated'> {
  readonly satisfaction: Satisfaction;
  readonly source: RatingSource;
  readonly stage: ReviewStage;
  readonly ratedUnit: UnitRef | null;
}

export type CaseFact =
  | CaseRegisteredFact
  | CaseForwardedFact
  | CaseAssignedFact
  | CaseReroutedFact
  | CaseDeclinedFact
  | CaseDisposedDirectlyFact
  | CaseAcceptedFact
  | CaseNotAcceptedFact
  | CaseReturnedFact
  | CaseExtendedFact
  | CaseRepliedFact
  | CaseResultReportedFact
  | ReviewRequestedFact
  | ReviewDecidedFact
  | ReReviewRequestedFact
  | ReReviewDecidedFact
  | HearingScheduledFact
  | HearingHeldFact
  | CaseTerminatedFact
  | CaseClosedFact
  | SatisfactionRatedFact;

export type CaseFactName = CaseFact['name'];
