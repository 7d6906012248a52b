import { tenancyPlugin, type Logger, type Tenanted } from '@xinfang/store';
import { Connection, Model, Schema } from 'mongoose';
import type { NoticeMedium } from '../../domain/ports';
import type { StaffAlertKind } from '../../domain/staff-alerts';
import type { TemplateCode } from '../../domain/templates';

/** A tenant's override of a default template; `_id` = `<tenantId>:<code>`. */
export interface TemplateDocument extends Tenanted {
  _id: string;
  code: TemplateCode;
  title: string;
  body: string;
  sms: string;
  updatedBy: string;
  updatedAt: Date;
}

/** A downstream webhook subscription, scoped to `regionPath` (a tenant, or a city/province). */
export interface SubscriptionDocument extends Tenanted {
  _id: string;
  url: string;
  secretSealed: string;
  /** `ce_type` values delivered; empty for every type. */
  eventTypes: string[];
  description: string;
  active: boolean;
  createdBy: string;
  createdAt: Date;
}

export type DeliveryKind = 'webhook' | NoticeMedium;
export type DeliveryStateName = 'queued' | 'retrying' | 'sent' | 'delivered' | 'dead';

/** The CloudEvent (structured JSON) a webhook delivery posts. */
export interface StructuredCloudEvent {
  specversion: '1.0';
  id: string;
  type: string;
  source: string;
  time: string;
  subject: string;
  datacontenttype: 'application/json';
  regionpath: string;
  tenantid?: string;
  data: unknown;
}

export interface NoticePayload {
  template: TemplateCode;
  title: string;
  body: string;
  sms: string;
  recipientId: string;
  recipientName: string;
  addressSealed: string;
}

/**
 * One send: a webhook to one subscription, or a notice on one medium to one petitioner.
 * `_id` is the delivery key (subscription or medium + event id + recipient): inserting it twice
 * fails, which is what makes a redelivered event send nothing the second time.
 */
export interface DeliveryDocument extends Tenanted {
  _id: string;
  kind: DeliveryKind;
  /** Deliveries of one queue go out one at a time, in `order`. */
  queueKey: string;
  /** Kafka offset (zero-padded) of the causing event; same partition for one case. */
  order: string;
  subscriptionId: string | null;
  caseId: string;
  eventId: string;
  eventType: string;
  eventTime: Date;
  state: DeliveryStateName;
  attempts: number;
  nextAttemptAt: Date;
  lastAttemptAt: Date | null;
  deliveredAt: Date | null;
  lastError: string;
  replays: number;
  event: StructuredCloudEvent | null;
  notice: NoticePayload | null;
  createdAt: Date;
}

/** A printed letter waiting for the post room; `_id` = the delivery id. */
export interface LetterDocument extends Tenanted {
  _id: string;
  caseId: string;
  pdf: Buffer;
  createdAt: Date;
}

/** A petitioner's address on one medium for a case; `_id` = `<caseId>:<recipientId>:<medium>`. */
export interface ContactDocument extends Tenanted {
  _id: string;
  caseId: string;
  recipientId: string;
  name: string;
  medium: NoticeMedium;
  addressSealed: string;
  updatedAt: Date;
}

/** An alert for staff; `_id` = `<eventId>:<recipient>`. */
export interface StaffAlertDocument extends Tenanted {
  _id: string;
  kind: StaffAlertKind;
  message: string;
  caseId: string;
  caseNumber: string;
  eventId: string;
  /** Named user (handler who accepted, case leader), or null for a role-addressed alert. */
  recipientSubject: string | null;
  roles: string[];
  unitId: string;
  unitName: string;
  dueDate: string;
  createdAt: Date;
}

/** Who is responsible for a case, learnt from its events; `_id` = case id. */
export interface CaseOwnersDocument extends Tenanted {
  _id: string;
  handlerSubject: string | null;
  leaderSubject: string | null;
}

export interface NotificationModels {
  templates: Model<TemplateDocument>;
  subscriptions: Model<SubscriptionDocument>;
  deliveries: Model<DeliveryDocument>;
  letters: Model<LetterDocument>;
  contacts: Model<ContactDocument>;
  staffAlerts: Model<StaffAlertDocument>;
  caseOwners: Model<CaseOwnersDocument>;
}

const Mixed = Schema.Types.Mixed;
const opts = { versionKey: false } as const;

