import { CASE_EVENT_NAMES, CaseEventType } from '@xinfang/contracts';
import { NotFoundError } from '@xinfang/kernel';
import { ROLES } from '@xinfang/principal';
import { route, type Route } from '@xinfang/service-kit';
import type { Model } from 'mongoose';
import { z } from 'zod';
import type { ManageSubscriptions } from '../../application/ManageSubscriptions/ManageSubscriptions';
import type { TemplateCatalog } from '../../application/ManageTemplates/TemplateCatalog';
import type { ReplayDeliveries } from '../../application/ReplayDeliveries/ReplayDeliveries';
import type { ListStaffAlerts } from '../../application/StaffAlerts/ListStaffAlerts';
import { TEMPLATE_CODES } from '../../domain/templates';
import type { LetterDocument } from '../../infrastructure/mongo/models';

export interface NotificationRouteDeps {
  readonly templates: TemplateCatalog;
  readonly subscriptions: ManageSubscriptions;
  readonly deliveries: ReplayDeliveries;
  readonly staffAlerts: ListStaffAlerts;
  readonly letters: Model<LetterDocument>;
}

/** Dates become ISO strings, as the response schemas declare. */
function toJson<T>(value: T): unknown {
  return JSON.parse(JSON.stringify(value));
}

const ADMINS = [ROLES.tenantAdmin];
const SUBSCRIBERS = [ROLES.tenantAdmin, ROLES.subscriber];
const STAFF = [
  ROLES.clerk,
  ROLES.handler,
  ROLES.unitHead,
  ROLES.caseLeader,
  ROLES.supervisor,
  ROLES.hearingOfficer,
  ROLES.tenantAdmin,
];

const TemplateBody = z
  .object({
    title: z.string().trim().min(1).max(200),
    body: z.string().trim().min(1).max(10_000),
    sms: z.string().trim().min(1).max(500),
  })
  .meta({ id: 'TemplateInput' });
const TemplateSchema = z
  .object({
    code: z.enum(TEMPLATE_CODES),
    title: z.string(),
    body: z.string(),
    sms: z.string(),
    source: z.enum(['default', 'tenant']),
    updatedAt: z.string().nullable(),
  })
  .meta({ id: 'NoticeTemplate' });
const CodeParams = z.object({ code: z.enum(TEMPLATE_CODES) });

const EventTypes = z.array(z.enum(CASE_EVENT_NAMES.map((n) => CaseEventType[n]))).max(100);
const WebhookUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//.test(u), 'must be an http or https URL');
const SubscriptionInput = z
  .object({
    url: WebhookUrl,
    eventTypes: EventTypes.default([]),
    description: z.string().max(500).optional(),
    secret: z.string().min(32).max(256).optional(),
  })
  .meta({ id: 'SubscriptionInput' });
const SubscriptionChange = z
  .object({
    url: WebhookUrl.optional(),
    eventTypes: EventTypes.optional(),
    description: z.string().max(500).optional(),
    active: z.boolean().optional(),
  })
  .meta({ id: 'SubscriptionChange' });
const SubscriptionSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    eventTypes: z.array(z.string()),
    description: z.string(),
    active: z.boolean(),
    scope: z.string(),
    createdBy: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'Subscription' });
const CreatedSubscription = SubscriptionSchema.extend({
  secret: z.string().describe('HMAC key of the signatures; shown only now'),
}).meta({ id: 'CreatedSubscription' });
const IdParams = z.object({ id: z.string().min(1).max(200) });

const DeliveryState = z.enum(['queued', 'retrying', 'sent', 'delivered', 'dead']);
const DeliverySchema = z
  .object({
    id: z.string(),
    kind: z.enum(['webhook', 'sms', 'email', 'letter']),
    subscriptionId: z.string().nullable(),
    caseId: z.string(),
    eventId: z.string(),
    eventType: z.string(),
    eventTime: z.string(),
    state: DeliveryState,
    attempts: z.number().int(),
    lastAttemptAt: z.string().nullable(),
    nextAttemptAt: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    lastError: z.string(),
    replays: z.number().int(),
  })
  .meta({ id: 'Delivery' });
