import { ConflictError, ForbiddenError, ValidationError } from '@xinfang/kernel';
import { hasRole, Principal, ROLES } from '@xinfang/principal';
import { z } from 'zod';
import { Subject, SubjectCatalog, SubjectRegistry, SubjectTaxonomy } from '../../domain';
import { parseInput } from '../shared/input';

export const AddSubjectInput = z.object({
  code: z.string().max(100),
  name: z.string().max(100),
  parent: z.string().max(100),
});
export type AddSubjectInput = z.input<typeof AddSubjectInput>;

/** The subjects a caller's office registers under: base subjects and the office's own. */
export interface SubjectList {
  readonly scopeCode: string;
  readonly subjects: readonly Subject[];
}

/** The county tenant of the caller, or the own code of a city / province caller. */
function scopeOf(principal: Principal): string {
  const scope =
    principal.tenantId ??
    (principal.regionCodes.length === 1 ? principal.regionCodes[0] : undefined);
  if (!scope) throw new ForbiddenError('the caller belongs to offices of several tenants');
  return scope;
}

/** Staff read the subject taxonomy of their office. */
export class ListSubjects {
  constructor(private readonly deps: { readonly subjects: SubjectCatalog }) {}

  async execute(principal: Principal): Promise<SubjectList> {
    const scopeCode = scopeOf(principal);
    const taxonomy = SubjectTaxonomy.withExtensions(
      await this.deps.subjects.extensionsFor(scopeCode),
    );
    return { scopeCode, subjects: taxonomy.list() };
  }
}

/**
 * A tenant admin refines the base taxonomy for their county (an operator for the province): the
 * new subject names a base subject as parent, so cases stay comparable across the province.
 */
export class AddSubject {
  constructor(
    private readonly deps: {
      readonly subjects: SubjectCatalog;
      readonly registry: SubjectRegistry;
    },
  ) {}

  async execute(principal: Principal, input: unknown): Promise<Subject> {
    if (principal.kind !== 'user' || !hasRole(principal, ROLES.tenantAdmin, ROLES.operator)) {
      throw new ForbiddenError('adding subjects needs the tenant-admin or operator role');
    }
    const parsed = parseInput(AddSubjectInput, input);
    const subject: Subject = {
      code: parsed.code.trim(),
      name: parsed.name.trim(),
      parent: parsed.parent.trim(),
    };
    const scopeCode = scopeOf(principal);
    const existing = await this.deps.subjects.extensionsFor(scopeCode);
    if (existing.some((s) => s.code === subject.code)) {
      throw new ConflictError(`subject ${subject.code} exists already`);
    }
    try {
      SubjectTaxonomy.withExtensions([...existing, subject]);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const prefix = `subjects.${existing.length}.`;
      throw new ValidationError(
        err.issues.map((i) => ({
          field: i.field.startsWith(prefix) ? i.field.slice(prefix.length) : i.field,
          reason: i.reason,
        })),
      );
    }
    await this.deps.registry.add(scopeCode, subject, principal.username || principal.subject);
    return subject;
  }
}
