import { EventConsumer, OutboxRelay, ensureTopics } from '@xinfang/bus';
import { loadHolidayCalendar, loadRegionTree, newId } from '@xinfang/kernel';
import { storeReady } from '@xinfang/store';
import { createHttpApp } from '@xinfang/service-kit';
import {
  DecideAppeal,
  GetReviewState,
  ListPublicHearings,
  ManageHearing,
  RecordCaseEvent,
  RequestAppeal,
  type HearingDeps,
} from './application';
import { DEFAULT_HEARING_POLICY } from './domain';
import type { HearingConfig } from './infrastructure/config';
import { ensureHearingIndexes, hearingModels } from './infrastructure/mongo/models';
import { MongoAppealRepository } from './infrastructure/mongo/MongoAppealRepository';
import { MongoCaseFileRepository } from './infrastructure/mongo/MongoCaseFileRepository';
import {
  caseEventHandler,
  HEARING_EVENT_SOURCE,
  isRetryable,
} from './interfaces/events/case-event-consumer';
import { hearingGrpcService } from './interfaces/grpc/hearing-grpc';
import { hearingRoutes } from './interfaces/http/routes';
import type {
  GrpcServiceRegistration,
  ServiceDeps as ProcessDeps,
  ServiceParts as ProcessParts,
  Worker,
} from '@xinfang/service-kit';

export { HEARING_EVENT_SOURCE };

/** What createService receives: the process's real dependencies (see runServiceProcess). */
export type ServiceDeps = ProcessDeps<HearingConfig>;
export type GrpcRegistration = GrpcServiceRegistration;
export type { Worker };
export type ServiceParts = ProcessParts;

/**
 * Wires hearing: adapters behind the ports, use cases, REST routes, the gRPC service, the outbox
 * relay and the case-event consumer. Reads no environment and listens on nothing.
 */
export async function createService(deps: ServiceDeps): Promise<ServiceParts> {
  const { connection, config, logger } = deps;
  const models = hearingModels(connection, logger);
  await ensureHearingIndexes(models);

  const hearing: HearingDeps = {
    appeals: new MongoAppealRepository(models.appeals),
    caseFiles: new MongoCaseFileRepository(models.caseFiles),
    policy: { ...DEFAULT_HEARING_POLICY, noticeDays: config.HEARING_NOTICE_DAYS },
    calendar: loadHolidayCalendar(undefined, {
      onMissingYear: (year) =>
        logger.warn({ year }, 'no holiday arrangement loaded; counting weekends only'),
    }),
    regions: loadRegionTree(config.REGION_PROVINCE),
    now: deps.clock ?? (() => new Date()),
    newId,
  };
  const getReviewState = new GetReviewState(hearing);

  const http = createHttpApp({
    serviceName: 'hearing',
    auth: deps.verifier,
    logger,
    openapi: {
      title: 'xinfang hearing',
      version: '1.0.0',
      description:
        'Review (复查) and re-review (复核) requests and decisions within their windows, hearings ' +
        'with notice, panel, minutes, votes and majority opinion, and termination (终结). See ' +
        'docs/api/hearing.md.',
    },
    routes: hearingRoutes({
      requestAppeal: new RequestAppeal(hearing),
      decideAppeal: new DecideAppeal(hearing),
      manageHearing: new ManageHearing(hearing),
      getReviewState,
      listPublicHearings: new ListPublicHearings(hearing),
      publicRateLimit: { windowMs: 60_000, limit: config.PUBLIC_RATE_LIMIT },
    }),
    ready: () => storeReady(connection),
    trustProxy: 1,
  });

  const relay = new OutboxRelay({
    models: [models.appeals],
    producer: deps.producer,
    topic: config.CASE_EVENTS_TOPIC,
    source: HEARING_EVENT_SOURCE,
    logger,
    pollIntervalMs: config.OUTBOX_POLL_INTERVAL,
    name: 'hearing-outbox-relay',
  });
  const consumer = new EventConsumer({
    kafka: deps.kafka,
    groupId: config.HEARING_CONSUMER_GROUP,
    topics: [config.CASE_EVENTS_TOPIC],
    deadLetterTopic: config.CASE_EVENTS_DLT,
    connection,
    logger,
    producer: deps.producer,
    isRetryable,
    handle: caseEventHandler(new RecordCaseEvent(hearing)),
  });
  const topics = [{ topic: config.CASE_EVENTS_TOPIC }, { topic: config.CASE_EVENTS_DLT }];

  return {
    http,
    grpc: [hearingGrpcService({ getReviewState })],
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
    ],
  };
}
