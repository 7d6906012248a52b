export {
  createService,
  HEARING_EVENT_SOURCE,
  type ServiceDeps,
  type ServiceParts,
  type Worker,
} from './app';
export {
  hearingConfigSchema,
  loadHearingConfig,
  type HearingConfig,
} from './infrastructure/config';
export type {
  AppealView,
  HearingView,
  PublicHearingNotice,
  ReviewState,
  AppealStageName,
  Termination,
} from './application';
export {
  Appeal,
  DEFAULT_HEARING_POLICY,
  assertWithinWindow,
  requestDueDate,
  assertNoConflicts,
  majorityOf,
  nextHigherAuthority,
  type AppealState,
  type AppealEvent,
  type HearingPolicy,
  type HearingState,
  type ReviewOutcome,
  type UnitRef,
  type CaseRef,
} from './domain';
