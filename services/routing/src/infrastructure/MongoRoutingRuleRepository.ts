import { subtreePattern } from '@xinfang/kernel';
import { crossTenant } from '@xinfang/store';
import { Model } from 'mongoose';
import { Page, RoutingRule, RoutingRuleRepository, RoutingRuleState, RuleQuery } from '../domain';
import { DocumentLock } from './mongo/document-lock';
import { RuleDocument } from './mongo/models';
import { afterKey, decodeCursor, pageOf } from './mongo/paging';
import { insertNew, saveVersioned } from './mongo/versioned';

/** City- and province-wide rules apply to every county below, so rules are read across tenants. */
const SHARED = crossTenant('routing rules of higher levels apply to the regions below them');

/** Routing rules in the `routing_rules` collection. */
export class MongoRoutingRuleRepository implements RoutingRuleRepository {
  constructor(
    private readonly model: Model<RuleDocument>,
    private readonly lock: DocumentLock,
  ) {}

  async get(id: string): Promise<RoutingRule | null> {
    const doc = await this.model.findById(id).setOptions(SHARED).lean<RuleDocument>().exec();
    return doc ? toRule(doc) : null;
  }

  async insert(rule: RoutingRule): Promise<void> {
    await insertNew(this.model, toDocument(rule.toState()), `routing rule ${rule.id}`);
  }

  async save(rule: RoutingRule): Promise<void> {
    const { regionPath: _path, tenantId: _tenant, _id, ...fields } = toDocument(rule.toState());
    await saveVersioned(
      this.model,
      this.lock,
      _id,
      rule.version,
      { $set: { ...fields, version: rule.version + 1 } },
      `routing rule ${rule.id}`,
    );
  }

  async list(q: RuleQuery): Promise<Page<RoutingRule>> {
    const filter: Record<string, unknown>[] = [];
    if (q.scopePathWithin !== '/') {
      filter.push({ regionPath: { $regex: subtreePattern(q.scopePathWithin) } });
    }
    if (!q.includeInactive) filter.push({ active: true });
    if (q.targetUnitId) filter.push({ targetUnitId: q.targetUnitId });
    if (q.cursor) filter.push(afterKey(['_id'], decodeCursor(q.cursor, 1)));
    const docs = await this.model
      .find(filter.length > 0 ? { $and: filter } : {})
      .sort({ _id: 1 })
      .limit(q.limit + 1)
      .setOptions(SHARED)
      .lean<RuleDocument[]>()
      .exec();
    const { rows, nextCursor } = pageOf(docs, q.limit, (d) => [d._id]);
    return { items: rows.map(toRule), nextCursor };
  }

  async candidates(scopeRegionCodes: readonly string[]): Promise<RoutingRule[]> {
    if (scopeRegionCodes.length === 0) return [];
    const docs = await this.model
      .find({ scopeRegionCode: { $in: [...scopeRegionCodes] }, active: true })
      .setOptions(SHARED)
      .lean<RuleDocument[]>()
      .exec();
    return docs.map(toRule);
  }
}

function toDocument(s: RoutingRuleState): RuleDocument {
  return {
    _id: s.id,
    name: s.name,
    scopeRegionCode: s.scopeRegionCode,
    regionPath: s.scopePath,
    tenantId: s.tenantId,
    subjectCodes: [...s.subjectCodes],
    natures: [...s.natures],
    level: s.level,
    priority: s.priority,
    targetUnitId: s.targetUnitId,
    coUnitIds: [...s.coUnitIds],
    active: s.active,
    version: s.version,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}

function toRule(d: RuleDocument): RoutingRule {
  return RoutingRule.restore({
    id: d._id,
    name: d.name,
    scopeRegionCode: d.scopeRegionCode,
    scopePath: d.regionPath,
    tenantId: d.tenantId ?? null,
    subjectCodes: d.subjectCodes ?? [],
    natures: (d.natures ?? []) as RoutingRuleState['natures'],
    level: (d.level ?? null) as RoutingRuleState['level'],
    priority: d.priority,
    targetUnitId: d.targetUnitId,
    coUnitIds: d.coUnitIds ?? [],
    active: d.active,
    version: d.version,
    createdAt: new Date(d.createdAt),
    updatedAt: new Date(d.updatedAt),
  });
}
