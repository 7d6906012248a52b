import { appliedEventsPlugin } from '@xinfang/bus';
import { tenancyPlugin } from '@xinfang/store';
import { Connection, Model, Schema } from 'mongoose';

/** The generation the service starts with; its collections carry no suffix. */
export const FIRST_GENERATION = 'g0';

const unitSchema = new Schema({ unitId: String, name: String, regionCode: String }, { _id: false });

export interface CaseViewDoc {
  _id: string;
  [field: string]: unknown;
}

const caseViewSchema = new Schema(
  {
    _id: { type: String, required: true },
    caseNumber: String,
    regionCode: String,
    channel: { type: String, default: null },
    nature: { type: String, default: null },
    subjectCode: String,
    subjectName: String,
    title: String,
    urgency: { type: String, default: null },
    collective: Boolean,
    headcount: Number,
    repeat: Boolean,
    skipLevel: Boolean,
    legalChannel: Boolean,
    crossJurisdiction: Boolean,
    registeredAt: { type: Date, default: null },
    status: String,
    currentUnit: { type: unitSchema, default: null },
    acceptedAt: { type: Date, default: null },
    repliedAt: { type: Date, default: null },
    closedAt: { type: Date, default: null },
    resolvedAt: { type: Date, default: null },
    handlingDueDate: { type: String, default: null },
    extended: Boolean,
    overdueClocks: [String],
    overdue: Boolean,
    everOverdue: Boolean,
    escalationLevel: Number,
    replyOutcome: { type: String, default: null },
    satisfaction: { type: String, default: null },
    closed: Boolean,
    resolved: Boolean,
    terminated: Boolean,
    backlog: Boolean,
    caseLeader: { type: String, default: null },
    lastEventType: String,
    lastEventAt: Date,
    eventCount: Number,
    appliedEvents: [String],
    searchText: String,
  },
  { versionKey: false, minimize: false },
);
caseViewSchema.plugin(tenancyPlugin);
// Keyset paging: every filter the console uses leads with its field and ends with the page order.
const PAGE_ORDER = { registeredAt: -1, _id: -1 } as const;
caseViewSchema.index({ regionPath: 1, ...PAGE_ORDER });
caseViewSchema.index({ status: 1, ...PAGE_ORDER });
caseViewSchema.index({ overdue: 1, ...PAGE_ORDER });
caseViewSchema.index({ escalationLevel: 1, ...PAGE_ORDER });
caseViewSchema.index({ 'currentUnit.unitId': 1, ...PAGE_ORDER });
caseViewSchema.index({ subjectCode: 1, ...PAGE_ORDER });
caseViewSchema.index({ channel: 1, ...PAGE_ORDER });
caseViewSchema.index({ nature: 1, ...PAGE_ORDER });
caseViewSchema.index(PAGE_ORDER);

const timelineSchema = new Schema(
  {
    _id: { type: String, required: true },
    caseId: { type: String, required: true },
    name: String,
    type: String,
    source: String,
    occurredAt: Date,
    actor: { type: new Schema({ username: String, role: String }, { _id: false }), default: null },
    unit: { type: new Schema({ unitId: String, name: String }, { _id: false }), default: null },
  },
  { versionKey: false },
);
timelineSchema.plugin(tenancyPlugin);
timelineSchema.index({ caseId: 1, occurredAt: 1, _id: 1 });

const factSchema = new Schema(
  {
    _id: { type: String, required: true },
    metric: String,
    caseId: String,
    eventId: String,
    regionCode: String,
    month: String,
    subjectCode: String,
    unit: { type: unitSchema, default: null },
    at: Date,
    /** The compaction batch that took the fact; null until then. */
    batch: { type: String, default: null },
  },
  { versionKey: false },
);
factSchema.plugin(tenancyPlugin);
factSchema.index({ batch: 1 });

const counterSchema = new Schema(
  {
    _id: { type: String, required: true },
    regionCode: String,
    level: String,
    month: String,
    bucket: String,
    values: { type: Schema.Types.Mixed, default: {} },
    units: { type: Schema.Types.Mixed, default: {} },
    updatedAt: Date,
  },
  { versionKey: false, minimize: false },
);
counterSchema.plugin(tenancyPlugin);
counterSchema.plugin(appliedEventsPlugin);

const batchSchema = new Schema(
  {
    _id: { type: String, required: true },
    factIds: [String],
    increments: Schema.Types.Mixed,
    state: { type: String, enum: ['open', 'done'], required: true },
    createdAt: Date,
  },
  { versionKey: false },
);
batchSchema.index({ state: 1 });

const leaseSchema = new Schema(
  { _id: { type: String, required: true }, holder: String, at: Date },
  { versionKey: false },
);

export interface MetaDoc {
  _id: string;
  generation: string;
  groupId: string;
  switchedAt: Date;
}

const metaSchema = new Schema<MetaDoc>(
  {
    _id: { type: String, required: true },
    generation: String,
    groupId: String,
    switchedAt: Date,
  },
  { versionKey: false },
);

export interface ProjectionModels {
  generation: string;
  views: Model<CaseViewDoc>;
  timeline: Model<CaseViewDoc>;
  facts: Model<CaseViewDoc>;
  counters: Model<CaseViewDoc>;
  batches: Model<CaseViewDoc>;
  leases: Model<CaseViewDoc>;
}

function modelOf(
  connection: Connection,
  name: string,
  schema: Schema,
  collection: string,
): Model<CaseViewDoc> {
  return (
    (connection.models[name] as Model<CaseViewDoc> | undefined) ??
    connection.model<CaseViewDoc>(name, schema, collection)
  );
}

/**
 * The collections of one projection generation. A rebuild fills a new generation from the topic
 * while the old one keeps serving, then the service switches to it.
 */
export function projectionModels(connection: Connection, generation: string): ProjectionModels {
  const suffix = generation === FIRST_GENERATION ? '' : `_${generation}`;
  const m = (name: string, schema: Schema, collection: string) =>
    modelOf(connection, `Statistics${name}${suffix}`, schema, `${collection}${suffix}`);
  return {
    generation,
    views: m('CaseView', caseViewSchema, 'case_views'),
    timeline: m('Timeline', timelineSchema, 'case_timeline'),
    facts: m('CounterFact', factSchema, 'counter_facts'),
    counters: m('KpiCounter', counterSchema, 'kpi_counters'),
    batches: m('CompactionBatch', batchSchema, 'compaction_batches'),
    leases: m('Lease', leaseSchema, 'leases'),
  };
}

/** Which generation serves, and the consumer group that feeds it. */
export function metaModel(connection: Connection): Model<MetaDoc> {
  return (
    (connection.models.StatisticsMeta as Model<MetaDoc> | undefined) ??
    connection.model<MetaDoc>('StatisticsMeta', metaSchema, 'statistics_meta')
  );
}

export async function initModels(models: ProjectionModels): Promise<void> {
  await Promise.all(
    [
      models.views,
      models.timeline,
      models.facts,
      models.counters,
      models.batches,
      models.leases,
    ].map((model) => model.init()),
  );
}
