import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { ConflictError, NotFoundError } from '@xinfang/kernel';
import type { Collection, Connection, Document, HydratedDocument, Model } from 'mongoose';
import { isDuplicateKey } from './audit';
import { Logger, silentLogger } from './logger';

export interface DocumentLockOptions {
  /**
   * The longest the holder may keep the lock (default 15000 ms). A holder that dies leaves the lock
   * to expire; one that is still working after its lease may be taken over, and then learns it when
   * it releases (`LockLostError`).
   */
  leaseMs?: number;
  /** How long to wait for a lock held by someone else before `LockBusyError` (default 5000 ms). */
  waitMs?: number;
}

/** A lock held on one document. */
export interface DocumentLock {
  /** `<collection>:<document id>`. */
  readonly key: string;
  /** Random token naming this holding; never reused. */
  readonly owner: string;
  readonly acquiredAt: Date;
  /** By this process's clock. */
  readonly expiresAt: Date;
  /**
   * Throws `LockLostError` when less than `marginMs` of the lease is left (default a quarter of the
   * lease, at most 2 s), so a slow holder stops before its write rather than after.
   */
  assertHeld(marginMs?: number): void;
}

export interface DocumentLocksOptions {
  /** Collection of the locks (default `doc_locks`). */
  collection?: string;
  /** Collection of the claims to end a holding (default `doc_lock_ends`). */
  endsCollection?: string;
  logger?: Logger;
  /** Written into each lock for people reading the collection (default `<hostname>:<pid>`). */
  holder?: string;
}

/** The lock stayed busy for the whole wait. */
export class LockBusyError extends ConflictError {
  constructor(key: string, holder: string | undefined, waitMs: number) {
    super(`document ${key} is busy: locked by another writer for more than ${waitMs} ms`, {
      reason: 'busy',
      key,
      holder,
    });
  }
}

/** The lease ran out and another writer took the lock over while this holder still worked. */
export class LockLostError extends ConflictError {
  constructor(key: string, why: string) {
    super(
      `lost the lock on document ${key} (${why}); the document may have been changed concurrently`,
      {
        reason: 'lease-lost',
        key,
      },
    );
  }
}

interface LockRecord {
  _id: string;
  owner: string;
  holder: string;
  acquiredAt: Date;
  expiresAt: Date;
}

interface EndClaim {
  _id: string;
  key: string;
  expiresAt: Date;
}

const DEFAULT_LEASE_MS = 15_000;
const DEFAULT_WAIT_MS = 5_000;

/** The lock key of a document: `<collection>:<id>`. */
export function documentLockKey(collectionName: string, docId: unknown): string {
  if (!collectionName || collectionName.includes(':'))
    throw new TypeError(`a lock needs a collection name without ':' (got '${collectionName}')`);
  const id = String(docId);
  if (docId === null || docId === undefined || id === '')
    throw new TypeError('a lock needs the document id');
  return `${collectionName}:${id}`;
}

/**
 * Mutual exclusion for writes to one document, built only on what FerretDB v1 enforces: an insert
 * under a unique `_id` and a delete by exact `_id`. Locks are never updated, because an update there
 * is read, modify, write back and could write an old holder's lock over a new one.
 *
 * - Acquire: insert `{ _id: key, owner }` with a fresh random owner token. A duplicate key means the
 *   lock is held: wait with jittered backoff, or, when the holding has expired, end it (below).
 * - End a holding (`owner` T, by its holder releasing or by a waiter taking an expired one over):
 *   first win the insert of a claim `_id = T` in `doc_lock_ends`; only the winner may remove T. It
 *   re-reads the lock and deletes `{ _id: key }` only if the owner is still T, then deletes its
 *   claim. While T is in place nobody else can win its claim, so between that re-read and the
 *   delete the lock cannot change: the delete by `_id` removes exactly T. Owner tokens are never
 *   reused, so a claim for a holding that is gone can never remove a newer one.
 * - A claim whose winner died before deleting is itself superseded after its lease by claim `T:2`,
 *   `T:3`, …, so a crash at any point leaves nothing locked forever.
 *
 * Like every lease without fencing, exclusion assumes a holder finishes within its lease (clock
 * skew between hosts included). A holder that overran and was taken over is told by `release`
 * (`LockLostError`), never left unaware.
 */
export class DocumentLocks {
  private readonly locks: Collection<LockRecord>;
  private readonly ends: Collection<EndClaim>;
  private readonly logger: Logger;
  private readonly holder: string;
  /** Waiters in this process queue per key, so only other processes race for the insert. */
  private readonly tails = new Map<string, Promise<void>>();

