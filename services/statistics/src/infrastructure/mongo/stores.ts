import { ConflictError, regionPath, subtreePattern } from '@xinfang/kernel';
import { canSee, currentPrincipal } from '@xinfang/principal';
import { crossTenant, isDuplicateKey } from '@xinfang/store';
import type { Model } from 'mongoose';
import {
  CaseQuery,
  CaseView,
  CaseViewRepository,
  CompactionBatch,
  CompactionBatchStore,
  CounterDocument,
  CounterFact,
  CounterFactStore,
  CounterIncrement,
  CounterKey,
  escapeRegex,
  KpiCounterStore,
  LeaseStore,
  METRICS,
  SearchCursor,
  TimelineEntry,
  TimelineRepository,
} from '../../domain';
import type { CaseViewDoc, ProjectionModels } from './models';

type Filter = Record<string, unknown>;

/** Batches a counter document remembers; a crashed batch is resumed long before it drops out. */
const COUNTER_BATCHES_KEPT = 50;

/** Inserts documents, ignoring those whose `_id` is already stored. */
async function insertIgnoringDuplicates(model: Model<CaseViewDoc>, docs: Filter[]): Promise<void> {
  if (docs.length === 0) return;
  try {
    await model.insertMany(docs, { ordered: false });
  } catch (err) {
    const writeErrors = (err as { writeErrors?: Array<{ code?: number; err?: { code?: number } }> })
      .writeErrors;
    const onlyDuplicates =
      Array.isArray(writeErrors) &&
      writeErrors.length > 0 &&
      writeErrors.every((e) => (e.code ?? e.err?.code) === 11000);
    if (!onlyDuplicates && !isDuplicateKey(err)) throw err;
  }
}

function toView(doc: Filter): CaseView {
  const { _id, ...rest } = doc;
  return { ...(rest as Omit<CaseView, 'caseId'>), caseId: _id as string };
}

export class MongoCaseViewRepository implements CaseViewRepository {
  constructor(private readonly model: Model<CaseViewDoc>) {}

  async get(caseId: string): Promise<CaseView | undefined> {
    const doc = await this.model.findOne({ _id: caseId }).lean().exec();
    return doc ? toView(doc as Filter) : undefined;
  }

  async save(view: CaseView, previousCount: number): Promise<void> {
    const { caseId, tenantId: _tenantId, ...fields } = view;
    if (previousCount === 0) {
      try {
        await this.model.create({ _id: caseId, ...fields });
        return;
      } catch (err) {
        if (isDuplicateKey(err))
          throw new ConflictError(`case ${caseId} was written concurrently; retry`);
        throw err;
      }
    }
    // The event count guards against a second writer; events of one case are consumed serially.
    const r = await this.model
      .updateOne({ _id: caseId, eventCount: previousCount }, { $set: fields })
      .exec();
    if (r.matchedCount === 0)
      throw new ConflictError(`case ${caseId} changed since it was read; retry`);
  }

  async search(query: CaseQuery, limit: number, after?: SearchCursor): Promise<CaseView[]> {
    const and: Filter[] = [];
    if (query.status?.length) and.push({ status: { $in: query.status } });
    if (query.overdue !== undefined) and.push({ overdue: query.overdue });
    if (query.minEscalationLevel !== undefined)
      and.push({ escalationLevel: { $gte: query.minEscalationLevel } });
    if (query.unitId) and.push({ 'currentUnit.unitId': query.unitId });
    if (query.subject)
      and.push({ subjectCode: { $regex: `^${escapeRegex(query.subject)}(\\.|$)` } });
    if (query.channel) and.push({ channel: query.channel });
    if (query.nature) and.push({ nature: query.nature });
    if (query.region)
      and.push({ regionPath: { $regex: subtreePattern(regionPath(query.region)) } });
    if (query.registeredFrom) and.push({ registeredAt: { $gte: query.registeredFrom } });
    if (query.registeredTo) and.push({ registeredAt: { $lt: query.registeredTo } });
    if (query.closed !== undefined) and.push({ closed: query.closed });
    if (query.resolved !== undefined) and.push({ resolved: query.resolved });
    if (query.q) and.push({ searchText: { $regex: escapeRegex(query.q.trim().toLowerCase()) } });
    if (after) {
      // Newest first, then by id; cases without a registration time sort last.
      and.push(
        after.registeredAt
          ? {
              $or: [
                { registeredAt: { $lt: after.registeredAt } },
                { registeredAt: after.registeredAt, _id: { $lt: after.caseId } },
                { registeredAt: null },
              ],
            }
          : { registeredAt: null, _id: { $lt: after.caseId } },
      );
    }
    const docs = await this.model
      .find(and.length ? { $and: and } : {})
      .select({ appliedEvents: 0 })
      .sort({ registeredAt: -1, _id: -1 })
      .limit(limit)
      .lean()
      .exec();
    return docs.map((d) => ({ ...toView(d as Filter), appliedEvents: [] }));
  }
}

