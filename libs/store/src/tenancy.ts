import { ForbiddenError, ValidationError } from '@xinfang/kernel';
import { currentPrincipal, Principal } from '@xinfang/principal';
import type { Aggregate, HydratedDocument, Query, Schema } from 'mongoose';
import { Logger, silentLogger } from './logger';
import {
  assertWritable,
  Filter,
  guardUpdate,
  isRegionPath,
  isUnscoped,
  readScopeFilter,
  tenantIdOf,
  writeScopeFilter,
} from './scope';

/** Fields the tenancy plugin adds to every document. */
export interface Tenanted {
  /** County code of the document's region; null for city- and province-level documents. */
  tenantId: string | null;
  /** Region path of the document, e.g. `/440000/441400/441481/441481001`. */
  regionPath: string;
}

export interface TenancyPluginOptions {
  /** Receives a line for every deliberate cross-tenant read. */
  logger?: Logger;
}

const READS = ['countDocuments', 'distinct', 'find', 'findOne'] as const;
const UPDATES = ['findOneAndUpdate', 'updateMany', 'updateOne'] as const;
const REPLACES = ['findOneAndReplace', 'replaceOne'] as const;
const DELETES = ['deleteMany', 'deleteOne', 'findOneAndDelete'] as const;
const QUERY_OPS = [
  ...READS,
  ...UPDATES,
  ...REPLACES,
  ...DELETES,
  'estimatedDocumentCount',
] as const;

/** Aggregation stages that read or write other collections, which a prepended $match cannot scope. */
const ESCAPING_STAGES = ['$lookup', '$graphLookup', '$unionWith', '$out', '$merge'];
const WRITING_STAGES = ['$out', '$merge'];

const LOADED_PATH = 'tenancy:loadedRegionPath';

/**
 * Scopes every query, update, delete, count, distinct, aggregate and write of a model to the
 * current principal's region subtree (DESIGN §4). Outside a request or system context every
 * operation throws. A deliberate read across tenants says so and why:
 * `Model.find(filter).setOptions(crossTenant('reason'))`; background work runs in `runAsSystem`.
 * Only `Model.collection` (the raw driver) bypasses the plugin, so it is not used for tenant data.
 */
export function tenancyPlugin(schema: Schema, options: TenancyPluginOptions = {}): void {
  const logger = options.logger ?? silentLogger;
  schema.add({
    tenantId: { type: String, default: null, index: true },
    regionPath: {
      type: String,
      required: true,
      index: true,
      validate: {
        validator: isRegionPath,
        message: 'regionPath must be a region path such as /440000/441400/441481',
      },
    },
  });

  schema.pre(
    [...QUERY_OPS],
    { document: false, query: true },
    function (this: Query<unknown, unknown>) {
      scopeQuery(this, logger);
    },
  );

  schema.pre('aggregate', function (this: Aggregate<unknown>) {
    scopeAggregate(this, logger);
  });

  schema.post('init', function (this: HydratedDocument<Tenanted>) {
    this.$locals[LOADED_PATH] = this.get('regionPath');
  });

  schema.pre('save', function (this: HydratedDocument<Tenanted>) {
    const p = currentPrincipal();
    if (this.isNew || this.isModified('regionPath')) {
      const path = this.get('regionPath');
      assertWritable(p, path);
      this.set('tenantId', tenantIdOf(path));
    } else if (this.isModified('tenantId')) {
      throw new ForbiddenError('tenantId follows regionPath; set regionPath instead');
    }
    if (this.isNew) return;
    const loaded = this.$locals[LOADED_PATH];
    if (typeof loaded === 'string') assertWritable(p, loaded);
    // The stored document must still be in scope when the update reaches the server.
    const scope = writeScopeFilter(p);
    if (scope) this.$where = { ...(this.$where ?? {}), $and: [scope] };
  });

  schema.post('save', function (this: HydratedDocument<Tenanted>) {
    this.$locals[LOADED_PATH] = this.get('regionPath');
  });

  schema.pre('insertMany', function (next: (err?: Error) => void, docs: unknown) {
    try {
      const p = currentPrincipal();
      for (const doc of Array.isArray(docs) ? docs : [docs]) stampNew(p, doc);
      next();
    } catch (err) {
      next(err as Error);
    }
  });

  schema.pre('bulkWrite', function (next: (err?: Error) => void, ops: unknown) {
    try {
      const p = currentPrincipal();
      for (const op of ops as BulkOp[]) scopeBulkOp(p, op);
      next();
    } catch (err) {
      next(err as Error);
    }
  });
}

