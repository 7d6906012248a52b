import { ensureTopics } from '@xinfang/bus';
import { loadRegionTree } from '@xinfang/kernel';
import { createHttpApp } from '@xinfang/service-kit';
import { BuildReports, GetCaseDetail, GetKpis, SearchCases } from './application';
import type { StatisticsConfig } from './infrastructure/config';
import {
  CompactorWorker,
  ProjectionWorker,
  type ProjectionWriter,
} from './infrastructure/events/projection';
import { MongoCaseAudit } from './infrastructure/MongoCaseAudit';
import { projectionStores } from './infrastructure/mongo/stores';
import { ExcelReportRenderer } from './infrastructure/reports/ExcelReportRenderer';
import { statisticsGrpcService } from './interfaces/grpc/StatisticsGrpcService';
import { statisticsRoutes, type StatisticsUseCases } from './interfaces/http/routes';
import type {
  GrpcServiceRegistration,
  ServiceDeps as ProcessDeps,
  ServiceParts as ProcessParts,
  Worker,
} from '@xinfang/service-kit';

/** What createService receives: the process's real dependencies (see runServiceProcess). */
export type ServiceDeps = ProcessDeps<StatisticsConfig>;
export type GrpcRegistration = GrpcServiceRegistration;
export type { Worker };

export interface ServiceParts extends ProcessParts {
  /** The projection worker: its active generation and write side (tests, rebuild). */
  readonly projection: ProjectionWorker;
  /** Folds every pending counter fact now (tests and tools; the worker keeps its own pace). */
  compactNow(): Promise<number>;
}

/**
 * Wires statistics: the projection fed from the case-event topic (consumer group `statistics`),
 * the counter compactor, the read use cases, REST routes and the gRPC service. Reads no
 * environment and listens on nothing.
 */
export async function createService(deps: ServiceDeps): Promise<ServiceParts> {
  const { connection, config, logger } = deps;
  const clock = deps.clock ?? (() => new Date());
  await ensureTopics(deps.kafka, [
    { topic: config.CASE_EVENTS_TOPIC },
    { topic: config.CASE_EVENTS_DLT },
  ]);
  const regions = loadRegionTree(config.REGION_PROVINCE);
  const renderer = new ExcelReportRenderer();
  const audit = new MongoCaseAudit(connection);

  const projection = new ProjectionWorker({ kafka: deps.kafka, connection, logger, config, clock });
  let uses: StatisticsUseCases | undefined;
  const readSide = (writer: ProjectionWriter): StatisticsUseCases => {
    const stores = projectionStores(writer.models);
    const kpis = new GetKpis(stores.counters, regions, clock, config.STATISTICS_TOP_UNITS);
    return {
      searchCases: new SearchCases(stores.views),
      caseDetail: new GetCaseDetail(stores.views, stores.timeline, audit),
      kpis,
      reports: new BuildReports(kpis, renderer, clock),
      exportAudit: (path, rows, filters) => audit.export(path, rows, filters),
    };
  };
  projection.onSwitch((writer) => {
    uses = readSide(writer);
  });
  await projection.prepare();
  const current = (): StatisticsUseCases => {
    if (!uses) throw new Error('statistics read side not ready');
    return uses;
  };
  const compactor = new CompactorWorker(
    () => projection.writer(),
    config.STATISTICS_COMPACT_INTERVAL,
    logger,
    clock,
  );

  const http = createHttpApp({
    serviceName: 'statistics',
    auth: deps.verifier,
    logger,
    openapi: {
      title: 'xinfang statistics',
      version: '1.0.0',
      description:
        'Case search and timeline for the consoles, KPIs with roll-ups, monthly and annual ' +
        'reports, CSV exports. Read models built from the case-event topic. See docs/api/statistics.md.',
    },
    routes: statisticsRoutes(current, config.STATISTICS_EXPORT_MAX_ROWS),
    ready: async () => connection.readyState === 1,
  });

  return {
    http,
    grpc: [statisticsGrpcService(current)],
    workers: [projection, compactor],
    projection,
    compactNow: () => compactor.compactAll(),
  };
}