const DeliveryList = z.object({ items: z.array(DeliverySchema) }).meta({ id: 'DeliveryList' });
const DeliveryQuery = z.object({
  subscriptionId: z.string().optional(),
  caseId: z.string().optional(),
  state: DeliveryState.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
const ReplayWindow = z
  .object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) })
  .refine((w) => Date.parse(w.from) < Date.parse(w.to), { message: 'from must be before to' })
  .meta({ id: 'ReplayWindow' });

const AlertSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['deadline-reminder', 'overdue', 'escalated']),
    message: z.string(),
    caseId: z.string(),
    caseNumber: z.string(),
    unitId: z.string(),
    unitName: z.string(),
    dueDate: z.string(),
    personal: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'StaffAlert' });

/** A stored PDF as bytes: lean reads give a BSON Binary, hydrated ones a Buffer. */
export function pdfBytes(pdf: unknown): Buffer {
  if (Buffer.isBuffer(pdf)) return pdf;
  const inner = (pdf as { buffer?: Uint8Array }).buffer;
  if (inner instanceof Uint8Array) return Buffer.from(inner);
  throw new Error('stored letter is not binary');
}

export function notificationRoutes(deps: NotificationRouteDeps): Route[] {
  return [
    route({
      method: 'get',
      path: '/templates',
      summary: "Notice templates in force for the caller's tenant",
      tags: ['templates'],
      auth: { roles: STAFF },
      responses: { 200: z.object({ items: z.array(TemplateSchema) }) },
      handler: async ({ principal }) => ({
        status: 200,
        body: { items: toJson(await deps.templates.list(principal)) as never },
      }),
    }),
    route({
      method: 'put',
      path: '/templates/:code',
      summary: "Override a notice template for the caller's tenant",
      description:
        'Placeholders are `{{name}}` only; they are substituted, never evaluated. A notice whose ' +
        'template names a variable the event does not supply is refused, not sent half-filled.',
      tags: ['templates'],
      auth: { roles: ADMINS },
      params: CodeParams,
      body: TemplateBody,
      responses: { 200: TemplateSchema },
      handler: async ({ principal, params, body }) => ({
        status: 200,
        body: toJson(await deps.templates.put(principal, params.code, body)) as never,
      }),
    }),
    route({
      method: 'delete',
      path: '/templates/:code',
      summary: 'Drop the tenant override; the shipped default applies again',
      tags: ['templates'],
      auth: { roles: ADMINS },
      params: CodeParams,
      responses: { 204: { description: 'Reset to the default' } },
      handler: async ({ principal, params }) => {
        await deps.templates.reset(principal, params.code);
        return { status: 204 };
      },
    }),
    route({
      method: 'post',
      path: '/subscriptions',
      summary: 'Subscribe a downstream system to case events (signed webhooks)',
      description:
        "Scoped to the caller's tenant: events of other tenants never reach it. The secret is " +
        'returned only in this answer.',
      tags: ['subscriptions'],
      auth: { roles: SUBSCRIBERS },
      body: SubscriptionInput,
      responses: { 201: CreatedSubscription },
      handler: async ({ principal, body }) => ({
        status: 201,
        body: toJson(await deps.subscriptions.create(principal, body)) as never,
      }),
    }),
    route({
      method: 'get',
      path: '/subscriptions',
      summary: "The caller's tenant's subscriptions",
      tags: ['subscriptions'],
      auth: { roles: SUBSCRIBERS },
      responses: { 200: z.object({ items: z.array(SubscriptionSchema) }) },
      handler: async () => ({
        status: 200,
        body: { items: toJson(await deps.subscriptions.list()) as never },
      }),
    }),
    route({
      method: 'get',
      path: '/subscriptions/:id',
      summary: 'One subscription',
      tags: ['subscriptions'],
      auth: { roles: SUBSCRIBERS },
      params: IdParams,
      responses: { 200: SubscriptionSchema },
      handler: async ({ params }) => ({
        status: 200,
        body: toJson(await deps.subscriptions.get(params.id)) as never,
      }),
    }),
    route({
      method: 'patch',
      path: '/subscriptions/:id',
      summary: 'Change URL, event types or description; pause or resume',
      tags: ['subscriptions'],
      auth: { roles: SUBSCRIBERS },
      params: IdParams,
      body: SubscriptionChange,
      responses: { 200: SubscriptionSchema },
      handler: async ({ params, body }) => ({
        status: 200,
        body: toJson(await deps.subscriptions.update(params.id, body)) as never,
      }),
    }),
    route({
      method: 'delete',
      path: '/subscriptions/:id',
      summary: 'Delete a subscription; its pending deliveries are dead-lettered',
      tags: ['subscriptions'],
      auth: { roles: SUBSCRIBERS },
      params: IdParams,
      responses: { 204: { description: 'Deleted' } },
      handler: async ({ params }) => {
        await deps.subscriptions.remove(params.id);
        return { status: 204 };
      },
    }),
    route({
      method: 'get',
      path: '/deliveries',
      summary: 'Delivery log (webhooks and petitioner notices) of the caller’s scope',
      tags: ['deliveries'],
      auth: { roles: SUBSCRIBERS },
      query: DeliveryQuery,
      responses: { 200: DeliveryList },
      handler: async ({ query }) => ({
        status: 200,
        body: { items: toJson(await deps.deliveries.list(query)) as never },
      }),
    }),
    route({
      method: 'get',
      path: '/dead-letters',
      summary: 'Deliveries that failed every attempt',
      tags: ['deliveries'],
      auth: { roles: SUBSCRIBERS },
      query: DeliveryQuery.omit({ state: true }),
      responses: { 200: DeliveryList },
      handler: async ({ query }) => ({
        status: 200,
        body: { items: toJson(await deps.deliveries.list({ ...query, state: 'dead' })) as never },
      }),
    }),
    route({
      method: 'post',
      path: '/dead-letters/:id/replay',
      summary: 'Replay one dead letter',
      description:
        'The delivery is queued again with fresh attempts; later events of the case wait for it.',
      tags: ['deliveries'],
      auth: { roles: SUBSCRIBERS },
      params: IdParams,
      responses: { 200: DeliverySchema },
      handler: async ({ params }) => ({
        status: 200,
        body: toJson(await deps.deliveries.replayOne(params.id)) as never,
      }),
    }),
    route({
      method: 'post',
      path: '/subscriptions/:id/replay',
      summary: 'Replay the webhooks of events that happened in a time window',
      description:
        'Delivered and dead-lettered deliveries whose event time is in [from, to) are sent again, ' +
        'in order per case. Receivers deduplicate on the CloudEvent id.',
      tags: ['deliveries'],
      auth: { roles: SUBSCRIBERS },
      params: IdParams,
      body: ReplayWindow,
      responses: { 202: z.object({ replayed: z.number().int() }).meta({ id: 'ReplayResult' }) },
      handler: async ({ params, body }) => {
        await deps.subscriptions.find(params.id);
        const replayed = await deps.deliveries.replayWindow(
          params.id,
          new Date(body.from),
          new Date(body.to),
        );
        return { status: 202, body: { replayed } };
      },
    }),
    route({
      method: 'get',
      path: '/staff-alerts',
      summary: "The caller's alerts: deadline reminders, overdue cases, escalations",
      tags: ['staff alerts'],
      auth: { roles: STAFF },
      query: z.object({
        caseId: z.string().optional(),
        limit: z.coerce.number().int().min(1).max(500).default(100),
      }),
      responses: { 200: z.object({ items: z.array(AlertSchema) }) },
      handler: async ({ principal, query }) => ({
        status: 200,
        body: { items: toJson(await deps.staffAlerts.execute(principal, query)) as never },
      }),
    }),
    route({
      method: 'get',
      path: '/letters/:id',
      summary: 'A printed notice (PDF) for the post room',
      tags: ['letters'],
      auth: { roles: [ROLES.clerk, ROLES.tenantAdmin] },
      params: IdParams,
      responses: { 200: { description: 'The letter', contentType: 'application/pdf' } },
      handler: async ({ params, res }) => {
        const letter = await deps.letters.findById(params.id).lean().exec();
        if (!letter) throw new NotFoundError('letter', params.id);
        res.type('application/pdf').send(pdfBytes(letter.pdf));
      },
    }),
  ];
}
