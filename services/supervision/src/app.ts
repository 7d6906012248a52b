import { EventConsumer, OutboxRelay, ensureTopics } from '@xinfang/bus';
import { loadHolidayCalendar } from '@xinfang/kernel';
import { storeReady } from '@xinfang/store';
import { createHttpApp } from '@xinfang/service-kit';
import {
  ApplyCaseEvent,
  AssignCaseLeader,
  CloseCase,
  CloseNotice,
  FlagBacklog,
  GetCaseClocks,
  GetCaseLeader,
  IssueSupervisionNotice,
  ListLeaderCases,
  ListMissingMonthlyStatus,
  RecordClosingDocument,
  RecordFollowUp,
  RecordMonthlyStatus,
  RecordSatisfaction,
  ResolveCase,
  RespondToNotice,
  ScanBacklog,
  type SupervisionDeps,
  UpdateBacklogPlan,
} from './application';
import type { SupervisionConfig } from './infrastructure/config';
import { SUPERVISION_EVENT_SOURCE } from './infrastructure/events/outbox-events';
import { MongoCaseFileRepository } from './infrastructure/mongo/MongoCaseFileRepository';
import { MongoClockRepository } from './infrastructure/mongo/MongoClockRepository';
import { MongoLedgerRepository } from './infrastructure/mongo/MongoLedgerRepository';
import { MongoNoticeRepository } from './infrastructure/mongo/MongoNoticeRepository';
import { MongoSupervisionPolicyProvider } from './infrastructure/mongo/MongoSupervisionPolicyProvider';
import { MongoSupervisionRecordRepository } from './infrastructure/mongo/MongoSupervisionRecordRepository';
import { ensureSupervisionIndexes, supervisionModels } from './infrastructure/mongo/models';
import { SystemClock, UlidIdGenerator } from './infrastructure/system-ports';
import { backlogScanner } from './infrastructure/workers/backlog-scanner';
import { clockSweeper, leaseOwnerId } from './infrastructure/workers/sweeper';
import { caseEventHandler, isRetryable } from './interfaces/events/case-event-consumer';
import { supervisionGrpcService } from './interfaces/grpc/supervision-grpc';
import { supervisionRoutes } from './interfaces/http/routes';
import type {
  GrpcServiceRegistration,
  ServiceDeps as ProcessDeps,
  ServiceParts as ProcessParts,
  Worker,
} from '@xinfang/service-kit';

export { SUPERVISION_EVENT_SOURCE };

/** What createService receives: the process's real dependencies (see runServiceProcess). */
export type ServiceDeps = ProcessDeps<SupervisionConfig>;
export type GrpcRegistration = GrpcServiceRegistration;
export type { Worker };

export interface ServiceParts extends ProcessParts {
  /** This instance's name in clock leases. */
  readonly leaseOwner: string;
}

/**
 * Wires supervision: Mongo adapters behind the ports, the use cases, REST routes, the gRPC
 * service, and the workers (outbox relay, case-event consumer, clock sweeper, backlog scanner).
 * Reads no environment and listens on nothing.
 */
export async function createService(deps: ServiceDeps): Promise<ServiceParts> {
  const { connection, config, logger } = deps;
  const models = supervisionModels(connection, logger);
  await ensureSupervisionIndexes(models);

  const core: SupervisionDeps = {
    clocks: new MongoClockRepository(models),
    files: new MongoCaseFileRepository(models),
    records: new MongoSupervisionRecordRepository(models),
    notices: new MongoNoticeRepository(models),
    ledger: new MongoLedgerRepository(models),
    policies: new MongoSupervisionPolicyProvider(models),
    calendar: loadHolidayCalendar(),
    clock: new SystemClock(deps.clock),
    ids: new UlidIdGenerator(),
  };

  const http = createHttpApp({
    serviceName: 'supervision',
    auth: deps.verifier,
    logger,
    openapi: {
      title: 'xinfang supervision',
      version: '1.0.0',
      description:
        'Statutory clocks from case events, the escalation ladder, notices (三函), case leaders, ' +
        'the backlog ledger and the closing checklist (六有). See docs/api/supervision.md.',
    },
    routes: supervisionRoutes({
      files: core.files,
      notices: core.notices,
      ledger: core.ledger,
      getCaseClocks: new GetCaseClocks(core),
      assignCaseLeader: new AssignCaseLeader(core),
      listLeaderCases: new ListLeaderCases(core),
      issueNotice: new IssueSupervisionNotice(core),
      respondToNotice: new RespondToNotice(core),
      closeNotice: new CloseNotice(core),
      flagBacklog: new FlagBacklog(core),
      updateBacklogPlan: new UpdateBacklogPlan(core),
      recordMonthlyStatus: new RecordMonthlyStatus(core),
      listMissingMonthlyStatus: new ListMissingMonthlyStatus(core),
      recordFollowUp: new RecordFollowUp(core),
      recordSatisfaction: new RecordSatisfaction(core),
      recordClosingDocument: new RecordClosingDocument(core),
      closeCase: new CloseCase(core),
      resolveCase: new ResolveCase(core),
    }),
    ready: () => storeReady(connection),
    trustProxy: 1,
  });

  const relay = new OutboxRelay({
    models: [models.clocks, models.files, models.notices, models.ledger],
    producer: deps.producer,
    topic: config.CASE_EVENTS_TOPIC,
    source: SUPERVISION_EVENT_SOURCE,
    logger,
    pollIntervalMs: config.OUTBOX_POLL_INTERVAL,
    name: 'supervision-outbox-relay',
    // Every replica runs a relay: the lease keeps two from publishing the same events at once.
    leaseMs: 10_000,
  });
  const consumer = new EventConsumer({
    kafka: deps.kafka,
    groupId: config.SUPERVISION_CONSUMER_GROUP,
    topics: [config.CASE_EVENTS_TOPIC],
    deadLetterTopic: config.CASE_EVENTS_DLT,
    connection,
    logger,
    producer: deps.producer,
    isRetryable,
    handle: caseEventHandler(new ApplyCaseEvent(core)),
  });
  const leaseOwner = leaseOwnerId();
  const sweeper = clockSweeper({
    deps: core,
    logger,
    leaseOwner,
    leaseMs: config.LEASE_MS,
    batchSize: config.SWEEP_BATCH,
    intervalMs: config.SWEEP_INTERVAL,
  });
  const scanner = backlogScanner({
    scan: new ScanBacklog(core),
    files: models.files,
    logger,
    intervalMs: config.BACKLOG_SCAN_INTERVAL,
  });
  const topics = [{ topic: config.CASE_EVENTS_TOPIC }, { topic: config.CASE_EVENTS_DLT }];

  return {
    http,
    grpc: [
      supervisionGrpcService({
        getCaseClocks: new GetCaseClocks(core),
        getCaseLeader: new GetCaseLeader(core),
      }),
    ],
    workers: [
      {
        name: 'outbox relay',
        start: async () => {
          await ensureTopics(deps.kafka, topics);
          relay.start();
        },
        stop: () => relay.stop(),
      },
      {
        name: 'case-event consumer',
        start: async () => {
          await ensureTopics(deps.kafka, topics);
          await consumer.start();
        },
        stop: () => consumer.stop(),
      },
      {
        name: 'clock sweeper',
        start: async () => sweeper.start(),
        stop: () => sweeper.stop(),
      },
      {
        name: 'backlog scanner',
        start: async () => scanner.start(),
        stop: () => scanner.stop(),
      },
    ],
    leaseOwner,
  };
}
