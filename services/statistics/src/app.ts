import type * as grpc from '@grpc/grpc-js';
import { ensureTopics } from '@xinfang/bus';
import { loadRegionTree } from '@xinfang/kernel';
import type { Role } from '@xinfang/principal';
import { createHttpApp, type Logger, type TokenVerifier } from '@xinfang/service-kit';
import type { Express } from 'express';
import type { Kafka, Producer } from 'kafkajs';
import type { Connection } from 'mongoose';
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

export interface ServiceDeps {
  readonly connection: Connection;
  readonly kafka: Kafka;
  /** Connected; owned by the caller. */
  readonly producer: Producer;
  readonly verifier: TokenVerifier;
  readonly logger: Logger;
  readonly config: StatisticsConfig;
  readonly clock?: () => Date;
}

/** Background work the process starts after listening and stops before closing the store. */
export interface Worker {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface GrpcRegistration {
  readonly definition: grpc.ServiceDefinition;
  readonly implementation: grpc.UntypedServiceImplementation;
  readonly roles?: Partial<Record<string, readonly Role[]>>;
}

export interface ServiceParts {
  /** Not listening. */
  readonly http: Express;
  readonly grpc: readonly GrpcRegistration[];
  readonly workers: readonly Worker[];
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
