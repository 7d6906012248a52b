export {
  createService,
  SUPERVISION_EVENT_SOURCE,
  type GrpcRegistration,
  type ServiceDeps,
  type ServiceParts,
  type Worker,
} from './app';
export {
  loadSupervisionConfig,
  supervisionConfigSchema,
  type SupervisionConfig,
} from './infrastructure/config';
export { clockDocument, MongoClockRepository } from './infrastructure/mongo/MongoClockRepository';
export { supervisionModels, ensureSupervisionIndexes } from './infrastructure/mongo/models';
export { MongoSupervisionRecordRepository } from './infrastructure/mongo/MongoSupervisionRecordRepository';
export { MongoSupervisionPolicyProvider } from './infrastructure/mongo/MongoSupervisionPolicyProvider';
export { SystemClock, UlidIdGenerator } from './infrastructure/system-ports';
export { SweepDueClocks, type SweepReport } from './application';
export type {
  CaseClockState,
  ClockView,
  SupervisionPolicy,
  SupervisionEvent,
  SupervisionEventName,
} from './domain';
export { CaseClock, DEFAULT_SUPERVISION_POLICY } from './domain';
