import { withDocumentLock } from '@xinfang/store';
import type { Connection } from 'mongoose';

/**
 * Runs `work` while holding the lock of one stored document, so version-checked
 * read-modify-writes of that document, and the relay's removal of published events, never
 * interleave (FerretDB v1 does not isolate single-document updates; see libs/store/README.md).
 */
export type DocumentLock = <T>(
  collection: string,
  id: string,
  work: () => Promise<T>,
) => Promise<T>;

/** The store's document locks of the service's database. */
export function storeDocumentLock(connection: Connection): DocumentLock {
  return (collection, id, work) => withDocumentLock(connection, collection, id, () => work());
}
