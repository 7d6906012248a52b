import { ConflictError, regionPath } from '@xinfang/kernel';
import { isDuplicateKey } from '@xinfang/store';
import type { Model } from 'mongoose';
import {
  DEFAULT_INTAKE_POLICY,
  type IntakePolicy,
  type IntakePolicyProvider,
  type Subject,
  type SubjectCatalog,
  type SubjectRegistry,
} from '../../domain';
import type { TenantPolicyDocument, TenantSubjectDocument } from './case-model';

/**
 * A tenant's own subjects, one document each (`<scope>:<code>`), so two admins adding the same
 * code cannot both succeed: the unique `_id` refuses the second insert.
 */
export class MongoSubjectCatalog implements SubjectCatalog, SubjectRegistry {
  constructor(private readonly model: Model<TenantSubjectDocument>) {}

  async extensionsFor(scopeCode: string): Promise<readonly Subject[]> {
    const docs = await this.model
      .find({ scopeCode }, { code: 1, name: 1, parent: 1 })
      .sort({ createdAt: 1, _id: 1 })
      .lean<Pick<TenantSubjectDocument, 'code' | 'name' | 'parent'>[]>()
      .exec();
    return docs.map((d) => ({ code: d.code, name: d.name, parent: d.parent }));
  }

  async add(scopeCode: string, subject: Subject, addedBy: string): Promise<void> {
    try {
      await this.model.create({
        _id: `${scopeCode}:${subject.code}`,
        scopeCode,
        code: subject.code,
        name: subject.name,
        parent: subject.parent,
        createdAt: new Date(),
        createdBy: addedBy,
        regionPath: regionPath(scopeCode),
      });
    } catch (err) {
      if (isDuplicateKey(err)) throw new ConflictError(`subject ${subject.code} exists already`);
      throw err;
    }
  }
}

/**
 * The deployment's intake policy (DEFAULT_INTAKE_POLICY) with a tenant's overrides from
 * `tenant_policies` merged in: objects merge key by key, lists and numbers replace.
 */
export class MongoIntakePolicyProvider implements IntakePolicyProvider {
  constructor(
    private readonly model: Model<TenantPolicyDocument>,
    private readonly defaults: IntakePolicy = DEFAULT_INTAKE_POLICY,
  ) {}

  async policyFor(scopeCode: string): Promise<IntakePolicy> {
    const doc = await this.model
      .findOne({ _id: scopeCode }, { overrides: 1 })
      .lean<Pick<TenantPolicyDocument, 'overrides'>>()
      .exec();
    if (!doc?.overrides) return this.defaults;
    return mergeDeep(this.defaults, doc.overrides) as IntakePolicy;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Overrides of the same type as the default replace it; unknown keys are ignored. */
function mergeDeep(base: unknown, override: unknown): unknown {
  if (isPlainObject(base) && isPlainObject(override)) {
    const out: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(override)) {
      if (key in base) out[key] = mergeDeep(base[key], value);
    }
    return out;
  }
  if (Array.isArray(base)) return Array.isArray(override) ? override : base;
  return typeof override === typeof base ? override : base;
}
