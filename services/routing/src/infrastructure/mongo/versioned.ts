import { ConflictError, ForbiddenError } from '@xinfang/kernel';
import { crossTenant, isDuplicateKey } from '@xinfang/store';
import { Model } from 'mongoose';
import { DocumentLock } from './document-lock';

/**
 * Inserts a new document; a duplicate id is a ConflictError. The tenancy plugin checks the caller
 * may write at the document's region.
 */
export async function insertNew<T>(model: Model<T>, doc: T, what: string): Promise<void> {
  try {
    await model.create(doc);
  } catch (err) {
    if (isDuplicateKey(err)) throw new ConflictError(`${what} already exists`);
    throw err;
  }
}

/**
 * Stores the next version of a document: under its lock, checks the stored version is the one
 * the aggregate was loaded at, then applies `update` (which must set `version` to the next one).
 * The write itself is scoped by the tenancy plugin to what the caller may change.
 */
export async function saveVersioned<T>(
  model: Model<T>,
  lock: DocumentLock,
  id: string,
  expectedVersion: number,
  update: Record<string, unknown>,
  what: string,
): Promise<void> {
  await lock(model.collection.collectionName, id, async () => {
    const stored = await model
      .findById(id, { version: 1 })
      .setOptions(crossTenant(`version check of ${what}`))
      .lean<{ version: number }>()
      .exec();
    if (!stored) throw new ConflictError(`${what} no longer exists`);
    if (stored.version !== expectedVersion) {
      throw new ConflictError(`${what} was changed by someone else; reload it`, {
        version: stored.version,
      });
    }
    const result = await model.updateOne({ _id: id }, update).exec();
    if (result.matchedCount === 0)
      throw new ForbiddenError(`${what} is outside the caller's scope`);
  });
}
