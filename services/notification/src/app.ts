import { EventConsumer, ensureTopics } from '@xinfang/bus';
import { intakeV1 } from '@xinfang/contracts';
import { createGrpcClient, createHttpApp, ServiceTokenProvider } from '@xinfang/service-kit';
import { storeReady } from '@xinfang/store';
import { DeliveryDispatcher } from './application/DispatchDeliveries/DeliveryDispatcher';
import { HandleCaseEvent } from './application/HandleCaseEvent/HandleCaseEvent';
import { ManageSubscriptions } from './application/ManageSubscriptions/ManageSubscriptions';
import { TemplateCatalog } from './application/ManageTemplates/TemplateCatalog';
import { ReplayDeliveries } from './application/ReplayDeliveries/ReplayDeliveries';
import { SendNotice } from './application/SendNotice/SendNotice';
import { ListStaffAlerts } from './application/StaffAlerts/ListStaffAlerts';
import type { ContactDirectory, NoticeMedium } from './domain/ports';
import { FetchWebhookTransport } from './infrastructure/channels/FetchWebhookTransport';
import { HttpSmsSender } from './infrastructure/channels/HttpSmsSender';
import { PdfKitLetterRenderer } from './infrastructure/channels/PdfKitLetterRenderer';
import { SmtpEmailSender } from './infrastructure/channels/SmtpEmailSender';
import type { NotificationConfig } from './infrastructure/config';
import {
  CombinedContactDirectory,
  IntakeGrpcContactDirectory,
} from './infrastructure/contacts/IntakeGrpcContactDirectory';
import { MongoContactBook } from './infrastructure/contacts/MongoContactBook';
import { SecretBox } from './infrastructure/crypto';
import { ensureNotificationIndexes, notificationModels } from './infrastructure/mongo/models';
import { caseEventHandler, isRetryable } from './interfaces/events/case-event-consumer';
import { notificationGrpcService } from './interfaces/grpc/notification-grpc';
import { notificationRoutes } from './interfaces/http/routes';
import type {
  GrpcServiceRegistration,
  ServiceDeps as ProcessDeps,
  ServiceParts as ProcessParts,
  Worker,
} from '@xinfang/service-kit';

/** What createService receives: the process's real dependencies (see runServiceProcess). */
export type ServiceDeps = ProcessDeps<NotificationConfig>;
export type GrpcRegistration = GrpcServiceRegistration;
export type { Worker };
export type ServiceParts = ProcessParts;

/**
 * Wires notification: channels behind the ports, the case-event consumer, the delivery
 * dispatcher, REST routes and the gRPC service. Reads no environment and listens on nothing.
 */
