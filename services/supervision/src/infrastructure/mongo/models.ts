import { outboxPlugin, type OutboxMethods, type Outboxed } from '@xinfang/bus';
import { tenancyPlugin, type Logger, type Tenanted } from '@xinfang/store';
import { Connection, Model, Schema, SchemaDefinition } from 'mongoose';

const Mixed = Schema.Types.Mixed;

/** A stored aggregate: its state's fields (as Mixed) plus `_id`, tenancy and, where it has events, the outbox. */
export type StoredDoc = Record<string, unknown> & Tenanted & { _id: string; version?: number };
export type OutboxedModel = Model<StoredDoc & Outboxed, object, OutboxMethods>;

function fields(names: readonly string[], typed: SchemaDefinition = {}): SchemaDefinition {
  const def: SchemaDefinition = { _id: { type: String, required: true } };
  for (const n of names) def[n] = { type: Mixed, default: null };
  return { ...def, ...typed };
}

const options = { versionKey: false, minimize: false, strict: 'throw' } as const;

/** A statutory clock: its state, the case id for lookups, `nextFireAt` for the sweeper. */
const clockSchema = new Schema(
  fields(
    [
      'caseRef',
      'kind',
      'role',
      'statutory',
      'responsibleUnit',
      'status',
      'startedBy',
      'appliedEventIds',
      'dueDate',
      'dueAt',
      'remindAt',
      'reminders',
      'overdues',
      'overdueSince',
      'escalations',
      'pausedBy',
      'stop',
    ],
    {
      caseId: { type: String, required: true, index: true },
      startedAt: { type: Date, required: true },
      // Indexed on the timers, not here: every index slows FerretDB's updates of the clock.
      nextFireAt: { type: Date, default: null },
      version: { type: Number, required: true },
    },
  ),
  { ...options, collection: 'clocks' },
);

/**
 * The sweeper's timer of a clock with pending work: `nextFireAt` (never later than the clock's
 * own) and the lease of the replica sweeping it. Kept apart from the clock so the due query reads
 * small documents, and a stopped clock has none.
 */
export interface TimerDocument extends Tenanted {
  _id: string;
  nextFireAt: Date;
  leaseOwner: string | null;
  leaseUntil: Date | null;
}

const timerSchema = new Schema<TimerDocument>(
  {
    _id: { type: String, required: true },
    nextFireAt: { type: Date, required: true, index: true },
    leaseOwner: { type: String, default: null },
    leaseUntil: { type: Date, default: null },
  },
  { ...options, collection: 'clock_timers' },
);

const caseFileSchema = new Schema(
  fields(
    [
      'caseRef',
      'registration',
      'letters',
      'reply',
      'resultReport',
      'leader',
      'previousLeaders',
      'documents',
      'followUpDueOn',
      'followUps',
      'satisfactions',
      'resolution',
      'terminated',
      'closure',
      'appliedEventIds',
    ],
    {
      leaderSubject: { type: String, default: null, index: true },
      ledgerEntryId: { type: String, default: null },
      closed: { type: Boolean, required: true },
      registeredAt: { type: Date, default: null },
      version: { type: Number, required: true },
    },
  ),
  { ...options, collection: 'case_files' },
);

const recordSchema = new Schema(
  fields(
    [
      'caseRef',
      'kind',
      'level',
      'body',
      'clockId',
      'clockKind',
      'dueDate',
      'supervisedUnit',
      'summary',
      'openedAt',
      'openedBy',
      'status',
      'closedAt',
      'closedBy',
      'conclusion',
      'noticeIds',
    ],
    {
      key: { type: String, required: true, unique: true },
      caseId: { type: String, required: true, index: true },
    },
  ),
  { ...options, collection: 'supervision_records' },
);

const noticeSchema = new Schema(
  fields(
    [
      'caseRef',
      'kind',
      'documentNumber',
      'issuer',
      'targetUnit',
      'reason',
      'responseDueDate',
      'escalationLevel',
      'supervisionRecordId',
      'issuedAt',
      'issuedBy',
      'status',
      'response',
      'closedAt',
      'closedBy',
      'conclusion',
    ],
    {
      caseId: { type: String, required: true, index: true },
      version: { type: Number, required: true },
    },
  ),
  { ...options, collection: 'supervision_notices' },
);

const ledgerSchema = new Schema(
  fields(['caseRef', 'reasons', 'flaggedBy', 'daysOpen', 'plan', 'resolvedAt', 'monthlyStatuses'], {
    caseId: { type: String, required: true, index: true },
    status: { type: String, required: true },
    flaggedAt: { type: Date, required: true },
    version: { type: Number, required: true },
  }),
  { ...options, collection: 'backlog_ledger' },
);

/** A tenant's overrides of the supervision policy (`SupervisionPolicyOverrides`). */
export interface TenantPolicyDocument extends Tenanted {
  /** The tenant (county code). */
  _id: string;
  overrides: Record<string, unknown>;
  updatedAt: Date;
}

const policySchema = new Schema<TenantPolicyDocument>(
  {
    _id: { type: String, required: true },
    overrides: { type: Mixed, default: {} },
    updatedAt: { type: Date, required: true },
  },
  { ...options, collection: 'tenant_policies' },
);

export interface SupervisionModels {
  readonly clocks: OutboxedModel;
  readonly timers: Model<TimerDocument>;
  readonly files: OutboxedModel;
  readonly records: Model<StoredDoc>;
  readonly notices: OutboxedModel;
  readonly ledger: OutboxedModel;
  readonly policies: Model<TenantPolicyDocument>;
}

/** Supervision's models on a connection, every one scoped by the tenancy plugin. */
export function supervisionModels(connection: Connection, logger?: Logger): SupervisionModels {
  const get = <T>(name: string, schema: Schema<T>, outbox = false) => {
    if (connection.models[name]) return connection.models[name] as unknown as Model<T>;
    const s = schema.clone() as unknown as Schema;
    s.plugin(tenancyPlugin, { logger });
    if (outbox) s.plugin(outboxPlugin);
    return connection.model(name, s) as unknown as Model<T>;
  };
  return {
    clocks: get('SupervisionClock', clockSchema, true) as unknown as OutboxedModel,
    timers: get('SupervisionClockTimer', timerSchema),
    files: get('SupervisionCaseFile', caseFileSchema, true) as unknown as OutboxedModel,
    records: get('SupervisionRecord', recordSchema) as unknown as Model<StoredDoc>,
    notices: get('SupervisionNotice', noticeSchema, true) as unknown as OutboxedModel,
    ledger: get('SupervisionLedgerEntry', ledgerSchema, true) as unknown as OutboxedModel,
    policies: get('SupervisionTenantPolicy', policySchema),
  };
}

/** Creates the indexes (`nextFireAt` of the timers, unique record keys among them). */
export async function ensureSupervisionIndexes(models: SupervisionModels): Promise<void> {
  for (const model of Object.values(models) as Model<unknown>[]) await model.init();
}
