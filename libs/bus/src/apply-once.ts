import { isDuplicateKey } from '@xinfang/store';
import { FilterQuery, Model, Schema, UpdateQuery } from 'mongoose';

/** Field the ids of the events applied to a document are kept in. */
export interface AppliedEvents {
  appliedEvents?: string[];
}

/** Adds `appliedEvents` (not selected by default) for `applyOnce`. */
export function appliedEventsPlugin(schema: Schema): void {
  schema.add({ appliedEvents: { type: [String], default: undefined, select: false } });
}

export interface ApplyOnceOptions {
  /** How many recent event ids a document remembers (default 200). */
  keep?: number;
  /** Create the document when the filter matches none (the update must then set regionPath if tenanted). */
  upsert?: boolean;
}

/** `applied`: the update ran now; `duplicate`: the event had been applied; `missing`: no document matched. */
export type ApplyOnceResult = 'applied' | 'duplicate' | 'missing';

/**
 * Applies `update` to the document matching `filter` unless `eventId` was already applied to it,
 * and records the id in the same single-document write: the effect happens exactly once however
 * often the event is delivered. The document keeps the last `keep` ids (FerretDB v1 ignores
 * `$push`'s `$slice`, so the oldest are popped afterwards); older duplicates are caught by the
 * consumer's inbox. The model needs `appliedEventsPlugin`.
 */
export async function applyOnce<T>(
  model: Model<T>,
  filter: FilterQuery<T>,
  eventId: string,
  update: UpdateQuery<T>,
  options: ApplyOnceOptions = {},
): Promise<ApplyOnceResult> {
  if (!model.schema.path('appliedEvents'))
    throw new TypeError(`${model.modelName} needs appliedEventsPlugin for applyOnce`);
  const keep = options.keep ?? 200;
  const u = update as Record<string, Record<string, unknown> | undefined>;
  if (u.$push?.appliedEvents !== undefined)
    throw new TypeError('the update already pushes to appliedEvents');
  if ('appliedEvents' in filter) throw new TypeError('the filter must not use appliedEvents');
  // Top level rather than under $and: FerretDB v1 takes an upsert's fields only from top-level equalities.
  const guarded = { ...filter, appliedEvents: { $ne: eventId } } as FilterQuery<T>;
  const withId = {
    ...update,
    $push: { ...(u.$push ?? {}), appliedEvents: eventId },
  } as UpdateQuery<T>;
  try {
    const r = await model.updateOne(guarded, withId, { upsert: options.upsert === true }).exec();
    if (r.matchedCount === 0 && r.upsertedCount === 0) {
      return (await model.exists(filter).exec()) ? 'duplicate' : 'missing';
    }
  } catch (err) {
    // An upsert whose document exists with the event applied collides on its unique key.
    if (options.upsert && isDuplicateKey(err)) return 'duplicate';
    throw err;
  }
  const overflow = {
    $and: [filter, { [`appliedEvents.${keep}`]: { $exists: true } }],
  } as FilterQuery<T>;
  for (let i = 0; i < 10; i++) {
    const trimmed = await model
      .updateOne(overflow, { $pop: { appliedEvents: -1 } } as UpdateQuery<T>)
      .exec();
    if (trimmed.modifiedCount === 0) break;
  }
  return 'applied';
}
