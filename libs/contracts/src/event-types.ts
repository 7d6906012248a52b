import * as events from './gen/xinfang/case/v1/events';

/** The public case-event topic; records are keyed by case id. */
export const CASE_EVENTS_TOPIC = 'xinfang.case.v1';
/** Dead letters of the case-event topic, with the error in the headers. */
export const CASE_EVENTS_DLT = 'xinfang.case.v1.dlt';

/** Generated codecs of the event payloads, by message name. */
const caseEventMessages = {
  CaseRegistered: events.CaseRegistered,
  CaseForwarded: events.CaseForwarded,
  CaseAssigned: events.CaseAssigned,
  CaseDeclined: events.CaseDeclined,
  CaseDisposedDirectly: events.CaseDisposedDirectly,
  CaseAccepted: events.CaseAccepted,
  CaseNotAccepted: events.CaseNotAccepted,
  CaseReturned: events.CaseReturned,
  CaseRerouted: events.CaseRerouted,
  CaseExtensionRequested: events.CaseExtensionRequested,
  CaseExtended: events.CaseExtended,
  CaseReplied: events.CaseReplied,
  CaseResultReported: events.CaseResultReported,
  CaseClosed: events.CaseClosed,
  CaseResolved: events.CaseResolved,
  SatisfactionRated: events.SatisfactionRated,
  FollowUpRecorded: events.FollowUpRecorded,
  ReviewRequested: events.ReviewRequested,
  ReviewDecided: events.ReviewDecided,
  ReReviewRequested: events.ReReviewRequested,
  ReReviewDecided: events.ReReviewDecided,
  CaseTerminated: events.CaseTerminated,
  HearingScheduled: events.HearingScheduled,
  HearingHeld: events.HearingHeld,
  ClockStarted: events.ClockStarted,
  ClockPaused: events.ClockPaused,
  ClockResumed: events.ClockResumed,
  ClockStopped: events.ClockStopped,
  DeadlineReminder: events.DeadlineReminder,
  CaseOverdue: events.CaseOverdue,
  CaseEscalated: events.CaseEscalated,
  SupervisionNoticeIssued: events.SupervisionNoticeIssued,
  CaseLeaderAssigned: events.CaseLeaderAssigned,
  BacklogFlagged: events.BacklogFlagged,
} as const;

/** Name of a case-event message, e.g. `CaseRegistered`. */
export type CaseEventName = keyof typeof caseEventMessages;

type PayloadOf<F> = F extends events.MessageFns<infer T> ? T : never;

/** Payload type of each event, by name. */
export type CaseEventPayloads = {
  [N in CaseEventName]: PayloadOf<(typeof caseEventMessages)[N]>;
};

/** Any case-event payload. */
export type CaseEventPayload = CaseEventPayloads[CaseEventName];

/** The CloudEvents `ce_type` of each event: `xinfang.case.v1.<Name>`. */
export const CaseEventType = {
  CaseRegistered: 'xinfang.case.v1.CaseRegistered',
  CaseForwarded: 'xinfang.case.v1.CaseForwarded',
  CaseAssigned: 'xinfang.case.v1.CaseAssigned',
  CaseDeclined: 'xinfang.case.v1.CaseDeclined',
  CaseDisposedDirectly: 'xinfang.case.v1.CaseDisposedDirectly',
  CaseAccepted: 'xinfang.case.v1.CaseAccepted',
  CaseNotAccepted: 'xinfang.case.v1.CaseNotAccepted',
  CaseReturned: 'xinfang.case.v1.CaseReturned',
  CaseRerouted: 'xinfang.case.v1.CaseRerouted',
  CaseExtensionRequested: 'xinfang.case.v1.CaseExtensionRequested',
  CaseExtended: 'xinfang.case.v1.CaseExtended',
  CaseReplied: 'xinfang.case.v1.CaseReplied',
  CaseResultReported: 'xinfang.case.v1.CaseResultReported',
  CaseClosed: 'xinfang.case.v1.CaseClosed',
  CaseResolved: 'xinfang.case.v1.CaseResolved',
  SatisfactionRated: 'xinfang.case.v1.SatisfactionRated',
  FollowUpRecorded: 'xinfang.case.v1.FollowUpRecorded',
  ReviewRequested: 'xinfang.case.v1.ReviewRequested',
  ReviewDecided: 'xinfang.case.v1.ReviewDecided',
  ReReviewRequested: 'xinfang.case.v1.ReReviewRequested',
  ReReviewDecided: 'xinfang.case.v1.ReReviewDecided',
  CaseTerminated: 'xinfang.case.v1.CaseTerminated',
  HearingScheduled: 'xinfang.case.v1.HearingScheduled',
  HearingHeld: 'xinfang.case.v1.HearingHeld',
  ClockStarted: 'xinfang.case.v1.ClockStarted',
  ClockPaused: 'xinfang.case.v1.ClockPaused',
  ClockResumed: 'xinfang.case.v1.ClockResumed',
  ClockStopped: 'xinfang.case.v1.ClockStopped',
  DeadlineReminder: 'xinfang.case.v1.DeadlineReminder',
  CaseOverdue: 'xinfang.case.v1.CaseOverdue',
  CaseEscalated: 'xinfang.case.v1.CaseEscalated',
  SupervisionNoticeIssued: 'xinfang.case.v1.SupervisionNoticeIssued',
  CaseLeaderAssigned: 'xinfang.case.v1.CaseLeaderAssigned',
  BacklogFlagged: 'xinfang.case.v1.BacklogFlagged',
} as const satisfies { readonly [N in CaseEventName]: `xinfang.case.v1.${N}` };

