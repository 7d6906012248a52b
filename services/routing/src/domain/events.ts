import { Actor, CaseRef, UnitRef } from './refs';
import { ContactMethod, LegalChannel, ReplyOutcome, RouteMode, UnitRole } from './vocabulary';

/**
 * The case events routing publishes, as plain data. Each mirrors its message in
 * `proto/xinfang/case/v1/events.proto` (camelCase; instants as Date; due dates as `YYYY-MM-DD`;
 * absent values as null), so the outbox adapter maps them field by field. Events never carry
 * petitioners' identity or the petition's content.
 */
export const ROUTING_EVENT_NAMES = [
  'CaseForwarded',
  'CaseAssigned',
  'CaseDeclined',
  'CaseDisposedDirectly',
  'CaseAccepted',
  'CaseNotAccepted',
  'CaseReturned',
  'CaseRerouted',
  'CaseExtensionRequested',
  'CaseExtended',
  'CaseReplied',
  'CaseResultReported',
] as const;

export type RoutingEventName = (typeof ROUTING_EVENT_NAMES)[number];

/** The CloudEvents `ce_type` of each event: `xinfang.case.v1.<Name>`. */
export const RoutingEventType = Object.freeze(
  Object.fromEntries(ROUTING_EVENT_NAMES.map((n) => [n, `xinfang.case.v1.${n}`])),
) as { readonly [N in RoutingEventName]: `xinfang.case.v1.${N}` };

/** Fields every routing event carries. */
interface EventBase<N extends RoutingEventName> {
  readonly type: (typeof RoutingEventType)[N];
  readonly caseRef: CaseRef;
  readonly actor: Actor;
  readonly occurredAt: Date;
}

/** Fields of both ways of sending a case to a unit. */
interface Routed {
  readonly fromUnit: UnitRef;
  readonly toUnit: UnitRef;
  readonly coUnits: readonly UnitRef[];
  readonly acceptanceDueDate: string;
  /** Last day the units may object to a misrouting (5 working days). */
  readonly objectionDueDate: string;
  /** True when the informant's identity and materials were withheld from some recipient. */
  readonly redacted: boolean;
  /** The recipients that received the redacted view (accused units). */
  readonly redactedUnitIds: readonly string[];
}

export interface CaseForwarded extends EventBase<'CaseForwarded'>, Routed {
  readonly letterNumber: string | null;
  readonly ruleId: string | null;
  readonly note: string | null;
}

export interface CaseAssigned extends EventBase<'CaseAssigned'>, Routed {
  readonly resultReportDueDate: string;
  readonly letterNumber: string | null;
  readonly requirements: string | null;
  readonly ruleId: string | null;
}

export interface CaseDeclined extends EventBase<'CaseDeclined'> {
  readonly office: UnitRef;
  readonly reason: string;
  readonly legalChannel: LegalChannel | null;
  readonly legalChannelGuidance: string | null;
  readonly petitionerNotified: boolean;
}

export interface CaseDisposedDirectly extends EventBase<'CaseDisposedDirectly'> {
  readonly handlingUnit: UnitRef;
  readonly summary: string;
  readonly answeredOnSpot: boolean;
}

export interface CaseAccepted extends EventBase<'CaseAccepted'> {
  readonly unit: UnitRef;
  readonly unitRole: UnitRole;
  readonly handlingDueDate: string;
  readonly petitionerNotified: boolean;
  readonly late: boolean;
}

export interface CaseNotAccepted extends EventBase<'CaseNotAccepted'> {
  readonly unit: UnitRef;
  readonly reason: string;
  readonly legalChannel: LegalChannel | null;
  readonly legalChannelGuidance: string | null;
  readonly petitionerNotified: boolean;
}

export interface CaseReturned extends EventBase<'CaseReturned'> {
  readonly unit: UnitRef;
  /** The office that sent the case and now re-routes it. */
  readonly toUnit: UnitRef;
  readonly reason: string;
  readonly suggestedUnit: UnitRef | null;
  readonly objectionDueDate: string;
}

export interface CaseRerouted extends EventBase<'CaseRerouted'> {
  /** The unit that returned the case. */
  readonly fromUnit: UnitRef;
  readonly office: UnitRef;
  readonly toUnit: UnitRef;
  readonly coUnits: readonly UnitRef[];
  readonly mode: RouteMode;
  readonly reason: string;
  readonly acceptanceDueDate: string;
  readonly objectionDueDate: string;
  readonly resultReportDueDate: string | null;
  readonly redacted: boolean;
  readonly redactedUnitIds: readonly string[];
}

export interface CaseExtensionRequested extends EventBase<'CaseExtensionRequested'> {
  readonly unit: UnitRef;
  readonly requestedDays: number;
  readonly reason: string;
  readonly currentDueDate: string;
}

export interface CaseExtended extends EventBase<'CaseExtended'> {
  readonly unit: UnitRef;
  readonly days: number;
  readonly reason: string;
  /** The handler who asked; `actor` is the approving unit head. */
  readonly requestedBy: Actor;
  readonly approvedBy: Actor;
  readonly previousDueDate: string;
  readonly newDueDate: string;
  readonly petitionerNotified: boolean;
}

export interface CaseReplied extends EventBase<'CaseReplied'> {
  readonly unit: UnitRef;
  readonly outcome: ReplyOutcome;
  readonly opinionSummary: string;
  readonly documentNumber: string | null;
  readonly handlingDueDate: string;
  readonly late: boolean;
  readonly deliveredAt: Date | null;
  readonly deliveryMethod: ContactMethod | null;
  readonly reviewRequestDueDate: string | null;
  readonly reviewAuthority: UnitRef | null;
}

export interface CaseResultReported extends EventBase<'CaseResultReported'> {
  readonly unit: UnitRef;
  readonly toUnit: UnitRef;
  readonly summary: string;
  readonly dueDate: string;
  readonly late: boolean;
  /** The unit head who signed the report; null when a handler submitted it unsigned. */
  readonly signedBy: Actor | null;
}

export type RoutingEvent =
  | CaseForwarded
  | CaseAssigned
  | CaseDeclined
  | CaseDisposedDirectly
  | CaseAccepted
  | CaseNotAccepted
  | CaseReturned
  | CaseRerouted
  | CaseExtensionRequested
  | CaseExtended
  | CaseReplied
  | CaseResultReported;

/** The event name of a routing event, e.g. `CaseForwarded`. */
export function eventName(event: RoutingEvent): RoutingEventName {
  return event.type.slice('xinfang.case.v1.'.length) as RoutingEventName;
}