export class MongoTimelineRepository implements TimelineRepository {
  constructor(private readonly model: Model<CaseViewDoc>) {}

  async add(entries: readonly TimelineEntry[]): Promise<void> {
    await insertIgnoringDuplicates(
      this.model,
      entries.map(({ eventId, ...rest }) => ({ _id: eventId, ...rest })),
    );
  }

  async forCase(caseId: string): Promise<TimelineEntry[]> {
    const docs = await this.model.find({ caseId }).sort({ occurredAt: 1, _id: 1 }).lean().exec();
    return docs.map((d) => {
      const { _id, tenantId: _t, ...rest } = d as Filter;
      return { ...(rest as Omit<TimelineEntry, 'eventId'>), eventId: _id as string };
    });
  }
}

export class MongoCounterFactStore implements CounterFactStore {
  constructor(private readonly model: Model<CaseViewDoc>) {}

  async add(facts: readonly CounterFact[]): Promise<void> {
    await insertIgnoringDuplicates(
      this.model,
      facts.map(({ id, ...rest }) => ({ _id: id, ...rest, batch: null })),
    );
  }

  async unclaimed(limit: number): Promise<CounterFact[]> {
    const docs = await this.model.find({ batch: null }).limit(limit).lean().exec();
    return docs.map((d) => {
      const { _id, batch: _b, tenantId: _t, ...rest } = d as Filter;
      return { ...(rest as Omit<CounterFact, 'id'>), id: _id as string };
    });
  }

  async claim(ids: readonly string[], batchId: string): Promise<void> {
    for (let i = 0; i < ids.length; i += 1000) {
      await this.model
        .updateMany({ _id: { $in: ids.slice(i, i + 1000) } }, { $set: { batch: batchId } })
        .exec();
    }
  }
}

export class MongoCompactionBatchStore implements CompactionBatchStore {
  constructor(private readonly model: Model<CaseViewDoc>) {}

  async create(batch: CompactionBatch): Promise<void> {
    await this.model.create({
      _id: batch.id,
      factIds: batch.factIds,
      increments: batch.increments,
      state: 'open',
      createdAt: new Date(),
    });
  }

  async open(): Promise<CompactionBatch[]> {
    const docs = await this.model.find({ state: 'open' }).sort({ _id: 1 }).lean().exec();
    return docs.map((d) => ({
      id: d._id,
      factIds: d.factIds as string[],
      increments: d.increments as CounterIncrement[],
    }));
  }

  async markDone(id: string): Promise<void> {
    // The increments are no longer needed once applied; keep the record small.
    await this.model
      .updateOne({ _id: id }, { $set: { state: 'done', factIds: [], increments: [] } })
      .exec();
  }
}

export class MongoKpiCounterStore implements KpiCounterStore {
  constructor(private readonly model: Model<CaseViewDoc>) {}

