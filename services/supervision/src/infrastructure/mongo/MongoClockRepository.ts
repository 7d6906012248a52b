import { runAsSystem } from '@xinfang/principal';
import { LockBusyError, withDocumentLock } from '@xinfang/store';
import { CaseClock, type CaseClockState, type ClockRepository } from '../../domain';
import { outboxEventOf } from '../events/outbox-events';
import type { SupervisionModels, StoredDoc, TimerDocument } from './models';
import { findLean, plain, saveVersioned, stateOf } from './stored';

const STORE_ONLY = ['caseId', 'startedAt', 'version'];
/** How long a claim waits for a clock's lock before leaving the clock to the next sweep. */
const CLAIM_LOCK_WAIT_MS = 500;

const earlier = (a: Date | null, b: Date | null): Date | null =>
  a === null ? b : b === null ? a : a.getTime() <= b.getTime() ? a : b;
const sameInstant = (a: Date | null, b: Date | null) =>
  (a === null && b === null) || (a !== null && b !== null && a.getTime() === b.getTime());

/** The stored form of a clock (also what the bench inserts in bulk). */
export function clockDocument(state: CaseClockState): Record<string, unknown> {
  const { id: _id, version: _v, ...fields } = state;
  return {
    ...plain(fields),
    caseId: state.caseRef.caseId,
    startedAt: state.statutory.startedAt,
  };
}

/**
 * Clocks in MongoDB (or FerretDB): one document per clock holding its state and outbox, and for
 * each clock with pending work a small timer document (`clock_timers`) with `nextFireAt` and the
 * sweeper's lease. The due query reads the timers through their `nextFireAt` index; a stopped clock
 * has no timer, so finished cases cost the sweeper nothing.
 *
 * Every write to a clock or its timer happens under the clock's document lock. A save writes the
 * timer before the clock when the fire time moves earlier and after it otherwise, so a crash
 * between the two leaves a timer that fires too early (harmless: the sweep finds nothing due and
 * the save corrects it), never one that fires too late.
 */
export class MongoClockRepository implements ClockRepository {
  constructor(private readonly models: Pick<SupervisionModels, 'clocks' | 'timers'>) {}

  async save(clock: CaseClock): Promise<void> {
    const state = clock.toState();
    const events = clock.peekEvents().map(outboxEventOf);
    const next = state.nextFireAt;
    const regionPath = state.caseRef.regionPath;
    await saveVersioned({
      model: this.models.clocks,
      id: state.id,
      version: state.version,
      regionPath,
      fields: clockDocument(state),
      events,
      what: 'clock',
      lockInsert: true,
      before: async (stored) => {
        const was = (stored?.nextFireAt as Date | null | undefined) ?? null;
        if (next && !sameInstant(earlier(was, next), was))
          await this.setTimer(state.id, next, regionPath);
      },
      after: async (stored) => {
        const was = (stored?.nextFireAt as Date | null | undefined) ?? null;
        if (next === null) {
          if (was !== null) await this.models.timers.deleteOne({ _id: state.id }).exec();
        } else if (was !== null && next.getTime() > was.getTime()) {
          await this.setTimer(state.id, next, regionPath);
        }
      },
    });
    clock.pullEvents();
    clock.markPersisted();
  }

  async findById(clockId: string): Promise<CaseClock | null> {
    const [doc] = await findLean<StoredDoc>(this.models.clocks, { _id: clockId });
    return doc ? toClock(doc) : null;
  }

  findByCase(caseId: string): Promise<CaseClock[]> {
    return this.findByCases([caseId]);
  }

  async findByCases(caseIds: readonly string[]): Promise<CaseClock[]> {
    if (caseIds.length === 0) return [];
    const filter =
      caseIds.length === 1 ? { caseId: caseIds[0] } : { caseId: { $in: [...caseIds] } };
    const docs = await findLean<StoredDoc>(this.models.clocks, filter, { startedAt: 1, _id: 1 });
    return docs.map(toClock);
  }

  claimDue(now: Date, limit: number, leaseOwner: string, leaseMs: number): Promise<CaseClock[]> {
    return runAsSystem(leaseOwner, async () => {
      // No sort: MongoDB walks the nextFireAt index in order (earliest first) and stops at the
      // limit; FerretDB v1, which sorts only after reading everything, also stops early this way.
      const candidates = await this.models.timers
        .find(
          {
            nextFireAt: { $lte: now },
            $or: [{ leaseUntil: null }, { leaseUntil: { $lte: now } }],
          },
          { _id: 1 },
        )
        .limit(limit)
        .lean<Pick<TimerDocument, '_id'>[]>()
        .exec();
      const claimed: CaseClock[] = [];
      for (const { _id } of candidates) {
        try {
          const clock = await this.claimOne(_id, now, leaseOwner, leaseMs);
          if (clock) claimed.push(clock);
        } catch (err) {
          // Another replica is claiming or saving it; the next sweep looks again.
          if (!(err instanceof LockBusyError)) throw err;
        }
      }
      return claimed;
    });
  }

  release(clockId: string, leaseOwner: string): Promise<void> {
    return runAsSystem(leaseOwner, () =>
      this.locked(clockId, async () => {
        const timer = await this.models.timers
          .findOne({ _id: clockId }, { leaseOwner: 1 })
          .lean<Pick<TimerDocument, 'leaseOwner'>>()
          .exec();
        if (timer?.leaseOwner !== leaseOwner) return;
        await this.models.timers
          .updateOne({ _id: clockId }, { $set: { leaseOwner: null, leaseUntil: null } })
          .exec();
      }),
    );
  }

  private async claimOne(
    id: string,
    now: Date,
    owner: string,
    leaseMs: number,
  ): Promise<CaseClock | null> {
    return this.locked(
      id,
      async () => {
        const timer = await this.models.timers.findOne({ _id: id }).lean<TimerDocument>().exec();
        if (!timer || timer.nextFireAt.getTime() > now.getTime()) return null;
        if (timer.leaseUntil && timer.leaseUntil.getTime() > now.getTime()) return null;
        const [doc] = await findLean<StoredDoc>(this.models.clocks, { _id: id });
        if (!doc) {
          // Left by a save that crashed before inserting its clock.
          await this.models.timers.deleteOne({ _id: id }).exec();
          return null;
        }
        await this.models.timers
          .updateOne(
            { _id: id },
            { $set: { leaseOwner: owner, leaseUntil: new Date(now.getTime() + leaseMs) } },
          )
          .exec();
        return toClock(doc);
      },
      CLAIM_LOCK_WAIT_MS,
    );
  }

  private async setTimer(id: string, nextFireAt: Date, regionPath: string): Promise<void> {
    await this.models.timers
      .updateOne(
        { _id: id },
        {
          $set: { nextFireAt, regionPath },
          $setOnInsert: { leaseOwner: null, leaseUntil: null },
        },
        { upsert: true },
      )
      .exec();
  }

  private locked<T>(id: string, fn: () => Promise<T>, waitMs?: number): Promise<T> {
    const { clocks } = this.models;
    return withDocumentLock(
      clocks.db,
      clocks.collection.collectionName,
      id,
      fn,
      waitMs === undefined ? {} : { waitMs },
    );
  }
}

function toClock(doc: StoredDoc): CaseClock {
  return CaseClock.fromState(stateOf<CaseClockState>(doc, STORE_ONLY.slice(0, 2)));
}
