import { ConflictError, NotFoundError } from '@xinfang/kernel';
import {
  closeStore,
  connectStore,
  DocumentLock,
  documentLockKey,
  DocumentLocks,
  LockBusyError,
  LockLostError,
  modifyWithLock,
  saveWithLock,
  withDocumentLock,
} from '@xinfang/store';
import { Connection, Model, Schema } from 'mongoose';

const MONGO_URL = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27018';
const DB = `store_locks_${Date.now()}_${process.pid}`;

jest.setTimeout(120_000);

interface Counter {
  _id: string;
  value: number;
  version: number;
  items: number[];
}

// Two connections stand for two service replicas: each has its own DocumentLocks (and its own
// in-process queue), so they can only exclude each other through the database.
let one: Connection;
let two: Connection;
let CountersOne: Model<Counter>;
let CountersTwo: Model<Counter>;

const counterSchema = () =>
  new Schema<Counter>({
    _id: String,
    value: { type: Number, default: 0 },
    version: { type: Number, default: 0 },
    items: { type: [Number], default: [] },
  });

beforeAll(async () => {
  one = await connectStore({ url: MONGO_URL, dbName: DB });
  two = await connectStore({ url: MONGO_URL, dbName: DB });
  CountersOne = one.model<Counter>('Counter', counterSchema());
  CountersTwo = two.model<Counter>('Counter', counterSchema());
});

afterAll(async () => {
  await one.dropDatabase();
  await closeStore(one);
  await closeStore(two);
});

const lockDoc = (key: string) => one.collection('doc_locks').findOne({ _id: key as never });
const claimsOf = (key: string) => one.collection('doc_lock_ends').countDocuments({ key });

it('keeps concurrent read-modify-write of one document from losing updates', async () => {
  await CountersOne.create({ _id: 'rmw' });
  const increment = (conn: Connection, Counters: Model<Counter>) =>
    withDocumentLock(conn, 'counters', 'rmw', async () => {
      const doc = await Counters.findById('rmw').lean().exec();
      await Counters.updateOne({ _id: 'rmw' }, { $set: { value: doc!.value + 1 } }).exec();
    });
  await Promise.all(
    Array.from({ length: 60 }, (_, i) =>
      i % 2 === 0 ? increment(one, CountersOne) : increment(two, CountersTwo),
    ),
  );
  expect((await CountersOne.findById('rmw').lean().exec())!.value).toBe(60);
  expect(await lockDoc('counters:rmw')).toBeNull();
  expect(await claimsOf('counters:rmw')).toBe(0);
});

it('modifyWithLock keeps every concurrent change and checks the version inside the lock', async () => {
  await CountersOne.create({ _id: 'mod' });
  await Promise.all(
    Array.from({ length: 40 }, (_, i) =>
      modifyWithLock(i % 2 ? CountersOne : CountersTwo, 'mod', (doc) => {
        doc.items.push(i);
        doc.value += 1;
      }),
    ),
  );
  const after = (await CountersOne.findById('mod').lean().exec())!;
  expect(after.value).toBe(40);
  expect([...after.items].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i));

  // Two writers that both read version 0: exactly one wins, the other is told.
  await CountersOne.create({ _id: 'ver' });
  const results = await Promise.allSettled(
    [CountersOne, CountersTwo].map((Counters, i) =>
      modifyWithLock(Counters, 'ver', (doc) => void doc.items.push(i), { expectedVersion: 0 }),
    ),
  );
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
  expect(rejected.reason).toBeInstanceOf(ConflictError);
  expect(rejected.reason.details).toMatchObject({ expectedVersion: 0, currentVersion: 1 });
  expect(await CountersOne.findById('ver').lean().exec()).toMatchObject({
    version: 1,
    items: [expect.any(Number)],
  });

  await expect(modifyWithLock(CountersOne, 'nobody', () => undefined)).rejects.toBeInstanceOf(
    NotFoundError,
  );
  // The lock was released although the work threw.
  expect(await lockDoc('counters:nobody')).toBeNull();
});

