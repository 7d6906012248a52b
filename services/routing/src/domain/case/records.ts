import { RegionLevel } from '@xinfang/kernel';
import { JurisdictionProposal } from '../jurisdiction/jurisdiction';
import { Actor, UnitRef } from '../refs';
import {
  ContactMethod,
  LegalChannel,
  Nature,
  ReplyOutcome,
  RouteMode,
  UnitRole,
} from '../vocabulary';
import { RoutingStatus } from './status';

/** What routing takes from a CaseRegistered event. */
export interface CaseRegistration {
  caseId: string;
  caseNumber: string;
  tenantId: string;
  /** Region of the place the matter belongs to. */
  regionCode: string;
  subjectCode: string;
  nature: Nature;
  /** 诉访分离: the matter belongs to a statutory route. */
  legalChannel: boolean;
  legalChannelKind: LegalChannel | null;
  /** 三跨三分离: needs a lead unit and co-units. */
  crossJurisdiction: boolean;
  /** Level that must handle it, when intake found it brought above that level (越级访). */
  competentLevel: RegionLevel | null;
  /** Units an accusation names as accused; they receive the case redacted. */
  accusedUnitIds: readonly string[];
  receivedAt: Date;
  registeredAt: Date;
  /** The petition office that registered the case, and disposes of it. */
  office: UnitRef;
}

/** One sending of the case to a unit (forward, assign or re-route). */
export interface RouteRecord {
  readonly mode: RouteMode;
  readonly lead: UnitRef;
  readonly coUnits: readonly UnitRef[];
  readonly routedAt: Date;
  readonly routedBy: Actor;
  readonly rerouted: boolean;
  readonly acceptanceDueDate: string;
  readonly objectionDueDate: string;
  readonly resultReportDueDate: string | null;
  readonly requirements: string | null;
  readonly letterNumber: string | null;
  readonly note: string | null;
  readonly ruleId: string | null;
  readonly redactedUnitIds: readonly string[];
  readonly acceptances: readonly AcceptanceRecord[];
}

export interface AcceptanceRecord {
  readonly unit: UnitRef;
  readonly role: UnitRole;
  readonly acceptedAt: Date;
  readonly by: Actor;
  readonly late: boolean;
  readonly petitionerNotified: boolean;
}

export interface ReturnRecord {
  readonly unit: UnitRef;
  readonly reason: string;
  readonly suggestedUnit: UnitRef | null;
  readonly returnedAt: Date;
  readonly by: Actor;
}

export interface ExtensionRecord {
  readonly requestedDays: number;
  readonly reason: string;
  readonly requestedAt: Date;
  readonly requestedBy: Actor;
  /** `lapsed` when the unit replied before the request was decided. */
  readonly status: 'pending' | 'approved' | 'lapsed';
  readonly approval: {
    readonly days: number;
    readonly approvedAt: Date;
    readonly approvedBy: Actor;
    readonly previousDueDate: string;
    readonly newDueDate: string;
    readonly petitionerNotified: boolean;
  } | null;
}

/** How the petition office closed the matter without sending it to a unit. */
export type OfficeDisposal =
  | {
      readonly kind: 'declined';
      readonly reason: string;
      readonly legalChannel: LegalChannel | null;
      readonly legalChannelGuidance: string | null;
      readonly petitionerNotified: boolean;
      readonly at: Date;
      readonly by: Actor;
    }
  | {
      readonly kind: 'handledDirectly';
      readonly summary: string;
      readonly answeredOnSpot: boolean;
      readonly at: Date;
      readonly by: Actor;
    };

export interface NonAcceptanceRecord {
  readonly unit: UnitRef;
  readonly reason: string;
  readonly legalChannel: LegalChannel | null;
  readonly legalChannelGuidance: string | null;
  readonly petitionerNotified: boolean;
  readonly at: Date;
  readonly by: Actor;
}

export interface ReplyRecord {
  readonly unit: UnitRef;
  readonly outcome: ReplyOutcome;
  readonly opinionSummary: string;
  readonly documentNumber: string | null;
  readonly repliedAt: Date;
  readonly by: Actor;
  readonly late: boolean;
  readonly deliveredAt: Date | null;
  readonly deliveryMethod: ContactMethod | null;
  readonly reviewRequestDueDate: string | null;
  readonly reviewAuthority: UnitRef | null;
}

export interface ResultReportRecord {
  readonly summary: string;
  readonly reportedAt: Date;
  readonly by: Actor;
  readonly signedBy: Actor | null;
  readonly late: boolean;
}

/** The plain data of a routing case, as stored. */
export interface RoutingCaseState {
  readonly caseId: string;
  readonly caseNumber: string;
  readonly tenantId: string;
  readonly regionCode: string;
  readonly regionPath: string;
  readonly subjectCode: string;
  readonly nature: Nature;
  readonly legalChannel: boolean;
  readonly legalChannelKind: LegalChannel | null;
  readonly crossJurisdiction: boolean;
  readonly competentLevel: RegionLevel | null;
  readonly accusedUnitIds: readonly string[];
  readonly office: UnitRef;
  readonly receivedAt: Date;
  readonly registeredAt: Date;
  readonly disposeDueDate: string;
  readonly status: RoutingStatus;
  readonly proposal: (JurisdictionProposal & { readonly proposedAt: Date }) | null;
  /** Every sending, oldest first; the last is the current one. */
  readonly routes: readonly RouteRecord[];
  readonly returns: readonly ReturnRecord[];
  readonly disposal: OfficeDisposal | null;
  readonly nonAcceptance: NonAcceptanceRecord | null;
  readonly handlingDueDate: string | null;
  readonly extensions: readonly ExtensionRecord[];
  readonly reply: ReplyRecord | null;
  readonly resultReport: ResultReportRecord | null;
  readonly version: number;
  readonly updatedAt: Date;
}

/** A clerk's decision to send the case to units. */
export interface RouteDecision {
  mode: RouteMode;
  lead: UnitRef;
  coUnits: readonly UnitRef[];
  /** Required to assign: the date the result report is due. */
  resultReportDueDate: string | null;
  requirements: string | null;
  letterNumber: string | null;
  note: string | null;
  /** The rule behind the proposal, when the clerk kept the proposed lead unit. */
  ruleId: string | null;
}

export interface OfficeDecline {
  reason: string;
  legalChannel: LegalChannel | null;
  legalChannelGuidance: string | null;
  petitionerNotified: boolean;
}

export interface ReplyInput {
  outcome: ReplyOutcome;
  opinionSummary: string;
  documentNumber: string | null;
  deliveredAt: Date | null;
  deliveryMethod: ContactMethod | null;
  /** The unit's next higher authority, to which a review request goes. */
  reviewAuthority: UnitRef | null;
}