/** A `ce_type` string of a known case event. */
export type CaseEventTypeString = (typeof CaseEventType)[CaseEventName];

/** The event name of a `ce_type` string. */
export type CaseEventNameOf<T extends CaseEventTypeString> = T extends `xinfang.case.v1.${infer N}`
  ? Extract<N, CaseEventName>
  : never;

/** Every event name, in lifecycle order. */
export const CASE_EVENT_NAMES = Object.keys(CaseEventType) as readonly CaseEventName[];

/** Converts one event payload to and from proto3 JSON (the Kafka value) and binary. */
export interface CaseEventCodec<T> {
  readonly name: CaseEventName;
  readonly type: CaseEventTypeString;
  fromJSON(object: unknown): T;
  toJSON(message: T): unknown;
  fromPartial(object: events.DeepPartial<T>): T;
  encode(message: T): Uint8Array;
  decode(bytes: Uint8Array): T;
}

const namesByType = new Map<string, CaseEventName>(
  CASE_EVENT_NAMES.map((name) => [CaseEventType[name], name]),
);

/** True when `type` is the `ce_type` of a case event this version knows. */
export function isCaseEventType(type: string): type is CaseEventTypeString {
  return namesByType.has(type);
}

/** The codec of the event with this `ce_type`; undefined for a type this version does not know. */
export function caseEventCodec<T extends CaseEventTypeString>(
  type: T,
): CaseEventCodec<CaseEventPayloads[CaseEventNameOf<T>]>;
export function caseEventCodec(type: string): CaseEventCodec<CaseEventPayload> | undefined;
export function caseEventCodec(type: string): CaseEventCodec<CaseEventPayload> | undefined {
  const name = namesByType.get(type);
  if (name === undefined) return undefined;
  // The registry pairs each name with its own generated functions, so widening to the union
  // of payloads is sound for callers that go through the name.
  const fns = caseEventMessages[name] as unknown as events.MessageFns<CaseEventPayload>;
  return {
    name,
    type: CaseEventType[name],
    fromJSON: (object) => fns.fromJSON(object),
    toJSON: (message) => fns.toJSON(message),
    fromPartial: (object) => fns.fromPartial(object),
    encode: (message) => fns.encode(message).finish(),
    decode: (bytes) => fns.decode(bytes),
  };
}

/** A decoded event, discriminated by `name` so a `switch` narrows the payload. */
export type DecodedCaseEvent = {
  [N in CaseEventName]: { name: N; type: (typeof CaseEventType)[N]; payload: CaseEventPayloads[N] };
}[CaseEventName];

/**
 * Decodes a Kafka value (already parsed from JSON) by its `ce_type`. Returns undefined for a type
 * this version does not know, so consumers can skip events added later; throws on a payload that
 * is not valid for its type (e.g. an enum value this version does not know).
 */
export function decodeCaseEvent(type: string, json: unknown): DecodedCaseEvent | undefined {
  const codec = caseEventCodec(type);
  if (codec === undefined) return undefined;
  return { name: codec.name, type: codec.type, payload: codec.fromJSON(json) } as DecodedCaseEvent;
}

/** The proto3 JSON of a payload, ready for the Kafka value; the `ce_type` goes in the headers. */
export function encodeCaseEvent<N extends CaseEventName>(
  name: N,
  payload: events.DeepPartial<CaseEventPayloads[N]>,
): { type: (typeof CaseEventType)[N]; json: unknown } {
  const fns = caseEventMessages[name] as unknown as events.MessageFns<CaseEventPayloads[N]>;
  return { type: CaseEventType[name], json: fns.toJSON(fns.fromPartial(payload)) };
}
