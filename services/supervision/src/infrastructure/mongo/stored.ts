import { withEvents, type EventInput } from '@xinfang/bus';
import { ConflictError, NotFoundError } from '@xinfang/kernel';
import { runAsSystem } from '@xinfang/principal';
import { isDuplicateKey, withDocumentLock, type DocumentLock } from '@xinfang/store';
import type { Model } from 'mongoose';
import type { OutboxedModel, StoredDoc } from './models';

/** Name of the system principal the repositories write as. */
export const STORE_WRITER = 'supervision-store';

/**
 * A copy without `undefined` members (BSON would store them as null, and the domain tells the
 * two apart); Dates are kept.
 */
export function plain<T>(value: T): T {
  if (value instanceof Date || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => plain(v)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = plain(v);
  return out as T;
}

/** The stored fields back as the aggregate's state: `_id` as `id`, store-only fields dropped. */
export function stateOf<S>(doc: StoredDoc, drop: readonly string[] = []): S {
  const {
    _id,
    tenantId: _t,
    regionPath: _r,
    outbox: _o,
    outboxPending: _p,
    outboxLeaseUntil: _l,
    ...rest
  } = doc as StoredDoc & Record<string, unknown>;
  for (const k of drop) delete rest[k];
  return { ...rest, id: _id } as S;
}

export interface VersionedWrite {
  readonly model: OutboxedModel;
  readonly id: string;
  /** The version the aggregate was loaded at; 0 inserts. */
  readonly version: number;
  readonly regionPath: string;
  /** Every stored field but `_id`, `version` and tenancy. */
  readonly fields: Record<string, unknown>;
  readonly events: ReadonlyArray<EventInput & { subject: string }>;
  readonly what: string;
  /** Runs under the lock before the write (with the stored document, null on insert). */
  readonly before?: (stored: StoredDoc | null, lock: DocumentLock) => Promise<void>;
  /** Runs under the lock after the write. */
  readonly after?: (stored: StoredDoc | null) => Promise<void>;
  /** Insert under the lock too (when `before`/`after` touch other documents). */
  readonly lockInsert?: boolean;
}

/**
 * Saves an aggregate and its events in one single-document write, only if the stored version is
 * the one loaded (ConflictError otherwise). Updates run under the document's lock: FerretDB v1
 * does not isolate single-document updates, and the outbox relay takes the same lock. Writes run
 * as the system: the use case has already decided the caller may act on the case, and supervisors
 * above a county write supervision data about the county's cases.
 */
export function saveVersioned(w: VersionedWrite): Promise<void> {
  const { model, id, version } = w;
  const stamp = { ...plain(w.fields), regionPath: w.regionPath, version: version + 1 };
  const insert = async (lock?: DocumentLock) => {
    if (w.before && lock) await w.before(null, lock);
    const doc = new model({ _id: id, ...stamp });
    for (const event of w.events) doc.recordEvent(event);
    try {
      await doc.save();
    } catch (err) {
      if (isDuplicateKey(err)) throw new ConflictError(`${w.what} ${id} exists already`);
      throw err;
    }
    if (w.after) await w.after(null);
  };
  return runAsSystem(STORE_WRITER, async () => {
    if (version === 0 && !w.lockInsert) return insert();
    await withDocumentLock(model.db, model.collection.collectionName, id, async (lock) => {
      if (version === 0) {
        const exists = await model.exists({ _id: id }).exec();
        if (exists) throw new ConflictError(`${w.what} ${id} exists already`);
        return insert(lock);
      }
      const stored = await model.findOne({ _id: id }, { outbox: 0 }).lean<StoredDoc>().exec();
      if (!stored) throw new NotFoundError(w.what, id);
      if (stored.version !== version) {
        throw new ConflictError(`${w.what} ${id} was changed meanwhile; load it again`);
      }
      if (w.before) await w.before(stored, lock);
      lock.assertHeld();
      const update = withEvents({ $set: stamp }, ...w.events);
      // The version was checked under the lock; filtering by `_id` alone lets FerretDB v1 find the
      // document directly (any other condition makes it scan the collection).
      const result = await model.updateOne({ _id: id }, update).exec();
      if (result.matchedCount === 0) {
        throw new ConflictError(`${w.what} ${id} was changed meanwhile; load it again`);
      }
      if (w.after) await w.after(stored);
    });
  });
}

/** Reads as the caller (scoped by the tenancy plugin), or as the system for background work. */
export async function findLean<T>(
  model: Model<StoredDoc> | OutboxedModel,
  filter: Record<string, unknown>,
  sort?: Record<string, 1 | -1>,
  limit = 0,
): Promise<T[]> {
  // A sort, even of one document, keeps FerretDB v1 from looking the `_id` up directly.
  let q = (model as Model<StoredDoc>).find(filter, { outbox: 0 });
  if (sort) q = q.sort(sort);
  if (limit > 0) q = q.limit(limit);
  return (await q.lean().exec()) as unknown as T[];
}
