import { ForbiddenError, NotFoundError, ValidationError, type FieldIssue } from '@xinfang/kernel';
import { canSee, runAsSystem, type Principal } from '@xinfang/principal';
import { isDuplicateKey, isRegionPath } from '@xinfang/store';
import type { Model } from 'mongoose';
import { chineseDay } from '../../domain/notices';
import type { NoticeMedium } from '../../domain/ports';
import { isTemplateCode, renderNotice, TEMPLATE_CODES } from '../../domain/templates';
import type { MongoContactBook } from '../../infrastructure/contacts/MongoContactBook';
import type { SecretBox } from '../../infrastructure/crypto';
import type { DeliveryDocument } from '../../infrastructure/mongo/models';
import { noticeDeliveryId } from '../HandleCaseEvent/HandleCaseEvent';
import type { TemplateCatalog } from '../ManageTemplates/TemplateCatalog';

export interface SendNoticeInput {
  templateCode: string;
  caseId: string;
  caseNumber: string;
  regionPath: string;
  medium: NoticeMedium;
  recipientId: string;
  recipientName: string;
  /** Empty to use the address on file for this recipient and medium. */
  address: string;
  variables: Record<string, string>;
  idempotencyKey: string;
}

export interface SendNoticeResult {
  messageId: string;
  state: DeliveryDocument['state'];
  duplicate: boolean;
}

const SYSTEM = 'notification:send-notice';

/**
 * Queues one notice asked for by another service (or a clerk): renders the tenant's template,
 * keeps the recipient's address (sealed) for later notices of the case, and inserts the delivery
 * under a key made of medium, recipient and idempotency key, so a repeat returns the first.
 */
export class SendNotice {
  constructor(
    private readonly deps: {
      readonly deliveries: Model<DeliveryDocument>;
      readonly templates: TemplateCatalog;
      readonly contactBook: MongoContactBook;
      readonly box: SecretBox;
      readonly media: readonly NoticeMedium[];
      readonly clock: () => Date;
      readonly onQueued: () => void;
    },
  ) {}

  async execute(principal: Principal, input: SendNoticeInput): Promise<SendNoticeResult> {
    const issues: FieldIssue[] = [];
    if (!isTemplateCode(input.templateCode))
      issues.push({
        field: 'template_code',
        reason: `must be one of ${TEMPLATE_CODES.join(', ')}`,
      });
    if (!input.caseId) issues.push({ field: 'case_ref.case_id', reason: 'is required' });
    if (!isRegionPath(input.regionPath))
      issues.push({ field: 'case_ref.region_path', reason: 'must be a region path' });
    if (!input.recipientId) issues.push({ field: 'recipient.id', reason: 'is required' });
    if (!input.idempotencyKey) issues.push({ field: 'idempotency_key', reason: 'is required' });
    if (!this.deps.media.includes(input.medium))
      issues.push({ field: 'channel', reason: `${input.medium} is not configured here` });
    if (issues.length > 0) throw new ValidationError(issues);
    if (!canSee(principal, input.regionPath))
      throw new ForbiddenError('the case is outside the caller’s scope');

    const messageId = noticeDeliveryId(input.medium, input.recipientId, input.idempotencyKey);
    const existing = await runAsSystem(SYSTEM, () =>
      this.deps.deliveries.findById(messageId, { state: 1 }).lean().exec(),
    );
    if (existing) return { messageId, state: existing.state, duplicate: true };

    let address = input.address.trim();
    if (address) {
      await this.deps.contactBook.remember({
        caseId: input.caseId,
        regionPath: input.regionPath,
        recipientId: input.recipientId,
        name: input.recipientName,
        medium: input.medium,
        address,
      });
    } else {
      const onFile = (await this.deps.contactBook.contactsFor(input.caseId)).find(
        (c) => c.recipientId === input.recipientId,
      );
      const field = { sms: 'phone', email: 'email', letter: 'postalAddress' } as const;
      address = onFile?.[field[input.medium]] ?? '';
      if (!address) throw new NotFoundError(`${input.medium} address of`, input.recipientId);
    }

    const template = await this.deps.templates.forCase(
      input.templateCode as (typeof TEMPLATE_CODES)[number],
      input.regionPath,
    );
    const now = this.deps.clock();
    const rendered = renderNotice(template, {
      caseNumber: input.caseNumber,
      issuedDate: chineseDay(now),
      registeredDate: chineseDay(now),
      issuer: '信访工作机构',
      ...input.variables,
      name: input.recipientName,
    });
    try {
      await runAsSystem(SYSTEM, () =>
        this.deps.deliveries.create({
          _id: messageId,
          kind: input.medium,
          queueKey: messageId,
          order: String(now.getTime()).padStart(20, '0'),
          subscriptionId: null,
          caseId: input.caseId,
          eventId: input.idempotencyKey,
          eventType: `notice.${input.templateCode}`,
          eventTime: now,
          regionPath: input.regionPath,
          state: 'queued',
          attempts: 0,
          nextAttemptAt: now,
          lastAttemptAt: null,
          deliveredAt: null,
          lastError: '',
          replays: 0,
          event: null,
          notice: {
            template: template.code,
            ...rendered,
            recipientId: input.recipientId,
            recipientName: input.recipientName,
            addressSealed: this.deps.box.seal(address),
          },
          createdAt: now,
        }),
      );
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      return { messageId, state: 'queued', duplicate: true };
    }
    this.deps.onQueued();
    return { messageId, state: 'queued', duplicate: false };
  }

  /** The delivery of a message the caller may see. */
  async status(principal: Principal, messageId: string): Promise<DeliveryDocument> {
    const found = await runAsSystem(SYSTEM, () =>
      this.deps.deliveries.findById(messageId, { event: 0, notice: 0 }).lean().exec(),
    );
    if (!found || !canSee(principal, found.regionPath))
      throw new NotFoundError('message', messageId);
    return found;
  }
}
