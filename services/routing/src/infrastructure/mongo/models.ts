import { outboxPlugin, Outboxed } from '@xinfang/bus';
import { Logger, Tenanted, tenancyPlugin } from '@xinfang/store';
import { Connection, Model, Schema } from 'mongoose';

/** Stored unit: the unit's state under its id. */
export interface UnitDocument extends Tenanted {
  _id: string;
  name: string;
  kind: string;
  regionCode: string;
  level: string;
  subjectCodes: string[];
  contacts: { name: string; phone: string | null; email: string | null }[];
  parentUnitId: string | null;
  isLocalGovernment: boolean;
  active: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface RuleDocument extends Tenanted {
  _id: string;
  name: string;
  scopeRegionCode: string;
  subjectCodes: string[];
  natures: string[];
  level: string | null;
  priority: number;
  targetUnitId: string;
  coUnitIds: string[];
  active: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Stored routing case: the aggregate's state, its outbox, and derived fields for the trays. The
 * case's own tenant is kept as `caseTenantId`, since `tenantId` belongs to the tenancy plugin and
 * follows `regionPath` (the place of the matter).
 */
export interface CaseDocument extends Tenanted, Outboxed {
  _id: string;
  caseTenantId: string;
  status: string;
  officeUnitId: string;
  /** Lead and co-units of the current sending; empty while the case is at the office. */
  currentUnitIds: string[];
  version: number;
  updatedAt: Date;
  /** The rest of the state, as the aggregate keeps it. */
  state: Record<string, unknown>;
}

export interface MemberDocument extends Tenanted {
  /** `<unitId>:<username>`, so a member is in a unit once. */
  _id: string;
  unitId: string;
  username: string;
  subject: string | null;
  addedAt: Date;
  addedBy: string;
}

/** What routing keeps of a case's dossier from its CaseRegistered event. */
export interface DossierDocument extends Tenanted {
  _id: string;
  caseNumber: string;
  nature: string;
  subjectCode: string;
  title: string;
  anonymous: boolean;
  channel: string;
  headcount: number;
  collective: boolean;
  registeredAt: Date;
}

/** A tenant's changes to the deployment's clock policy. */
export interface PolicyDocument extends Tenanted {
  /** The tenant (county code). */
  _id: string;
  overrides: Record<string, unknown>;
  updatedAt: Date;
}

export interface RoutingModels {
  units: Model<UnitDocument>;
  rules: Model<RuleDocument>;
  cases: Model<CaseDocument>;
  members: Model<MemberDocument>;
  dossiers: Model<DossierDocument>;
  policies: Model<PolicyDocument>;
}

const options = { versionKey: false, minimize: false, strict: true } as const;

function define<T>(
  connection: Connection,
  name: string,
  collection: string,
  schema: Schema,
  logger: Logger | undefined,
  outbox = false,
): Model<T> {
  const existing = connection.models[name] as Model<T> | undefined;
  if (existing) return existing;
  schema.plugin(tenancyPlugin, { logger });
  if (outbox) schema.plugin(outboxPlugin);
  return connection.model(name, schema, collection) as unknown as Model<T>;
}

/** The routing service's collections on its own connection (created once per connection). */
export function routingModels(connection: Connection, logger?: Logger): RoutingModels {
  const units = new Schema(
    {
      _id: { type: String, required: true },
      name: { type: String, required: true },
      kind: { type: String, required: true, index: true },
      regionCode: { type: String, required: true, index: true },
      level: { type: String, required: true },
      subjectCodes: { type: [String], default: [], index: true },
      contacts: { type: Schema.Types.Mixed, default: [] },
      parentUnitId: { type: String, default: null, index: true },
      isLocalGovernment: { type: Boolean, default: false },
      active: { type: Boolean, default: true },
      version: { type: Number, required: true },
      createdAt: { type: Date, required: true },
      updatedAt: { type: Date, required: true },
    },
    options,
  );
  const rules = new Schema(
    {
      _id: { type: String, required: true },
      name: { type: String, required: true },
      scopeRegionCode: { type: String, required: true, index: true },
      subjectCodes: { type: [String], default: [] },
      natures: { type: [String], default: [] },
      level: { type: String, default: null },
      priority: { type: Number, default: 0 },
      targetUnitId: { type: String, required: true, index: true },
      coUnitIds: { type: [String], default: [] },
      active: { type: Boolean, default: true },
      version: { type: Number, required: true },
      createdAt: { type: Date, required: true },
      updatedAt: { type: Date, required: true },
    },
    options,
  );
  const cases = new Schema(
    {
      _id: { type: String, required: true },
      caseTenantId: { type: String, required: true },
      status: { type: String, required: true, index: true },
      officeUnitId: { type: String, required: true, index: true },
      currentUnitIds: { type: [String], default: [], index: true },
      version: { type: Number, required: true },
      updatedAt: { type: Date, required: true },
      state: { type: Schema.Types.Mixed, required: true },
    },
    options,
  );
  const members = new Schema(
    {
      _id: { type: String, required: true },
      unitId: { type: String, required: true, index: true },
      username: { type: String, required: true, index: true },
      subject: { type: String, default: null },
      addedAt: { type: Date, required: true },
      addedBy: { type: String, required: true },
    },
    options,
  );
  const dossiers = new Schema(
    {
      _id: { type: String, required: true },
      caseNumber: { type: String, required: true },
      nature: { type: String, required: true },
      subjectCode: { type: String, required: true },
      title: { type: String, default: '' },
      anonymous: { type: Boolean, default: false },
      channel: { type: String, default: '' },
      headcount: { type: Number, default: 1 },
      collective: { type: Boolean, default: false },
      registeredAt: { type: Date, required: true },
    },
    options,
  );
  const policies = new Schema(
    {
      _id: { type: String, required: true },
      overrides: { type: Schema.Types.Mixed, default: {} },
      updatedAt: { type: Date, required: true },
    },
    options,
  );
  return {
    units: define(connection, 'RoutingUnit', 'units', units, logger),
    rules: define(connection, 'RoutingRule', 'routing_rules', rules, logger),
    cases: define(connection, 'RoutingCase', 'routing_cases', cases, logger, true),
    members: define(connection, 'RoutingUnitMember', 'unit_members', members, logger),
    dossiers: define(connection, 'RoutingDossier', 'case_dossiers', dossiers, logger),
    policies: define(connection, 'RoutingTenantPolicy', 'tenant_policies', policies, logger),
  };
}
