import type { CaseEvent, DeliveryInfo } from '@xinfang/bus';
import { decodeCaseEvent, type DecodedCaseEvent } from '@xinfang/contracts';
import { isWithin, ValidationError } from '@xinfang/kernel';
import { isDuplicateKey, type Logger } from '@xinfang/store';
import type { Model } from 'mongoose';
import { plannedNotice } from '../../domain/notices';
import type { ContactDirectory, NoticeMedium, PetitionerContact } from '../../domain/ports';
import { plannedAlert } from '../../domain/staff-alerts';
import { renderNotice } from '../../domain/templates';
import type { SecretBox } from '../../infrastructure/crypto';
import type {
  CaseOwnersDocument,
  DeliveryDocument,
  StaffAlertDocument,
  SubscriptionDocument,
} from '../../infrastructure/mongo/models';
import type { TemplateCatalog } from '../ManageTemplates/TemplateCatalog';

export interface HandleCaseEventDeps {
  readonly deliveries: Model<DeliveryDocument>;
  readonly subscriptions: Model<SubscriptionDocument>;
  readonly staffAlerts: Model<StaffAlertDocument>;
  readonly caseOwners: Model<CaseOwnersDocument>;
  readonly templates: TemplateCatalog;
  readonly contacts: ContactDirectory;
  readonly box: SecretBox;
  /** Media this deployment can send on (configured channels). */
  readonly media: readonly NoticeMedium[];
  readonly logger: Logger;
  readonly clock: () => Date;
  /** Called after new deliveries were queued, so the dispatcher need not wait for its poll. */
  readonly onQueued: () => void;
}

/** Delivery key of a petitioner notice: the same for an event and a SendNotice with its ce_id. */
export function noticeDeliveryId(medium: NoticeMedium, recipientId: string, key: string): string {
  return `notice:${medium}:${recipientId}:${key}`;
}

export function webhookDeliveryId(subscriptionId: string, eventId: string): string {
  return `webhook:${subscriptionId}:${eventId}`;
}

/** Kafka offsets sort as zero-padded strings; one case's events share a partition. */
export function orderKey(offset: string | number): string {
  return String(offset).padStart(20, '0');
}

const ADDRESS: Record<NoticeMedium, keyof PetitionerContact> = {
  sms: 'phone',
  email: 'email',
  letter: 'postalAddress',
};

/**
 * Turns one case event into its effects, each an insert under a deterministic key, so a
 * redelivered event adds nothing: webhook deliveries for the subscriptions whose scope holds the
 * case, petitioner notices on every medium with an address on file, staff alerts.
 */
export class HandleCaseEvent {
  constructor(private readonly deps: HandleCaseEventDeps) {}

  async execute(event: CaseEvent, delivery: Pick<DeliveryInfo, 'offset'>): Promise<void> {
    const decoded = decodeCaseEvent(event.type, event.data);
    const caseRef = decoded?.payload.caseRef;
    if (caseRef && caseRef.regionPath && caseRef.regionPath !== event.regionPath) {
      // the header decides who receives the event; it must agree with the payload
      throw new ValidationError(
        'regionpath',
        `header ${event.regionPath} disagrees with case_ref ${caseRef.regionPath}`,
      );
    }
    const order = orderKey(delivery.offset);
    let queued = await this.queueWebhooks(event, order);
    if (decoded) {
      await this.trackOwners(event, decoded);
      await this.raiseAlerts(event, decoded);
      queued += await this.queueNotices(event, decoded, order);
    }
    if (queued > 0) this.deps.onQueued();
  }

  private async queueWebhooks(event: CaseEvent, order: string): Promise<number> {
    const subscriptions = await this.deps.subscriptions.find({ active: true }).lean().exec();
    const matching = subscriptions.filter(
      (s) =>
        // never another tenant's events: the case must lie inside the subscription's scope
        isWithin(event.regionPath, s.regionPath) &&
        (s.eventTypes.length === 0 || s.eventTypes.includes(event.type)),
    );
    let queued = 0;
    for (const s of matching) {
      const cloudEvent = {
        specversion: '1.0' as const,
        id: event.id,
        type: event.type,
        source: event.source,
        time: event.time,
        subject: event.subject,
        datacontenttype: 'application/json' as const,
        regionpath: event.regionPath,
        ...(event.tenantId ? { tenantid: event.tenantId } : {}),
        data: event.data,
      };
      queued += await this.insert({
        _id: webhookDeliveryId(s._id, event.id),
        kind: 'webhook',
        queueKey: `webhook:${s._id}:${event.subject}`,
        order,
        subscriptionId: s._id,
        event: cloudEvent,
        notice: null,
        ...this.common(event),
      });
    }
    return queued;
  }