  constructor(connection: Connection, options: DocumentLocksOptions = {}) {
    this.locks = connection.collection<LockRecord>(options.collection ?? 'doc_locks');
    this.ends = connection.collection<EndClaim>(options.endsCollection ?? 'doc_lock_ends');
    this.logger = options.logger ?? silentLogger;
    this.holder = options.holder ?? `${hostname()}:${process.pid}`;
  }

  /** Takes the lock of one document; release it with `release`, or use `withLock`. */
  async acquire(
    collectionName: string,
    docId: unknown,
    options: DocumentLockOptions = {},
  ): Promise<DocumentLock> {
    const key = documentLockKey(collectionName, docId);
    const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    const waitMs = options.waitMs ?? DEFAULT_WAIT_MS;
    if (!(leaseMs > 0)) throw new TypeError('leaseMs must be positive');
    const deadline = Date.now() + Math.max(0, waitMs);

    const previous = this.tails.get(key) ?? Promise.resolve();
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const tail = previous.then(() => gate);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    try {
      if (!(await settlesWithin(previous, deadline - Date.now())))
        throw new LockBusyError(key, 'this process', waitMs);
      const lock = await this.insertLock(key, leaseMs, waitMs, deadline);
      // A holder stuck past its lease must not block this process's waiters for longer than it
      // blocks other processes.
      const expiry = setTimeout(open, leaseMs);
      expiry.unref();
      held.set(lock, {
        leaseMs,
        open: () => {
          clearTimeout(expiry);
          open();
        },
      });
      return lock;
    } catch (err) {
      open();
      throw err;
    }
  }

  /**
   * Releases a lock taken with `acquire`. Throws `LockLostError` if its lease expired and another
   * writer took it over meanwhile: the caller's writes may then have interleaved with theirs.
   */
  async release(lock: DocumentLock): Promise<void> {
    const state = held.get(lock);
    if (!state) return;
    held.delete(lock);
    try {
      const overran = Date.now() - lock.expiresAt.getTime();
      if (!(await this.end(lock.key, lock.owner, state.leaseMs)))
        throw new LockLostError(lock.key, 'its lease expired and another writer took it over');
      if (overran > 0)
        this.logger.warn(
          { key: lock.key, overranMs: overran },
          'document lock held past its lease',
        );
    } finally {
      state.open();
    }
  }

  /** Runs `fn` holding the document's lock and releases it afterwards, also when `fn` throws. */
  async withLock<T>(
    collectionName: string,
    docId: unknown,
    fn: (lock: DocumentLock) => Promise<T>,
    options: DocumentLockOptions = {},
  ): Promise<T> {
    const lock = await this.acquire(collectionName, docId, options);
    let result: T;
    try {
      result = await fn(lock);
    } catch (err) {
      await this.release(lock).catch((releaseErr: unknown) =>
        this.logger.error(
          { key: lock.key, err: releaseErr },
          'document lock release failed after an error',
        ),
      );
      throw err;
    }
    await this.release(lock);
    return result;
  }