  /**
   * Adds a batch's increment once. Only the compactor holding the lease writes counters, so the
   * document read here cannot change before the write: a new counter is an insert, an existing
   * one a single update that also records the batch (guarded by it as well).
   */
  async apply(batchId: string, inc: CounterIncrement, at: Date): Promise<void> {
    const current = await this.model
      .findOne({ _id: inc.key.id })
      .select('+appliedEvents')
      .lean()
      .exec();
    const applied = (current?.appliedEvents as string[] | undefined) ?? [];
    if (applied.includes(batchId)) return;
    const described = {
      regionCode: inc.key.regionCode,
      level: inc.key.level,
      month: inc.key.month,
      bucket: inc.key.bucket,
      updatedAt: at,
    };
    if (!current) {
      try {
        await this.model.create({
          _id: inc.key.id,
          regionPath: inc.key.regionPath,
          ...described,
          values: inc.values,
          units: inc.units,
          appliedEvents: [batchId],
        });
        return;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        throw new ConflictError(`counter ${inc.key.id} was created concurrently; retry`);
      }
    }
    const $inc: Record<string, number> = {};
    const $set: Record<string, unknown> = {
      ...described,
      appliedEvents: [...applied, batchId].slice(-COUNTER_BATCHES_KEPT),
    };
    for (const [metric, n] of Object.entries(inc.values)) if (n) $inc[`values.${metric}`] = n;
    for (const [field, { unit, count }] of Object.entries(inc.units)) {
      $inc[`units.${field}.count`] = count;
      $set[`units.${field}.unit`] = unit;
    }
    const r = await this.model
      .updateOne(
        { _id: inc.key.id, appliedEvents: { $ne: batchId } },
        Object.keys($inc).length ? { $inc, $set } : { $set },
      )
      .exec();
    if (r.matchedCount === 0)
      throw new ConflictError(`counter ${inc.key.id} changed during compaction; retry`);
  }

  /**
   * Reads counter documents by id. The caller's scope is checked against each key's region
   * first; the read itself is by exact id because FerretDB v1 answers only `{ _id }` alone from
   * its index (a scope clause next to it scans the collection).
   */
  async read(keys: readonly CounterKey[]): Promise<CounterDocument[]> {
    const p = currentPrincipal();
    const visible = keys.filter((k) => canSee(p, k.regionPath));
    const docs = await Promise.all(
      visible.map((k) =>
        this.model
          .findOne({ _id: k.id })
          .setOptions(crossTenant('counter by id; scope checked against its region'))
          .lean()
          .exec()
          .then((doc) => (doc ? { key: k, doc: doc as Filter } : undefined)),
      ),
    );
    return docs
      .filter((d): d is { key: CounterKey; doc: Filter } => d !== undefined)
      .map(({ key, doc }) => ({
        key,
        values: pickMetrics(doc.values as Filter | undefined),
        units: (doc.units as CounterDocument['units'] | undefined) ?? {},
        updatedAt: (doc.updatedAt as Date | undefined) ?? new Date(0),
      }));
  }
}

function pickMetrics(values: Filter | undefined): CounterDocument['values'] {
  const out: CounterDocument['values'] = {};
  for (const m of METRICS) {
    const n = values?.[m];
    if (typeof n === 'number') out[m] = n;
  }
  return out;
}

export class MongoLeaseStore implements LeaseStore {
  constructor(private readonly model: Model<CaseViewDoc>) {}

  async acquire(name: string, holder: string, now: Date, windowMs: number): Promise<boolean> {
    const id = `${name}:${Math.floor(now.getTime() / windowMs)}`;
    try {
      await this.model.create({ _id: id, holder, at: now });
      return true;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const lease = await this.model.findOne({ _id: id }).lean().exec();
      return lease?.holder === holder;
    }
  }

  /** Leases of past windows are history; drop them now and then. */
  async prune(before: Date): Promise<void> {
    await this.model.deleteMany({ at: { $lt: before } }).exec();
  }
}

/** The stores of one projection generation. */
export function projectionStores(models: ProjectionModels) {
  return {
    views: new MongoCaseViewRepository(models.views),
    timeline: new MongoTimelineRepository(models.timeline),
    facts: new MongoCounterFactStore(models.facts),
    counters: new MongoKpiCounterStore(models.counters),
    batches: new MongoCompactionBatchStore(models.batches),
    leases: new MongoLeaseStore(models.leases),
  };
}
