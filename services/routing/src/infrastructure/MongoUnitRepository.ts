import { subtreePattern } from '@xinfang/kernel';
import { crossTenant } from '@xinfang/store';
import { Model } from 'mongoose';
import { Page, Unit, UnitQuery, UnitRepository, UnitState } from '../domain';
import { DocumentLock } from './mongo/document-lock';
import { UnitDocument } from './mongo/models';
import { afterKey, decodeCursor, pageOf } from './mongo/paging';
import { insertNew, saveVersioned } from './mongo/versioned';

/** The directory is read across tenants: a case may go to a unit of the city or another county. */
const SHARED = crossTenant('the unit directory is shared across tenants for routing');

/** The unit directory in the `units` collection. */
export class MongoUnitRepository implements UnitRepository {
  constructor(
    private readonly model: Model<UnitDocument>,
    private readonly lock: DocumentLock,
  ) {}

  async get(id: string): Promise<Unit | null> {
    const doc = await this.model.findById(id).setOptions(SHARED).lean<UnitDocument>().exec();
    return doc ? toUnit(doc) : null;
  }

  async getMany(ids: readonly string[]): Promise<Unit[]> {
    if (ids.length === 0) return [];
    const docs = await this.model
      .find({ _id: { $in: [...new Set(ids)] } })
      .setOptions(SHARED)
      .lean<UnitDocument[]>()
      .exec();
    return docs.map(toUnit);
  }

  async insert(unit: Unit): Promise<void> {
    await insertNew(this.model, toDocument(unit.toState()), `unit ${unit.id}`);
  }

  async save(unit: Unit): Promise<void> {
    const { regionPath: _path, tenantId: _tenant, _id, ...fields } = toDocument(unit.toState());
    await saveVersioned(
      this.model,
      this.lock,
      _id,
      unit.version,
      { $set: { ...fields, version: unit.version + 1 } },
      `unit ${unit.name}`,
    );
  }

  async localGovernments(regionCodes: readonly string[]): Promise<Unit[]> {
    if (regionCodes.length === 0) return [];
    const docs = await this.model
      .find({ regionCode: { $in: [...regionCodes] }, isLocalGovernment: true })
      .setOptions(SHARED)
      .lean<UnitDocument[]>()
      .exec();
    return docs.map(toUnit);
  }

  async children(unitId: string): Promise<Unit[]> {
    const docs = await this.model
      .find({ parentUnitId: unitId })
      .setOptions(SHARED)
      .lean<UnitDocument[]>()
      .exec();
    return docs.map(toUnit);
  }

  async list(q: UnitQuery): Promise<Page<Unit>> {
    const filter: Record<string, unknown>[] = [
      q.exactRegion
        ? { regionPath: q.regionPathWithin }
        : { regionPath: { $regex: subtreePattern(q.regionPathWithin) } },
    ];
    if (!q.includeInactive) filter.push({ active: true });
    if (q.kind) filter.push({ kind: q.kind });
    if (q.subjectCode) filter.push({ subjectCodes: { $in: broaderCodes(q.subjectCode) } });
    const order = ['regionPath', 'name', '_id'];
    if (q.cursor) filter.push(afterKey(order, decodeCursor(q.cursor, order.length)));
    const docs = await this.model
      .find({ $and: filter })
      .sort({ regionPath: 1, name: 1, _id: 1 })
      .limit(q.limit + 1)
      .setOptions(SHARED)
      .lean<UnitDocument[]>()
      .exec();
    const { rows, nextCursor } = pageOf(docs, q.limit, (d) => [d.regionPath, d.name, d._id]);
    return { items: rows.map(toUnit), nextCursor };
  }
}

/** A subject code and every broader code of it: `a.b.c` → `a`, `a.b`, `a.b.c`. */
export function broaderCodes(subject: string): string[] {
  const parts = subject.split('.');
  return parts.map((_, i) => parts.slice(0, i + 1).join('.'));
}

function toDocument(s: UnitState): UnitDocument {
  return {
    _id: s.id,
    name: s.name,
    kind: s.kind,
    regionCode: s.regionCode,
    regionPath: s.regionPath,
    tenantId: s.tenantId,
    level: s.level,
    subjectCodes: [...s.subjectCodes],
    contacts: s.contacts.map((c) => ({ name: c.name, phone: c.phone, email: c.email })),
    parentUnitId: s.parentUnitId,
    isLocalGovernment: s.isLocalGovernment,
    active: s.active,
    version: s.version,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}

function toUnit(d: UnitDocument): Unit {
  return Unit.restore({
    id: d._id,
    name: d.name,
    kind: d.kind as UnitState['kind'],
    regionCode: d.regionCode,
    regionPath: d.regionPath,
    level: d.level as UnitState['level'],
    tenantId: d.tenantId ?? null,
    subjectCodes: d.subjectCodes ?? [],
    contacts: (d.contacts ?? []).map((c) => ({
      name: c.name,
      phone: c.phone ?? null,
      email: c.email ?? null,
    })),
    parentUnitId: d.parentUnitId ?? null,
    isLocalGovernment: d.isLocalGovernment,
    active: d.active,
    version: d.version,
    createdAt: new Date(d.createdAt),
    updatedAt: new Date(d.updatedAt),
  });
}
