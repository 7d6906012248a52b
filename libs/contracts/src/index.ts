// Generated modules, one namespace per proto package (see proto/README.md).
export * as caseEvents from './gen/xinfang/case/v1/events';
export * as intakeV1 from './gen/xinfang/intake/v1/intake';
export * as routingV1 from './gen/xinfang/routing/v1/routing';
export * as supervisionV1 from './gen/xinfang/supervision/v1/supervision';
export * as hearingV1 from './gen/xinfang/hearing/v1/hearing';
export * as statisticsV1 from './gen/xinfang/statistics/v1/statistics';
export * as notificationV1 from './gen/xinfang/notification/v1/notification';

export {
  CASE_EVENTS_TOPIC,
  CASE_EVENTS_DLT,
  CASE_EVENT_NAMES,
  CaseEventType,
  caseEventCodec,
  decodeCaseEvent,
  encodeCaseEvent,
  isCaseEventType,
} from './event-types';
export type {
  CaseEventCodec,
  CaseEventName,
  CaseEventNameOf,
  CaseEventPayload,
  CaseEventPayloads,
  CaseEventTypeString,
  DecodedCaseEvent,
} from './event-types';