  private async insertLock(
    key: string,
    leaseMs: number,
    waitMs: number,
    deadline: number,
  ): Promise<DocumentLock> {
    for (let attempt = 0; ; attempt++) {
      const owner = randomUUID();
      // Counted from before the insert, so this holder's idea of its lease is never too generous.
      const acquiredAt = new Date();
      const expiresAt = new Date(acquiredAt.getTime() + leaseMs);
      try {
        await this.locks.insertOne({ _id: key, owner, holder: this.holder, acquiredAt, expiresAt });
        return heldLock(key, owner, acquiredAt, expiresAt, leaseMs);
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
      const current = await this.locks.findOne({ _id: key });
      if (!current) continue; // released in between
      if (current.expiresAt.getTime() <= Date.now()) {
        this.logger.warn(
          { key, holder: current.holder, expiredAt: current.expiresAt },
          'document lock expired; taking it over',
        );
        if (await this.end(key, current.owner, leaseMs)) continue;
        // Someone else is ending it: wait like for a held lock.
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new LockBusyError(key, current.holder, waitMs);
      await sleep(Math.min(left, backoff(attempt)));
    }
  }

  /**
   * Ends holding `owner` of `key` if it is still in place; true when this call removed it. See the
   * class comment for why the claim makes the delete by `_id` safe.
   */
  private async end(key: string, owner: string, leaseMs: number): Promise<boolean> {
    const claims: string[] = [];
    for (let k = 1; ; k++) {
      const claimId = k === 1 ? owner : `${owner}:${k}`;
      claims.push(claimId);
      try {
        await this.ends.insertOne({
          _id: claimId,
          key,
          expiresAt: new Date(Date.now() + leaseMs),
        });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        const claim = await this.ends.findOne({ _id: claimId });
        // Gone: its winner finished, so the holding is gone too. Fresh: someone is ending it now.
        if (!claim || claim.expiresAt.getTime() > Date.now()) return false;
        this.logger.warn({ key, claim: claimId }, 'stale document lock claim; superseding it');
        continue;
      }
      try {
        const current = await this.locks.findOne({ _id: key }, { projection: { owner: 1 } });
        if (current?.owner !== owner) return false;
        await this.locks.deleteOne({ _id: key });
        return true;
      } finally {
        // Earlier claims are stale ones of dead winners; the holding is settled either way.
        for (const id of claims) await this.ends.deleteOne({ _id: id });
      }
    }
  }
}

const held = new WeakMap<DocumentLock, { leaseMs: number; open: () => void }>();

function heldLock(
  key: string,
  owner: string,
  acquiredAt: Date,
  expiresAt: Date,
  leaseMs: number,
): DocumentLock {
  return Object.freeze({
    key,
    owner,
    acquiredAt,
    expiresAt,
    assertHeld(marginMs = Math.min(2_000, leaseMs / 4)): void {
      if (Date.now() + marginMs >= expiresAt.getTime())
        throw new LockLostError(key, `less than ${marginMs} ms of its ${leaseMs} ms lease left`);
    },
  });
}

function backoff(attempt: number): number {
  const base = Math.min(100, 5 * 2 ** Math.min(attempt, 5));
  return base / 2 + Math.random() * base;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Whether `p` settles within `ms`; never keeps the process alive after it does. */
async function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, ms));
  });
  try {
    return await Promise.race([p.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const registry = new WeakMap<Connection, DocumentLocks>();

/** The document locks of a connection's database (one instance per connection). */
export function documentLocks(connection: Connection): DocumentLocks {
  let locks = registry.get(connection);
  if (!locks) {
    locks = new DocumentLocks(connection);
    registry.set(connection, locks);
  }
  return locks;
}

/**
 * Runs `fn` holding the lock of document `docId` of collection `collectionName` (use the model's
 * `collection.collectionName`, as `modifyWithLock` does, so every writer takes the same lock).
 * Throws `LockBusyError` (a ConflictError) after `waitMs`, and `LockLostError` if the lease
 * expired and was taken over before `fn` finished.
 */
export function withDocumentLock<T>(
  connection: Connection,
  collectionName: string,
  docId: unknown,
  fn: (lock: DocumentLock) => Promise<T>,
  options: DocumentLockOptions = {},
): Promise<T> {
  return documentLocks(connection).withLock(collectionName, docId, fn, options);
}

export interface ModifyWithLockOptions extends DocumentLockOptions {
  /**
   * The version the caller read. When given, the stored version is compared inside the lock (a
   * mismatch throws ConflictError) and the saved document gets `expectedVersion + 1`.
   */
  expectedVersion?: number;
  /** The version field (default `version`). */
  versionField?: string;
}

/**
 * Read, modify and save one document under its lock: loads it by id (through the model, so the
 * tenancy scope applies), checks the expected version, lets `mutate` change it (state and
 * `recordEvent` alike) and saves it. Throws NotFoundError when the document is not there or not in
 * the caller's scope.
 */
export function modifyWithLock<T, TQueryHelpers, TMethods>(
  model: Model<T, TQueryHelpers, TMethods>,
  id: unknown,
  mutate: (doc: HydratedDocument<T, TMethods>, lock: DocumentLock) => unknown,
  options: ModifyWithLockOptions = {},
): Promise<HydratedDocument<T, TMethods>> {
  const { expectedVersion, versionField = 'version', ...lockOptions } = options;
  return withDocumentLock(
    model.db,
    model.collection.collectionName,
    id,
    async (lock) => {
      const doc = (await model.findById(id).exec()) as HydratedDocument<T, TMethods> | null;
      if (!doc) throw new NotFoundError(model.modelName, String(id));
      if (expectedVersion !== undefined) {
        const current: unknown = doc.get(versionField);
        if (current !== expectedVersion)
          throw new ConflictError(
            `${model.modelName} ${String(id)} is at version ${String(current)}, not ${expectedVersion}`,
            { id: String(id), expectedVersion, currentVersion: current },
          );
        doc.set(versionField, expectedVersion + 1);
      }
      await mutate(doc, lock);
      lock.assertHeld();
      await doc.save();
      return doc;
    },
    lockOptions,
  );
}

/**
 * Saves a loaded document under its lock. Enough when the changes are additions the save sends
 * as deltas (`recordEvent`, fields only this caller sets); to decide from the current state, load
 * it inside the lock with `modifyWithLock`.
 */
export function saveWithLock<D extends Document<unknown>>(
  doc: D,
  options: DocumentLockOptions = {},
): Promise<D> {
  return withDocumentLock(
    doc.db,
    doc.collection.collectionName,
    doc._id,
    async (lock) => {
      lock.assertHeld();
      await doc.save();
      return doc;
    },
    options,
  );
}
