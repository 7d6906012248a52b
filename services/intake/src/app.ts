import { EventConsumer, OutboxRelay, ensureTopics } from '@xinfang/bus';
import { createHttpApp } from '@xinfang/service-kit';
import { AuditLog, storeReady } from '@xinfang/store';
import {
  AddSubject,
  CheckTerminated,
  GetAttachment,
  GetCase,
  GetPetitionerContacts,
  ListCases,
  ListSubjects,
  RatePetition,
  RecordCaseProgress,
  RegisterPetition,
  RegistrationDeps,
  SubmitOnlinePetition,
  TrackCase,
  UploadAttachment,
} from './application';
import { StoreCaseAudit } from './infrastructure/audit/StoreCaseAudit';
import type { IntakeConfig } from './infrastructure/config';
import { AesGcmPiiCipher, piiKeyRing } from './infrastructure/crypto/AesGcmPiiCipher';
import { HmacPetitionerKeyHasher } from './infrastructure/crypto/HmacPetitionerKeyHasher';
import {
  CryptoRandomSource,
  SystemClock,
  UlidIdGenerator,
} from './infrastructure/crypto/system-ports';
import { ensureIntakeIndexes, intakeModels } from './infrastructure/mongo/case-model';
import {
  attachmentBlobModel,
  MongoAttachmentStore,
} from './infrastructure/mongo/MongoAttachmentStore';
import { MongoCaseNumberSequence } from './infrastructure/mongo/MongoCaseNumberSequence';
import { MongoCaseRepository } from './infrastructure/mongo/MongoCaseRepository';
import { MongoPriorCaseFinder } from './infrastructure/mongo/MongoPriorCaseFinder';
import { MongoTerminationChecker } from './infrastructure/mongo/MongoTerminationChecker';
import {
  MongoIntakePolicyProvider,
  MongoSubjectCatalog,
} from './infrastructure/mongo/MongoTenantSettings';
import { JsonRegionDirectory } from './infrastructure/regions/JsonRegionDirectory';
import { isRetryable, progressHandler } from './interfaces/events/progress-consumer';
import { intakeGrpcService } from './interfaces/grpc/intake-grpc';
import { attachmentRoutes } from './interfaces/http/attachment-routes';
import { portalRoutes } from './interfaces/http/portal-routes';
import { staffRoutes } from './interfaces/http/staff-routes';
import type {
  GrpcServiceRegistration,
  ServiceDeps as ProcessDeps,
  ServiceParts as ProcessParts,
  Worker,
} from '@xinfang/service-kit';

/** CloudEvents `source` of intake's events. */
export const INTAKE_EVENT_SOURCE = 'xinfang/intake';

/** What createService receives: the process's real dependencies (see runServiceProcess). */
export type ServiceDeps = ProcessDeps<IntakeConfig>;
export type GrpcRegistration = GrpcServiceRegistration;
export type { Worker };
export type ServiceParts = ProcessParts;

/**
 * Wires intake: adapters behind the ports, use cases, REST routes, the gRPC service, the outbox
 * relay and the progress consumer. Reads no environment and listens on nothing.
 */
export async function createService(deps: ServiceDeps): Promise<ServiceParts> {
  const { connection, config, logger } = deps;
  const models = intakeModels(connection, logger);
  await ensureIntakeIndexes(models);
  const blobs = attachmentBlobModel(connection, logger);
  await blobs.init();

  const cipher = new AesGcmPiiCipher(
    piiKeyRing(config.PII_KEY_ID, config.PII_ENCRYPTION_KEY, config.PII_PREVIOUS_KEYS),
  );
  const cases = new MongoCaseRepository(models.cases, cipher);
  const priorCases = new MongoPriorCaseFinder(models.cases);
  const terminations = new MongoTerminationChecker(models.terminatedMatters);
  const subjects = new MongoSubjectCatalog(models.subjects);
  const policies = new MongoIntakePolicyProvider(models.policies);
  const audit = new StoreCaseAudit(new AuditLog(connection, { logger }));

  const registration: RegistrationDeps = {
    cases,
    priorCases,
    terminations,
    caseNumbers: new MongoCaseNumberSequence(models.caseNumbers),
    keyHasher: new HmacPetitionerKeyHasher(config.PII_HASH_KEY),
    regions: JsonRegionDirectory.forProvince(config.REGION_PROVINCE),
    subjects,
    policies,
    clock: new SystemClock(deps.clock),
    ids: new UlidIdGenerator(),
    random: new CryptoRandomSource(),
  };
  const getCase = new GetCase(registration);
  const recordProgress = new RecordCaseProgress(registration);

  const http = createHttpApp({
    serviceName: 'intake',
    auth: deps.verifier,
    logger,
    openapi: {
      title: 'xinfang intake',
      version: '1.0.0',
      description:
        'Registration of petitions on every channel, case reads for staff, and the public ' +
        'portal (submit, track, rate). See docs/api/intake.md.',
    },
    routes: [
      ...staffRoutes({
        registerPetition: new RegisterPetition(registration),
        getCase,
        listCases: new ListCases(registration),
        checkTerminated: new CheckTerminated(registration),
        listSubjects: new ListSubjects({ subjects }),
        addSubject: new AddSubject({ subjects, registry: subjects }),
        audit,
      }),
      ...attachmentRoutes({
        uploadAttachment: new UploadAttachment({
          ...registration,
          attachments: new MongoAttachmentStore(blobs),
        }),
        getAttachment: new GetAttachment({
          cases,
          attachments: new MongoAttachmentStore(blobs),
        }),
        audit,
      }),
      ...portalRoutes({
        submitOnline: new SubmitOnlinePetition(registration),
        trackCase: new TrackCase(registration),
        ratePetition: new RatePetition(registration),
        cases,
        audit,
        rateLimit: { windowMs: 60_000, limit: config.PORTAL_RATE_LIMIT },
      }),
    ],
    ready: () => storeReady(connection),
    trustProxy: 1,
  });

  const relay = new OutboxRelay({
    models: [models.cases],
    producer: deps.producer,
    topic: config.CASE_EVENTS_TOPIC,
    source: INTAKE_EVENT_SOURCE,
    logger,
    pollIntervalMs: config.OUTBOX_POLL_INTERVAL,
    name: 'intake-outbox-relay',
  });
  const consumer = new EventConsumer({
    kafka: deps.kafka,
    groupId: config.INTAKE_CONSUMER_GROUP,
    topics: [config.CASE_EVENTS_TOPIC],
    deadLetterTopic: config.CASE_EVENTS_DLT,
    connection,
    logger,
    producer: deps.producer,
    isRetryable,
    handle: progressHandler({ recordProgress, cases, terminations, audit }),
  });
  const topics = [{ topic: config.CASE_EVENTS_TOPIC }, { topic: config.CASE_EVENTS_DLT }];

  return {
    http,
    grpc: [
      intakeGrpcService({
        getCase,
        getPetitionerContacts: new GetPetitionerContacts({ cases }, config.CONTACT_READER_CLIENTS),
        priorCases,
        terminations,
        subjects,
        audit,
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
        name: 'progress consumer',
        start: async () => {
          await ensureTopics(deps.kafka, topics);
          await consumer.start();
        },
        stop: () => consumer.stop(),
      },
    ],
  };
}