function stampNew(p: Principal, doc: unknown): void {
  const target = doc as {
    get?: (k: string) => unknown;
    set?: (k: string, v: unknown) => void;
  } & Filter;
  const path = typeof target.get === 'function' ? target.get('regionPath') : target.regionPath;
  assertWritable(p, path);
  if (typeof target.set === 'function') target.set('tenantId', tenantIdOf(path));
  else target.tenantId = tenantIdOf(path);
}

function takeCrossTenant(options: Record<string, unknown> | undefined): string | undefined {
  if (!options || !('crossTenant' in options)) return undefined;
  const reason = options.crossTenant;
  delete options.crossTenant;
  if (typeof reason !== 'string' || reason.trim().length < 3) {
    throw new ValidationError('crossTenant', 'a cross-tenant read must give its reason');
  }
  return reason;
}

function scopeQuery(query: Query<unknown, unknown>, logger: Logger): void {
  const p = currentPrincipal();
  const op = (query as unknown as { op?: string }).op ?? '';
  const options = query.getOptions() as Record<string, unknown>;
  const reason = takeCrossTenant(options);
  const isRead = (READS as readonly string[]).includes(op) || op === 'estimatedDocumentCount';
  if (reason !== undefined) {
    if (!isRead)
      throw new ForbiddenError(
        'crossTenant applies to reads only; write as the system with runAsSystem',
      );
    logger.info(
      { model: query.model?.modelName, op, reason, principal: p.username || p.subject },
      'cross-tenant read',
    );
    return;
  }
  if (op === 'estimatedDocumentCount') {
    if (!isUnscoped(p))
      throw new ForbiddenError('estimatedDocumentCount cannot be scoped; use countDocuments');
    return;
  }
  if (isRead) {
    const scope = readScopeFilter(p);
    if (scope) query.and([scope]);
    return;
  }
  const filter = query.getFilter() as Filter;
  const scope = writeScopeFilter(p);
  if (scope) query.and([scope]);
  if ((DELETES as readonly string[]).includes(op)) return;
  const replace = (REPLACES as readonly string[]).includes(op);
  query.setUpdate(
    guardUpdate(p, query.getUpdate(), { upsert: options.upsert === true, filter, replace }),
  );
}

function scopeAggregate(agg: Aggregate<unknown>, logger: Logger): void {
  const p = currentPrincipal();
  const reason = takeCrossTenant(agg.options as Record<string, unknown>);
  const pipeline = agg.pipeline();
  const stages = stagesIn(pipeline);
  if (!isUnscoped(p) && stages.some((s) => WRITING_STAGES.includes(s))) {
    throw new ForbiddenError('$out and $merge are for system tasks only');
  }
  if (reason !== undefined) {
    logger.info(
      {
        model: agg.model()?.modelName,
        op: 'aggregate',
        reason,
        principal: p.username || p.subject,
      },
      'cross-tenant read',
    );
    return;
  }
  const scope = readScopeFilter(p);
  if (!scope) return;
  const escaping = stages.find((s) => ESCAPING_STAGES.includes(s));
  if (escaping)
    throw new ForbiddenError(
      `${escaping} reaches outside the tenancy scope; use crossTenant or runAsSystem`,
    );
  pipeline.unshift({ $match: scope });
}

/** Every key starting with `$` anywhere in the pipeline, so nested $facet/$lookup stages are seen. */
function stagesIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => stagesIn(v, found));
  else if (
    value &&
    typeof value === 'object' &&
    !(value instanceof RegExp) &&
    !(value instanceof Date)
  ) {
    for (const [k, v] of Object.entries(value)) {
      if (k.startsWith('$')) found.push(k);
      stagesIn(v, found);
    }
  }
  return found;
}

type BulkOp = Record<
  string,
  { filter?: Filter; update?: unknown; replacement?: Filter; document?: Filter; upsert?: boolean }
>;

function scopeBulkOp(p: Principal, op: BulkOp): void {
  const [kind, spec] = Object.entries(op)[0] ?? [];
  if (!kind || !spec) throw new ValidationError('bulkWrite', 'empty operation');
  const scope = writeScopeFilter(p);
  const original = spec.filter ?? {};
  if (kind !== 'insertOne' && scope) spec.filter = { $and: [original, scope] };
  switch (kind) {
    case 'insertOne':
      stampNew(p, spec.document);
      return;
    case 'updateOne':
    case 'updateMany':
      spec.update = guardUpdate(p, spec.update, { upsert: spec.upsert === true, filter: original });
      return;
    case 'replaceOne':
      spec.replacement = guardUpdate(p, spec.replacement, { replace: true });
      return;
    case 'deleteOne':
    case 'deleteMany':
      return;
    default:
      throw new ValidationError('bulkWrite', `unsupported operation ${kind}`);
  }
}