  private async queueNotices(
    event: CaseEvent,
    decoded: DecodedCaseEvent,
    order: string,
  ): Promise<number> {
    const plan = plannedNotice(decoded);
    if (!plan || this.deps.media.length === 0) return 0;
    const contacts = await this.deps.contacts.contactsFor(event.subject);
    if (contacts.length === 0) {
      this.deps.logger.info(
        { eventId: event.id, caseId: event.subject, template: plan.template },
        'no petitioner contact on file; notice not sent',
      );
      return 0;
    }
    const template = await this.deps.templates.forCase(plan.template, event.regionPath);
    let queued = 0;
    for (const contact of contacts) {
      const rendered = renderNotice(template, { ...plan.variables, name: contact.name });
      for (const medium of this.deps.media) {
        const address = contact[ADDRESS[medium]];
        if (!address) continue;
        const _id = noticeDeliveryId(medium, contact.recipientId, event.id);
        queued += await this.insert({
          _id,
          kind: medium,
          queueKey: _id,
          order,
          subscriptionId: null,
          event: null,
          notice: {
            template: plan.template,
            ...rendered,
            recipientId: contact.recipientId,
            recipientName: contact.name,
            addressSealed: this.deps.box.seal(address),
          },
          ...this.common(event),
        });
      }
    }
    return queued;
  }

  private async trackOwners(event: CaseEvent, decoded: DecodedCaseEvent): Promise<void> {
    const { caseOwners } = this.deps;
    let change: Partial<Pick<CaseOwnersDocument, 'handlerSubject' | 'leaderSubject'>> | undefined;
    if (decoded.name === 'CaseAccepted')
      change = { handlerSubject: decoded.payload.actor?.subject };
    if (decoded.name === 'CaseLeaderAssigned')
      change = { leaderSubject: decoded.payload.leaderSubject };
    if (!change) return;
    // one writer per case: the consumer handles a case's events one at a time
    const current = await caseOwners.findById(event.subject).lean().exec();
    await caseOwners
      .replaceOne(
        { _id: event.subject },
        {
          _id: event.subject,
          regionPath: event.regionPath,
          handlerSubject: current?.handlerSubject ?? null,
          leaderSubject: current?.leaderSubject ?? null,
          ...change,
        },
        { upsert: true },
      )
      .exec();
  }

  private async raiseAlerts(event: CaseEvent, decoded: DecodedCaseEvent): Promise<void> {
    const alert = plannedAlert(decoded);
    if (!alert) return;
    const owners = await this.deps.caseOwners.findById(event.subject).lean().exec();
    const named = new Set<string>();
    if (owners?.handlerSubject && alert.kind !== 'escalated') named.add(owners.handlerSubject);
    if (owners?.leaderSubject && alert.kind !== 'deadline-reminder')
      named.add(owners.leaderSubject);
    const base = {
      kind: alert.kind,
      message: alert.message,
      caseId: event.subject,
      caseNumber: decoded.payload.caseRef?.caseNumber ?? '',
      eventId: event.id,
      unitId: alert.unitId,
      unitName: alert.unitName,
      dueDate: alert.dueDate,
      regionPath: event.regionPath,
      createdAt: this.deps.clock(),
    };
    const docs = [
      { ...base, _id: `${event.id}:roles`, recipientSubject: null, roles: [...alert.roles] },
      ...[...named].map((subject) => ({
        ...base,
        _id: `${event.id}:user:${subject}`,
        recipientSubject: subject,
        roles: [],
      })),
    ];
    for (const doc of docs) {
      await this.deps.staffAlerts.create(doc).catch((err: unknown) => {
        if (!isDuplicateKey(err)) throw err;
      });
    }
  }

  private common(event: CaseEvent) {
    const now = this.deps.clock();
    return {
      caseId: event.subject,
      eventId: event.id,
      eventType: event.type,
      eventTime: new Date(event.time),
      regionPath: event.regionPath,
      state: 'queued' as const,
      attempts: 0,
      nextAttemptAt: now,
      lastAttemptAt: null,
      deliveredAt: null,
      lastError: '',
      replays: 0,
      createdAt: now,
    };
  }

  /** 1 when inserted, 0 when the delivery exists already (a redelivered event). */
  private async insert(doc: Omit<DeliveryDocument, 'tenantId'>): Promise<number> {
    try {
      await this.deps.deliveries.create(doc);
      return 1;
    } catch (err) {
      if (isDuplicateKey(err)) return 0;
      throw err;
    }
  }
}