it('saveWithLock saves a loaded document under its lock', async () => {
  const doc = await CountersOne.create({ _id: 'save' });
  doc.items.push(7);
  await saveWithLock(doc);
  expect(await CountersOne.findById('save').lean().exec()).toMatchObject({ items: [7] });
  expect(await lockDoc('counters:save')).toBeNull();
});

it('reports a busy lock as a ConflictError after the wait', async () => {
  const a = new DocumentLocks(one);
  const b = new DocumentLocks(two);
  const lock = await a.acquire('counters', 'busy');
  const started = Date.now();
  const err = await b.acquire('counters', 'busy', { waitMs: 150 }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(LockBusyError);
  expect(err).toBeInstanceOf(ConflictError);
  expect((err as ConflictError).details).toMatchObject({ reason: 'busy', key: 'counters:busy' });
  expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  // A waiter in the same process queues locally and is bounded by the same wait.
  await expect(a.acquire('counters', 'busy', { waitMs: 50 })).rejects.toBeInstanceOf(LockBusyError);
  await a.release(lock);
  await b.release(await b.acquire('counters', 'busy', { waitMs: 0 }));
});

it('recovers the lock of a crashed holder, and the late holder cannot remove its successor’s lock', async () => {
  const crashed = new DocumentLocks(one);
  const next = new DocumentLocks(two);
  const third = new DocumentLocks(two);
  const old = await crashed.acquire('counters', 'crash', { leaseMs: 200 });
  const started = Date.now();
  const taken = await next.acquire('counters', 'crash', { waitMs: 5_000 });
  expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  expect(await lockDoc('counters:crash')).toMatchObject({ owner: taken.owner });

  // The first holder was only slow: its release must fail and leave the new holder's lock alone.
  expect(() => old.assertHeld()).toThrow(LockLostError);
  await expect(crashed.release(old)).rejects.toBeInstanceOf(LockLostError);
  expect(await lockDoc('counters:crash')).toMatchObject({ owner: taken.owner });
  await expect(third.acquire('counters', 'crash', { waitMs: 100 })).rejects.toBeInstanceOf(
    LockBusyError,
  );
  taken.assertHeld();
  await next.release(taken);
  expect(await lockDoc('counters:crash')).toBeNull();
  expect(await claimsOf('counters:crash')).toBe(0);
});

it('recovers when the process ending an expired lock died after claiming it', async () => {
  const crashed = new DocumentLocks(one);
  const old: DocumentLock = await crashed.acquire('counters', 'claim', { leaseMs: 100 });
  // The claim a dying taker left behind: nobody else may end the old holding until it expires.
  await one.collection('doc_lock_ends').insertOne({
    _id: old.owner as never,
    key: old.key,
    expiresAt: new Date(Date.now() + 400),
  });
  const taker = new DocumentLocks(two);
  const started = Date.now();
  const lock = await taker.acquire('counters', 'claim', { waitMs: 5_000 });
  expect(Date.now() - started).toBeGreaterThanOrEqual(350);
  expect(await lockDoc('counters:claim')).toMatchObject({ owner: lock.owner });
  await expect(crashed.release(old)).rejects.toBeInstanceOf(LockLostError);
  expect(await lockDoc('counters:claim')).toMatchObject({ owner: lock.owner });
  await taker.release(lock);
  expect(await lockDoc('counters:claim')).toBeNull();
  expect(await claimsOf('counters:claim')).toBe(0);
});

it('names locks by collection and id, and refuses ambiguous keys', () => {
  expect(documentLockKey('cases', 'C-1')).toBe('cases:C-1');
  expect(() => documentLockKey('a:b', 'c')).toThrow(TypeError);
  expect(() => documentLockKey('cases', '')).toThrow(TypeError);
  expect(() => documentLockKey('cases', undefined)).toThrow(TypeError);
});
