import { isWithin } from '@xinfang/kernel';
import { runAsSystem } from '@xinfang/principal';
import { withDocumentLock, type Logger } from '@xinfang/store';
import type { Model } from 'mongoose';
import { retryDelay, type BackoffPolicy } from '../../domain/backoff';
import type { EmailSender, LetterRenderer, SmsSender, WebhookTransport } from '../../domain/ports';
import {
  DELIVERY_HEADER,
  signBody,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
} from '../../domain/signature';
import type { SecretBox } from '../../infrastructure/crypto';
import type {
  DeliveryDocument,
  DeliveryStateName,
  LetterDocument,
  SubscriptionDocument,
} from '../../infrastructure/mongo/models';

export interface DispatcherDeps {
  readonly deliveries: Model<DeliveryDocument>;
  readonly subscriptions: Model<SubscriptionDocument>;
  readonly letters: Model<LetterDocument>;
  readonly webhooks: WebhookTransport;
  readonly sms?: SmsSender;
  readonly email?: EmailSender;
  readonly letter: LetterRenderer;
  readonly box: SecretBox;
  readonly backoff: BackoffPolicy;
  readonly concurrency: number;
  readonly pollIntervalMs: number;
  readonly logger: Logger;
  readonly clock: () => Date;
}

const SYSTEM = 'notification:dispatcher';
const PENDING: DeliveryStateName[] = ['queued', 'retrying'];

/** Thrown for a delivery that can never succeed; it is dead-lettered at once. */
class Undeliverable extends Error {}

/**
 * Sends queued deliveries. Deliveries of one queue (a subscription and a case) go one at a
 * time in event order: the head must succeed before the next is tried, and a dead-lettered head
 * holds its queue until it is replayed. Each attempt runs under the delivery's document lock,
 * so replicas (and replays) never send one delivery twice at once.
 */
export class DeliveryDispatcher {
  private running = false;
  private loop?: Promise<void>;
  private wakeUp?: () => void;
  private pendingWake = false;

  constructor(private readonly deps: DispatcherDeps) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
  }

  /** Starts the next pass now rather than after the poll interval. */
  wake(): void {
    this.pendingWake = true;
    this.wakeUp?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.pendingWake = false;
      let attempted = 0;
      try {
        attempted = await this.pass();
      } catch (err) {
        this.deps.logger.error({ err }, 'delivery pass failed');
      }
      if (!this.running) break;
      if (attempted > 0 || this.pendingWake) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.deps.pollIntervalMs);
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeUp = undefined;
    }
  }

  /** One pass over the due heads of all queues; resolves the number of attempts made. */
  async pass(): Promise<number> {
    const now = this.deps.clock();
    const open = await runAsSystem(SYSTEM, () =>
      this.deps.deliveries
        .find(
          { $or: [{ state: { $in: PENDING } }, { state: 'dead', kind: 'webhook' }] },
          { _id: 1, queueKey: 1, order: 1, state: 1, nextAttemptAt: 1, createdAt: 1 },
        )
        .lean()
        .exec(),
    );
    const heads = new Map<string, (typeof open)[number]>();
    for (const d of open) {
      const head = heads.get(d.queueKey);
      if (!head || d.order < head.order || (d.order === head.order && d.createdAt < head.createdAt))
        heads.set(d.queueKey, d);
    }
    const due = [...heads.values()]
      .filter((d) => d.state !== 'dead' && d.nextAttemptAt.getTime() <= now.getTime())
      .map((d) => d._id);
    let next = 0;
    const worker = async () => {
      while (this.running && next < due.length) {
        const id = due[next++]!;
        await this.attempt(id).catch((err: unknown) =>
          this.deps.logger.warn({ err, deliveryId: id }, 'delivery attempt not made'),
        );
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.deps.concurrency, due.length) }, worker));
    return due.length;
  }

  /** Attempts one delivery if it is still pending. */
  async attempt(id: string): Promise<void> {
    const { deliveries } = this.deps;
    await runAsSystem(SYSTEM, () =>
      withDocumentLock(deliveries.db, deliveries.collection.collectionName, id, async () => {
        const d = await deliveries.findById(id).lean().exec();
        if (!d || !PENDING.includes(d.state)) return;
        const attemptAt = this.deps.clock();
        let state: DeliveryStateName;
        let lastError = '';
        let nextAttemptAt = d.nextAttemptAt;
        try {
          state = await this.send(d, attemptAt);
        } catch (err) {
          lastError = err instanceof Error ? err.message : String(err);
          const delay =
            err instanceof Undeliverable
              ? undefined
              : retryDelay(this.deps.backoff, d.attempts + 1);
          state = delay === undefined ? 'dead' : 'retrying';
          if (delay !== undefined) nextAttemptAt = new Date(attemptAt.getTime() + delay);
          this.deps.logger.warn(
            { deliveryId: id, kind: d.kind, attempt: d.attempts + 1, state, error: lastError },
            'delivery failed',
          );
        }
        const succeeded = state === 'sent' || state === 'delivered';
        await deliveries
          .updateOne(
            { _id: id },
            {
              $set: {
                state,
                attempts: d.attempts + 1,
                lastAttemptAt: attemptAt,
                lastError,
                nextAttemptAt,
                ...(succeeded ? { deliveredAt: this.deps.clock() } : {}),
              },
            },
          )
          .exec();
        if (succeeded) this.wake();
      }),
    );
  }

  private async send(d: DeliveryDocument, at: Date): Promise<DeliveryStateName> {
    if (d.kind === 'webhook') {
      await this.sendWebhook(d, at);
      return 'delivered';
    }
    const notice = d.notice;
    if (!notice) throw new Undeliverable('notice payload missing');
    const address = this.deps.box.open(notice.addressSealed);
    switch (d.kind) {
      case 'sms':
        if (!this.deps.sms) throw new Undeliverable('SMS is not configured');
        await this.deps.sms.send(address, notice.sms, d._id);
        return 'sent';
      case 'email':
        if (!this.deps.email) throw new Undeliverable('email is not configured');
        await this.deps.email.send(address, notice.title, notice.body, d._id);
        return 'sent';
      case 'letter': {
        const pdf = await this.deps.letter.render(notice, {
          name: notice.recipientName,
          address,
        });
        await this.deps.letters
          .replaceOne(
            { _id: d._id },
            { _id: d._id, caseId: d.caseId, pdf, regionPath: d.regionPath, createdAt: at },
            { upsert: true },
          )
          .exec();
        // queued for the post room; delivery is confirmed by post, outside this service
        return 'sent';
      }
    }
  }

  private async sendWebhook(d: DeliveryDocument, at: Date): Promise<void> {
    const subscription = await this.deps.subscriptions.findById(d.subscriptionId).lean().exec();
    if (!subscription) throw new Undeliverable('subscription was deleted');
    if (!isWithin(d.regionPath, subscription.regionPath))
      throw new Undeliverable('case is outside the subscription scope');
    if (!subscription.active) throw new Error('subscription is paused');
    if (!d.event) throw new Undeliverable('event missing');
    const body = JSON.stringify(d.event);
    const secret = this.deps.box.open(subscription.secretSealed);
    await this.deps.webhooks.post({
      url: subscription.url,
      body,
      headers: {
        'content-type': 'application/cloudevents+json; charset=utf-8',
        [SIGNATURE_HEADER]: signBody(secret, body),
        [TIMESTAMP_HEADER]: String(Math.floor(at.getTime() / 1000)),
        [DELIVERY_HEADER]: d._id,
      },
    });
  }
}
