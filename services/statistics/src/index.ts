export {
  createService,
  type GrpcRegistration,
  type ServiceDeps,
  type ServiceParts,
  type Worker,
} from './app';
export {
  statisticsConfigSchema,
  loadStatisticsConfig,
  type StatisticsConfig,
} from './infrastructure/config';
export {
  CompactorWorker,
  ProjectionWorker,
  projectionWriter,
  readActiveGeneration,
  switchActiveGeneration,
  type ActiveGeneration,
  type ProjectionWriter,
} from './infrastructure/events/projection';
export {
  rebuildProjection,
  type RebuildOptions,
  type RebuildResult,
} from './infrastructure/events/rebuild';
export { toProjectedEvent } from './infrastructure/events/projected-event';
export { FIRST_GENERATION, initModels, projectionModels } from './infrastructure/mongo/models';
export { ExcelReportRenderer } from './infrastructure/reports/ExcelReportRenderer';
export { GetKpis, ProjectCaseEvents, CompactCounters } from './application';
export { projectionStores } from './infrastructure/mongo/stores';
export type { CasePage, KpiRollup, MonthlyReport, AnnualReport } from './application';
export type { CaseView, CaseStatus, Kpis, Ratio, ProjectedEvent, TimelineEntry } from './domain';
