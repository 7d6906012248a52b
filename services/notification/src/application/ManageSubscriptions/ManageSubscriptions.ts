import { randomBytes } from 'node:crypto';
import { codeOfPath, NotFoundError, newId, regionPath, ValidationError } from '@xinfang/kernel';
import { isCaseEventType } from '@xinfang/contracts';
import type { Principal } from '@xinfang/principal';
import type { Model } from 'mongoose';
import type { SecretBox } from '../../infrastructure/crypto';
import type { SubscriptionDocument } from '../../infrastructure/mongo/models';

export interface SubscriptionView {
  id: string;
  url: string;
  eventTypes: string[];
  description: string;
  active: boolean;
  scope: string;
  createdBy: string;
  createdAt: Date;
}

export interface SubscriptionInput {
  url: string;
  eventTypes: string[];
  description?: string;
  /** At least 32 characters; generated when absent. */
  secret?: string;
}

/**
 * Webhook subscriptions of the caller's tenant (tenant admins and `subscriber` clients). A
 * subscription is scoped to the caller's own region: a county tenant, or for a city- or
 * province-level client its city or province.
 */
export class ManageSubscriptions {
  constructor(
    private readonly subscriptions: Model<SubscriptionDocument>,
    private readonly box: SecretBox,
    private readonly clock: () => Date,
  ) {}

  async create(
    p: Principal,
    input: SubscriptionInput,
  ): Promise<SubscriptionView & { secret: string }> {
    checkTypes(input.eventTypes);
    const secret = input.secret ?? randomBytes(32).toString('base64url');
    const doc = await this.subscriptions.create({
      _id: newId(),
      url: input.url,
      secretSealed: this.box.seal(secret),
      eventTypes: [...new Set(input.eventTypes)],
      description: input.description ?? '',
      active: true,
      createdBy: p.username || p.subject,
      createdAt: this.clock(),
      regionPath: scopeOf(p),
    });
    return { ...view(doc.toObject()), secret };
  }

  async list(): Promise<SubscriptionView[]> {
    const docs = await this.subscriptions.find({}).sort({ createdAt: 1 }).lean().exec();
    return docs.map(view);
  }

  async get(id: string): Promise<SubscriptionView> {
    return view(await this.find(id));
  }

  async update(
    id: string,
    change: { url?: string; eventTypes?: string[]; description?: string; active?: boolean },
  ): Promise<SubscriptionView> {
    if (change.eventTypes) checkTypes(change.eventTypes);
    await this.find(id);
    const r = await this.subscriptions.updateOne({ _id: id }, { $set: change }).exec();
    if (r.matchedCount === 0) throw new NotFoundError('subscription', id);
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    const r = await this.subscriptions.deleteOne({ _id: id }).exec();
    if (r.deletedCount === 0) throw new NotFoundError('subscription', id);
  }

  async find(id: string): Promise<SubscriptionDocument> {
    const doc = await this.subscriptions.findById(id).lean().exec();
    if (!doc) throw new NotFoundError('subscription', id);
    return doc;
  }
}

function scopeOf(p: Principal): string {
  if (p.tenantId) return regionPath(p.tenantId);
  const [only] = p.scopePaths;
  if (p.scopePaths.length !== 1 || !only || only === '/')
    throw new ValidationError('principal', 'the caller must belong to exactly one region');
  return regionPath(codeOfPath(only));
}

function checkTypes(types: readonly string[]): void {
  const unknown = types.filter((t) => !isCaseEventType(t));
  if (unknown.length > 0)
    throw new ValidationError(
      unknown.map((t) => ({ field: 'body.eventTypes', reason: `unknown event type ${t}` })),
    );
}

function view(doc: SubscriptionDocument): SubscriptionView {
  return {
    id: doc._id,
    url: doc.url,
    eventTypes: doc.eventTypes,
    description: doc.description,
    active: doc.active,
    scope: doc.regionPath,
    createdBy: doc.createdBy,
    createdAt: doc.createdAt,
  };
}