function schemaOf<T>(definition: Record<string, unknown>, logger: Logger): Schema<T> {
  const schema = new Schema<T>(definition, opts);
  schema.plugin(tenancyPlugin, { logger });
  return schema;
}

function model<T>(conn: Connection, name: string, schema: Schema<T>, collection: string): Model<T> {
  return (conn.models[name] as Model<T> | undefined) ?? conn.model<T>(name, schema, collection);
}

export function notificationModels(conn: Connection, logger: Logger): NotificationModels {
  return {
    templates: model(
      conn,
      'NoticeTemplate',
      schemaOf<TemplateDocument>(
        {
          _id: { type: String, required: true },
          code: { type: String, required: true },
          title: { type: String, required: true },
          body: { type: String, required: true },
          sms: { type: String, required: true },
          updatedBy: { type: String, required: true },
          updatedAt: { type: Date, required: true },
        },
        logger,
      ),
      'templates',
    ),
    subscriptions: model(
      conn,
      'Subscription',
      schemaOf<SubscriptionDocument>(
        {
          _id: { type: String, required: true },
          url: { type: String, required: true },
          secretSealed: { type: String, required: true },
          eventTypes: { type: [String], default: [] },
          description: { type: String, default: '' },
          active: { type: Boolean, required: true },
          createdBy: { type: String, required: true },
          createdAt: { type: Date, required: true },
        },
        logger,
      ),
      'subscriptions',
    ),
    deliveries: model(
      conn,
      'Delivery',
      schemaOf<DeliveryDocument>(
        {
          _id: { type: String, required: true },
          kind: { type: String, required: true },
          queueKey: { type: String, required: true },
          order: { type: String, required: true },
          subscriptionId: { type: String, default: null, index: true },
          caseId: { type: String, required: true },
          eventId: { type: String, required: true },
          eventType: { type: String, required: true },
          eventTime: { type: Date, required: true },
          state: { type: String, required: true, index: true },
          attempts: { type: Number, default: 0 },
          nextAttemptAt: { type: Date, required: true },
          lastAttemptAt: { type: Date, default: null },
          deliveredAt: { type: Date, default: null },
          lastError: { type: String, default: '' },
          replays: { type: Number, default: 0 },
          event: { type: Mixed, default: null },
          notice: { type: Mixed, default: null },
          createdAt: { type: Date, required: true },
        },
        logger,
      ),
      'deliveries',
    ),
    letters: model(
      conn,
      'Letter',
      schemaOf<LetterDocument>(
        {
          _id: { type: String, required: true },
          caseId: { type: String, required: true },
          pdf: { type: Buffer, required: true },
          createdAt: { type: Date, required: true },
        },
        logger,
      ),
      'letters',
    ),
    contacts: model(
      conn,
      'PetitionerContact',
      schemaOf<ContactDocument>(
        {
          _id: { type: String, required: true },
          caseId: { type: String, required: true, index: true },
          recipientId: { type: String, required: true },
          name: { type: String, default: '' },
          medium: { type: String, required: true },
          addressSealed: { type: String, required: true },
          updatedAt: { type: Date, required: true },
        },
        logger,
      ),
      'contacts',
    ),
    staffAlerts: model(
      conn,
      'StaffAlert',
      schemaOf<StaffAlertDocument>(
        {
          _id: { type: String, required: true },
          kind: { type: String, required: true },
          message: { type: String, required: true },
          caseId: { type: String, required: true },
          caseNumber: { type: String, default: '' },
          eventId: { type: String, required: true },
          recipientSubject: { type: String, default: null, index: true },
          roles: { type: [String], default: [] },
          unitId: { type: String, default: '' },
          unitName: { type: String, default: '' },
          dueDate: { type: String, default: '' },
          createdAt: { type: Date, required: true },
        },
        logger,
      ),
      'staff_alerts',
    ),
    caseOwners: model(
      conn,
      'CaseOwners',
      schemaOf<CaseOwnersDocument>(
        {
          _id: { type: String, required: true },
          handlerSubject: { type: String, default: null },
          leaderSubject: { type: String, default: null },
        },
        logger,
      ),
      'case_owners',
    ),
  };
}

export async function ensureNotificationIndexes(models: NotificationModels): Promise<void> {
  await Promise.all(Object.values(models).map((m: Model<unknown>) => m.init()));
}
