import { NotFoundError, PreconditionError } from '@xinfang/kernel';
import { runAsSystem } from '@xinfang/principal';
import { withDocumentLock } from '@xinfang/store';
import type { Model } from 'mongoose';
import type { DeliveryDocument, DeliveryStateName } from '../../infrastructure/mongo/models';

export interface DeliveryView {
  id: string;
  kind: DeliveryDocument['kind'];
  subscriptionId: string | null;
  caseId: string;
  eventId: string;
  eventType: string;
  eventTime: Date;
  state: DeliveryStateName;
  attempts: number;
  lastAttemptAt: Date | null;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
  lastError: string;
  replays: number;
}

export interface DeliveryQuery {
  subscriptionId?: string;
  caseId?: string;
  state?: DeliveryStateName;
  limit: number;
}

/**
 * The delivery log, the dead letters and their replay. Reads run as the caller, so the tenancy
 * plugin confines them to the caller's scope; a replay re-queues under the delivery's lock.
 */
export class ReplayDeliveries {
  constructor(
    private readonly deliveries: Model<DeliveryDocument>,
    private readonly clock: () => Date,
    private readonly onQueued: () => void,
  ) {}

  async list(query: DeliveryQuery): Promise<DeliveryView[]> {
    const filter: Record<string, unknown> = {};
    if (query.subscriptionId) filter.subscriptionId = query.subscriptionId;
    if (query.caseId) filter.caseId = query.caseId;
    if (query.state) filter.state = query.state;
    const docs = await this.deliveries
      .find(filter, { event: 0, notice: 0 })
      .sort({ createdAt: -1 })
      .limit(query.limit)
      .lean()
      .exec();
    return docs.map(view);
  }

  /** Replays one dead-lettered delivery. */
  async replayOne(id: string): Promise<DeliveryView> {
    const seen = await this.deliveries.findById(id, { _id: 1, state: 1 }).lean().exec();
    if (!seen) throw new NotFoundError('delivery', id);
    if (seen.state !== 'dead') throw new PreconditionError('only dead letters can be replayed');
    await this.requeue(id, ['dead']);
    this.onQueued();
    const after = await this.deliveries.findById(id, { event: 0, notice: 0 }).lean().exec();
    return view(after!);
  }

  /**
   * Replays every webhook of a subscription whose event happened in [from, to): delivered ones
   * are sent again (receivers deduplicate on the CloudEvent id), dead ones get a fresh start.
   */
  async replayWindow(subscriptionId: string, from: Date, to: Date): Promise<number> {
    const docs = await this.deliveries
      .find(
        {
          subscriptionId,
          eventTime: { $gte: from, $lt: to },
          state: { $in: ['delivered', 'dead'] },
        },
        { _id: 1 },
      )
      .lean()
      .exec();
    let replayed = 0;
    for (const d of docs) replayed += await this.requeue(d._id, ['delivered', 'dead']);
    if (replayed > 0) this.onQueued();
    return replayed;
  }

  private async requeue(id: string, from: DeliveryStateName[]): Promise<number> {
    const { deliveries } = this;
    return runAsSystem('notification:replay', () =>
      withDocumentLock(deliveries.db, deliveries.collection.collectionName, id, async () => {
        const d = await deliveries.findById(id, { state: 1, replays: 1 }).lean().exec();
        if (!d || !from.includes(d.state)) return 0;
        await deliveries
          .updateOne(
            { _id: id },
            {
              $set: {
                state: 'queued',
                attempts: 0,
                nextAttemptAt: this.clock(),
                lastError: '',
                replays: d.replays + 1,
              },
            },
          )
          .exec();
        return 1;
      }),
    );
  }
}

export function view(d: DeliveryDocument): DeliveryView {
  const pending = d.state === 'queued' || d.state === 'retrying';
  return {
    id: d._id,
    kind: d.kind,
    subscriptionId: d.subscriptionId,
    caseId: d.caseId,
    eventId: d.eventId,
    eventType: d.eventType,
    eventTime: d.eventTime,
    state: d.state,
    attempts: d.attempts,
    lastAttemptAt: d.lastAttemptAt,
    nextAttemptAt: pending ? d.nextAttemptAt : null,
    deliveredAt: d.deliveredAt,
    lastError: d.lastError,
    replays: d.replays,
  };
}
