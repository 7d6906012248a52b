import { EventConsumer, ensureTopics, OutboxRelay } from '@xinfang/bus';
import { DEFAULT_CLOCK_POLICY, loadHolidayCalendar, newId } from '@xinfang/kernel';
import { createHttpApp } from '@xinfang/service-kit';
import { AuditLog, storeReady } from '@xinfang/store';
import {
  AcceptCase,
  ApproveExtension,
  DeclineCase,
  DisposeCase,
  GetAssignment,
  GetDossier,
  ListAssignments,
  ManageRoutingRule,
  ManageUnit,
  ManageUnitMembers,
  ProposeDisposition,
  ReplyCase,
  ReportResult,
  RequestExtension,
  RerouteCase,
  ResolveJurisdiction,
  ReturnCase,
  RoutingDeps,
  StartRouting,
} from './application';
import type { RoutingConfig } from './infrastructure/config';
import {
  CaseRegisteredHandler,
  isRetryable,
} from './infrastructure/messaging/CaseRegisteredHandler';
import { storeDocumentLock } from './infrastructure/mongo/document-lock';
import { routingModels } from './infrastructure/mongo/models';
import { MongoCaseDossiers } from './infrastructure/MongoCaseDossiers';
import { MongoRoutingCaseRepository } from './infrastructure/MongoRoutingCaseRepository';
import { MongoRoutingPolicies } from './infrastructure/MongoRoutingPolicies';
import { MongoRoutingRuleRepository } from './infrastructure/MongoRoutingRuleRepository';
import { MongoUnitMembers } from './infrastructure/MongoUnitMembers';
import { MongoUnitRepository } from './infrastructure/MongoUnitRepository';
import { StoreCaseAudit } from './infrastructure/StoreCaseAudit';
import { routingGrpcService } from './interfaces/grpc/RoutingGrpcService';
import { routingRoutes } from './interfaces/http/routes';
import type {
  GrpcServiceRegistration,
  ServiceDeps as ProcessDeps,
  ServiceParts as ProcessParts,
  Worker,
} from '@xinfang/service-kit';

/** CloudEvents `source` of routing's events. */
export const ROUTING_EVENT_SOURCE = 'xinfang/routing';

/** What createService receives: the process's real dependencies (see runServiceProcess). */
export type ServiceDeps = ProcessDeps<RoutingConfig>;
export type GrpcRegistration = GrpcServiceRegistration;
export type { Worker };
export type ServiceParts = ProcessParts;

/**
 * Wires routing: Mongo adapters behind the ports, the use cases, REST routes, the gRPC service,
 * the outbox relay and the CaseRegistered consumer. Reads no environment and listens on nothing.
 */
export async function createService(deps: ServiceDeps): Promise<ServiceParts> {
  const { connection, config, logger } = deps;
  const models = routingModels(connection, logger);
  await Promise.all(Object.values(models).map((m) => m.init()));
  const lock = storeDocumentLock(connection);

  const cases = new MongoRoutingCaseRepository(models.cases, lock);
  const members = new MongoUnitMembers(models.members);
  const dossiers = new MongoCaseDossiers(models.dossiers, cases);
  const now = deps.clock ?? (() => new Date());
  const ports: RoutingDeps = {
    cases,
    units: new MongoUnitRepository(models.units, lock),
    rules: new MongoRoutingRuleRepository(models.rules, lock),
    membership: members,
    caseViews: dossiers,
    policies: new MongoRoutingPolicies(models.policies, DEFAULT_CLOCK_POLICY),
    calendar: loadHolidayCalendar(undefined, {
      onMissingYear: (year) =>
        logger.warn({ year }, 'no holiday arrangement loaded; counting weekends only'),
    }),
    clock: { now },
    ids: { next: newId },
  };
  const manageUnit = new ManageUnit(ports);
  const resolveJurisdiction = new ResolveJurisdiction(ports);
  const proposeDisposition = new ProposeDisposition(ports);

  const http = createHttpApp({
    serviceName: 'routing',
    auth: deps.verifier,
    logger,
    openapi: {
      title: 'xinfang routing',
      version: '1.0.0',
      description:
        'Unit directory, routing rules, jurisdiction resolution, disposal at the petition office ' +
        "and the receiving unit's work. See docs/api/routing.md.",
    },
    routes: routingRoutes({
      manageUnit,
      manageMembers: new ManageUnitMembers({ ...ports, members }),
      manageRules: new ManageRoutingRule(ports),
      resolveJurisdiction,
      getAssignment: new GetAssignment(ports),
      listAssignments: new ListAssignments(ports),
      getDossier: new GetDossier(ports),
      proposeDisposition,
      disposeCase: new DisposeCase(ports),
      rerouteCase: new RerouteCase(ports),
      acceptCase: new AcceptCase(ports),
      declineCase: new DeclineCase(ports),
      returnCase: new ReturnCase(ports),
      requestExtension: new RequestExtension(ports),
      approveExtension: new ApproveExtension(ports),
      replyCase: new ReplyCase(ports),
      reportResult: new ReportResult(ports),
      audit: new StoreCaseAudit(new AuditLog(connection, { logger })),
    }),
    ready: () => storeReady(connection),
    trustProxy: 1,
  });

  // The relay removes published events under the same document lock as the repositories' writes.
  const relay = new OutboxRelay({
    models: [models.cases],
    producer: deps.producer,
    topic: config.CASE_EVENTS_TOPIC,
    source: ROUTING_EVENT_SOURCE,
    logger,
    pollIntervalMs: config.OUTBOX_POLL_INTERVAL,
    name: 'routing-outbox-relay',
  });
  const handler = new CaseRegisteredHandler({
    startRouting: new StartRouting(ports),
    proposeDisposition,
    dossiers,
    units: ports.units,
    logger,
  });
  const consumer = new EventConsumer({
    kafka: deps.kafka,
    groupId: config.ROUTING_CONSUMER_GROUP,
    topics: [config.CASE_EVENTS_TOPIC],
    deadLetterTopic: config.CASE_EVENTS_DLT,
    connection,
    logger,
    producer: deps.producer,
    isRetryable,
    handle: (event) => handler.handle(event),
  });
  const topics = [{ topic: config.CASE_EVENTS_TOPIC }, { topic: config.CASE_EVENTS_DLT }];

  return {
    http,
    grpc: [routingGrpcService({ resolveJurisdiction, manageUnit })],
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
        name: 'case-registered consumer',
        start: async () => {
          await ensureTopics(deps.kafka, topics);
          await consumer.start();
        },
        stop: () => consumer.stop(),
      },
    ],
  };
}
