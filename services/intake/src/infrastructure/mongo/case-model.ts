import { outboxPlugin, type OutboxMethods, type Outboxed } from '@xinfang/bus';
import { tenancyPlugin, type Logger, type Tenanted } from '@xinfang/store';
import { Connection, Model, Schema } from 'mongoose';
import type { CaseState } from '../../domain';

/** A petitioner as stored: ID number and phone sealed by the PII cipher. */
export type StoredPetitioner =
  | { kind: 'anonymous' }
  | {
      kind: 'realName';
      name: string;
      idNumberSealed: string | null;
      phoneSealed: string | null;
      address: string | null;
    };

type PlainFields = Omit<CaseState, 'id' | 'petitioners' | 'tenantId' | 'regionPath'>;

/** One case, one document: state, sealed petitioners and the outbox of its events. */
export interface CaseDocument extends PlainFields, Tenanted, Outboxed {
  _id: string;
  petitioners: StoredPetitioner[];
  /** Denormalized from the aggregate for the province-wide repeat check (Art. 19). */
  handlingWithinLimit: boolean;
}

export type CaseModel = Model<CaseDocument, object, OutboxMethods>;

const Mixed = Schema.Types.Mixed;

const caseSchema = new Schema<CaseDocument>(
  {
    _id: { type: String, required: true },
    caseNumber: { type: String, required: true, unique: true },
    office: { type: Mixed, required: true },
    channel: { type: String, required: true },
    nature: { type: String, required: true },
    subjectCode: { type: String, required: true },
    subjectRoot: { type: String, required: true },
    title: { type: String, required: true },
    narrative: { type: String, required: true },
    location: { type: Mixed, required: true },
    urgency: { type: String, required: true },
    petitioners: { type: Mixed, default: [] },
    anonymous: { type: Boolean, required: true },
    petitionerKeys: { type: [String], default: [], index: true },
    collective: { type: Mixed, default: null },
    referral: { type: Mixed, default: null },
    attachments: { type: Mixed, default: [] },
    files: { type: Mixed, default: [] },
    repeat: { type: Mixed, default: null },
    deferredTo: { type: Mixed, default: null },
    competentRegionCode: { type: String, required: true },
    skipLevel: { type: Boolean, required: true },
    legalChannel: { type: Mixed, default: null },
    legalChannelSuggestion: { type: Mixed, default: null },
    notices: { type: [String], default: [] },
    queryCodeHash: { type: String, required: true },
    status: { type: String, required: true },
    overdue: { type: Boolean, default: false },
    replied: { type: Boolean, default: false },
    resolved: { type: Boolean, default: false },
    timeline: { type: Mixed, default: [] },
    satisfaction: { type: Mixed, default: null },
    registeredAt: { type: Date, required: true },
    registeredBy: { type: Mixed, default: null },
    version: { type: Number, required: true },
    handlingWithinLimit: { type: Boolean, required: true },
  },
  { collection: 'cases', versionKey: false, minimize: false, strict: 'throw' },
);
caseSchema.index({ registeredAt: -1, _id: -1 });
caseSchema.index({ 'location.countyCode': 1, subjectRoot: 1 });

/** Matters terminated after re-review (终结), recorded from CaseTerminated events. */
export interface TerminatedMatterDocument extends Tenanted {
  /** The terminated case's id. */
  _id: string;
  caseNumber: string;
  petitionerKeys: string[];
  subjectCode: string;
  subjectRoot: string;
  countyCode: string;
  locationRegionCode: string;
  locationRegionPath: string;
  terminatedAt: Date;
  eventId: string;
}

const terminatedSchema = new Schema<TerminatedMatterDocument>(
  {
    _id: { type: String, required: true },
    caseNumber: { type: String, required: true },
    petitionerKeys: { type: [String], default: [], index: true },
    subjectCode: { type: String, required: true },
    subjectRoot: { type: String, required: true },
    countyCode: { type: String, required: true },
    locationRegionCode: { type: String, required: true },
    locationRegionPath: { type: String, required: true },
    terminatedAt: { type: Date, required: true },
    eventId: { type: String, required: true },
  },
  { collection: 'terminated_matters', versionKey: false, strict: 'throw' },
);

/** A tenant's own subject (a refinement of a base subject); one document per subject. */
export interface TenantSubjectDocument extends Tenanted {
  /** `<scopeCode>:<code>`: the unique index keeps two admins from adding the same code. */
  _id: string;
  scopeCode: string;
  code: string;
  name: string;
  parent: string;
  createdAt: Date;
  createdBy: string;
}

const subjectSchema = new Schema<TenantSubjectDocument>(
  {
    _id: { type: String, required: true },
    scopeCode: { type: String, required: true, index: true },
    code: { type: String, required: true },
    name: { type: String, required: true },
    parent: { type: String, required: true },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
  },
  { collection: 'tenant_subjects', versionKey: false, strict: 'throw' },
);

/** A tenant's (or city / province office's) overrides of the intake policy. */
export interface TenantPolicyDocument extends Tenanted {
  /** The scope code. */
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
  { collection: 'tenant_policies', versionKey: false, minimize: false, strict: 'throw' },
);

/** One issued case number: inserting under the unique `_id` is what makes it race-free. */
export interface CaseNumberDocument extends Tenanted {
  /** `<scope>:<yyyymmdd>:<seq>`. */
  _id: string;
  scope: string;
  day: string;
  seq: number;
}

const caseNumberSchema = new Schema<CaseNumberDocument>(
  {
    _id: { type: String, required: true },
    scope: { type: String, required: true },
    day: { type: String, required: true },
    seq: { type: Number, required: true },
  },
  { collection: 'case_numbers', versionKey: false, strict: 'throw' },
);
caseNumberSchema.index({ scope: 1, day: 1, seq: -1 });

export interface IntakeModels {
  readonly cases: CaseModel;
  readonly terminatedMatters: Model<TerminatedMatterDocument>;
  readonly subjects: Model<TenantSubjectDocument>;
  readonly policies: Model<TenantPolicyDocument>;
  readonly caseNumbers: Model<CaseNumberDocument>;
}

/** Intake's models on a connection, every one scoped by the tenancy plugin. */
export function intakeModels(connection: Connection, logger?: Logger): IntakeModels {
  const get = <T>(name: string, schema: Schema<T>, plugins: Array<(s: Schema) => void> = []) => {
    if (connection.models[name]) return connection.models[name] as unknown as Model<T>;
    const s = schema.clone() as unknown as Schema;
    s.plugin(tenancyPlugin, { logger });
    for (const p of plugins) s.plugin(p);
    return connection.model(name, s) as unknown as Model<T>;
  };
  return {
    cases: get('Case', caseSchema, [outboxPlugin]) as unknown as CaseModel,
    terminatedMatters: get('TerminatedMatter', terminatedSchema),
    subjects: get('TenantSubject', subjectSchema),
    policies: get('TenantPolicy', policySchema),
    caseNumbers: get('CaseNumber', caseNumberSchema),
  };
}

/** Creates the indexes (unique case numbers and sequence entries among them). */
export async function ensureIntakeIndexes(models: IntakeModels): Promise<void> {
  for (const model of Object.values(models) as Model<unknown>[]) await model.init();
}