export async function createService(deps: ServiceDeps): Promise<ServiceParts> {
  const { connection, config, logger } = deps;
  const clock = deps.clock ?? (() => new Date());
  const models = notificationModels(connection, logger);
  await ensureNotificationIndexes(models);
  const box = new SecretBox(config.PII_ENCRYPTION_KEY);

  const letter = new PdfKitLetterRenderer({
    path: config.FONT_CJK_PATH,
    name: config.FONT_CJK_NAME,
  });
  const sms = config.SMS_PROVIDER_URL
    ? new HttpSmsSender({
        url: config.SMS_PROVIDER_URL,
        token: config.SMS_PROVIDER_TOKEN,
        timeoutMs: config.DELIVERY_TIMEOUT,
      })
    : undefined;
  const email = config.SMTP_URL
    ? new SmtpEmailSender({
        url: config.SMTP_URL,
        from: config.SMTP_FROM,
        timeoutMs: config.DELIVERY_TIMEOUT,
      })
    : undefined;
  const media: NoticeMedium[] = [
    ...(sms ? (['sms'] as const) : []),
    ...(email ? (['email'] as const) : []),
    'letter',
  ];

  const contactBook = new MongoContactBook(models.contacts, box);
  const directories: ContactDirectory[] = [contactBook];
  let intakeClient: intakeV1.IntakeServiceClient | undefined;
  if (config.INTAKE_GRPC_ADDRESS && config.KEYCLOAK_CLIENT_ID && config.KEYCLOAK_CLIENT_SECRET) {
    const tokens = new ServiceTokenProvider({
      keycloakUrl: config.KEYCLOAK_URL,
      realm: config.KEYCLOAK_REALM,
      clientId: config.KEYCLOAK_CLIENT_ID,
      clientSecret: config.KEYCLOAK_CLIENT_SECRET,
    });
    const client = createGrpcClient(intakeV1.IntakeServiceClient, config.INTAKE_GRPC_ADDRESS, {
      token: tokens.token,
      propagateCallerToken: false,
    });
    intakeClient = client;
    directories.push(
      new IntakeGrpcContactDirectory(
        (request) =>
          new Promise((resolve, reject) =>
            client.getPetitionerContacts(request, (err, response) =>
              err ? reject(err) : resolve(response),
            ),
          ),
      ),
    );
  }
  const contacts = new CombinedContactDirectory(directories, (err) =>
    logger.warn({ err }, 'contact lookup failed; using the other sources'),
  );

  const dispatcher = new DeliveryDispatcher({
    deliveries: models.deliveries,
    subscriptions: models.subscriptions,
    letters: models.letters,
    webhooks: new FetchWebhookTransport(config.DELIVERY_TIMEOUT),
    sms,
    email,
    letter,
    box,
    backoff: {
      baseMs: config.DELIVERY_BACKOFF_BASE,
      maxMs: config.DELIVERY_BACKOFF_MAX,
      maxAttempts: config.DELIVERY_MAX_ATTEMPTS,
    },
    concurrency: config.DELIVERY_CONCURRENCY,
    pollIntervalMs: config.DELIVERY_POLL_INTERVAL,
    logger,
    clock,
  });
  const onQueued = () => dispatcher.wake();
  const templates = new TemplateCatalog(models.templates);
  const handleCaseEvent = new HandleCaseEvent({
    deliveries: models.deliveries,
    subscriptions: models.subscriptions,
    staffAlerts: models.staffAlerts,
    caseOwners: models.caseOwners,
    templates,
    contacts,
    box,
    media,
    logger,
    clock,
    onQueued,
  });
  const sendNotice = new SendNotice({
    deliveries: models.deliveries,
    templates,
    contactBook,
    box,
    media,
    clock,
    onQueued,
  });

  const http = createHttpApp({
    serviceName: 'notification',
    auth: deps.verifier,
    logger,
    openapi: {
      title: 'xinfang notification',
      version: '1.0.0',
      description:
        'Notice templates, downstream webhook subscriptions with their delivery log, dead ' +
        'letters and replay, and staff alerts. See docs/api/notification.md.',
    },
    routes: notificationRoutes({
      templates,
      subscriptions: new ManageSubscriptions(models.subscriptions, box, clock),
      deliveries: new ReplayDeliveries(models.deliveries, clock, onQueued),
      staffAlerts: new ListStaffAlerts(models.staffAlerts),
      letters: models.letters,
    }),
    ready: async () => {
      const fontProblem = await letter.problem();
      if (fontProblem) throw new Error(fontProblem);
      return storeReady(connection);
    },
    trustProxy: 1,
  });

  const consumer = new EventConsumer({
    kafka: deps.kafka,
    groupId: config.NOTIFICATION_CONSUMER_GROUP,
    topics: [config.CASE_EVENTS_TOPIC],
    deadLetterTopic: config.CASE_EVENTS_DLT,
    connection,
    logger,
    producer: deps.producer,
    isRetryable,
    handle: caseEventHandler(handleCaseEvent),
  });
  const topics = [{ topic: config.CASE_EVENTS_TOPIC }, { topic: config.CASE_EVENTS_DLT }];

  return {
    http,
    grpc: [notificationGrpcService({ sendNotice })],
    workers: [
      {
        name: 'case event consumer',
        start: async () => {
          await ensureTopics(deps.kafka, topics);
          await consumer.start();
        },
        stop: () => consumer.stop(),
      },
      {
        name: 'delivery dispatcher',
        start: async () => dispatcher.start(),
        stop: async () => {
          await dispatcher.stop();
          email?.close();
          intakeClient?.close();
        },
      },
    ],
  };
}
