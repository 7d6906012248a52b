import { codeOfPath, NotFoundError, regionPath, tenantOf, ValidationError } from '@xinfang/kernel';
import { runAsSystem, type Principal } from '@xinfang/principal';
import type { Model } from 'mongoose';
import {
  checkTemplate,
  DEFAULT_TEMPLATES,
  isTemplateCode,
  TEMPLATE_CODES,
  type NoticeTemplate,
  type TemplateCode,
} from '../../domain/templates';
import type { TemplateDocument } from '../../infrastructure/mongo/models';

export interface EffectiveTemplate extends NoticeTemplate {
  /** `default` or the tenant whose override is in force. */
  readonly source: 'default' | 'tenant';
  readonly updatedAt: Date | null;
}

/** The tenant a region path belongs to: its county, or the city/province code itself. */
export function templateOwnerOf(path: string): string {
  const code = codeOfPath(path);
  return tenantOf(code) ?? code;
}

/** Templates in force per tenant: the tenant's override, else the shipped default. */
export class TemplateCatalog {
  constructor(private readonly templates: Model<TemplateDocument>) {}

  /** The template used for a case at `casePath`. */
  async forCase(code: TemplateCode, casePath: string): Promise<NoticeTemplate> {
    const owner = templateOwnerOf(casePath);
    const override = await runAsSystem('notification:templates', () =>
      this.templates.findById(`${owner}:${code}`).lean().exec(),
    );
    return override ? toTemplate(override) : DEFAULT_TEMPLATES[code];
  }

  async list(principal: Principal): Promise<EffectiveTemplate[]> {
    const owner = ownerOfCaller(principal);
    const overrides = await this.templates
      .find({ _id: { $in: TEMPLATE_CODES.map((c) => `${owner}:${c}`) } })
      .lean()
      .exec();
    const byCode = new Map(overrides.map((o) => [o.code, o]));
    return TEMPLATE_CODES.map((code) => {
      const o = byCode.get(code);
      return o
        ? { ...toTemplate(o), source: 'tenant' as const, updatedAt: o.updatedAt }
        : { ...DEFAULT_TEMPLATES[code], source: 'default' as const, updatedAt: null };
    });
  }

  /** Saves the caller's tenant's override (tenant admins only, checked by the route). */
  async put(
    principal: Principal,
    code: string,
    input: { title: string; body: string; sms: string },
  ): Promise<EffectiveTemplate> {
    const known = requireCode(code);
    const template = checkTemplate({ code: known, ...input });
    const owner = ownerOfCaller(principal);
    const updatedAt = new Date();
    await this.templates
      .replaceOne(
        { _id: `${owner}:${known}` },
        {
          _id: `${owner}:${known}`,
          ...template,
          regionPath: regionPath(owner),
          updatedBy: principal.username || principal.subject,
          updatedAt,
        },
        { upsert: true },
      )
      .exec();
    return { ...template, source: 'tenant', updatedAt };
  }

  /** Drops the override: the default applies again. */
  async reset(principal: Principal, code: string): Promise<void> {
    const known = requireCode(code);
    const owner = ownerOfCaller(principal);
    const r = await this.templates.deleteOne({ _id: `${owner}:${known}` }).exec();
    if (r.deletedCount === 0) throw new NotFoundError('template override', known);
  }
}

function requireCode(code: string): TemplateCode {
  if (!isTemplateCode(code))
    throw new ValidationError('params.code', `must be one of ${TEMPLATE_CODES.join(', ')}`);
  return code;
}

function ownerOfCaller(p: Principal): string {
  if (p.tenantId) return p.tenantId;
  const [only] = p.scopePaths;
  if (p.scopePaths.length !== 1 || !only || only === '/')
    throw new ValidationError('principal', 'the caller must belong to exactly one region');
  return codeOfPath(only);
}

function toTemplate(doc: TemplateDocument): NoticeTemplate {
  return { code: doc.code, title: doc.title, body: doc.body, sms: doc.sms };
}
