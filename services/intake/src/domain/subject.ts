import { ValidationError } from '@xinfang/kernel';

/** One entry of the subject taxonomy (信访事项分类). Tenant entries refine a base subject. */
export interface Subject {
  readonly code: string;
  readonly name: string;
  /** The base subject a tenant-defined subject refines; absent for base subjects. */
  readonly parent?: string;
}

/** The province-wide subjects every tenant shares; repeat detection compares at this level. */
export const BASE_SUBJECTS: readonly Subject[] = [
  { code: 'land-acquisition', name: '征地' },
  { code: 'demolition', name: '拆迁' },
  { code: 'enterprise-restructuring', name: '企业改制' },
  { code: 'litigation-related', name: '涉法涉诉' },
  { code: 'labour-social-security', name: '劳动和社会保障' },
  { code: 'environment', name: '生态环境' },
  { code: 'education-health', name: '教育卫生' },
  { code: 'military-related', name: '涉军' },
  { code: 'property-management', name: '物业管理' },
  { code: 'rural-affairs', name: '农村农业' },
  { code: 'organisation-personnel', name: '组织人事' },
  { code: 'other', name: '其他' },
];

const CODE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const MAX_CODE_LENGTH = 48;

/**
 * The subjects a tenant may register cases under: the base subjects plus the tenant's own
 * refinements. Each refinement names a base subject as parent, so cases stay comparable across
 * the province.
 */
export class SubjectTaxonomy {
  private readonly byCode: ReadonlyMap<string, Subject>;

  private constructor(subjects: readonly Subject[]) {
    this.byCode = new Map(subjects.map((s) => [s.code, s]));
  }

  /** The base taxonomy extended by a tenant's subjects; a malformed extension is refused. */
  static withExtensions(extensions: readonly Subject[] = []): SubjectTaxonomy {
    const base = new Map(BASE_SUBJECTS.map((s) => [s.code, s]));
    const seen = new Set<string>();
    const issues = extensions.flatMap((s, i) => {
      const field = `subjects.${i}`;
      const problems: { field: string; reason: string }[] = [];
      if (!CODE.test(s.code) || s.code.length > MAX_CODE_LENGTH) {
        problems.push({
          field: `${field}.code`,
          reason: 'must be lower-case words joined by hyphens',
        });
      } else if (base.has(s.code) || seen.has(s.code)) {
        problems.push({ field: `${field}.code`, reason: `"${s.code}" is already defined` });
      }
      seen.add(s.code);
      if (s.name.trim().length === 0)
        problems.push({ field: `${field}.name`, reason: 'is required' });
      if (!s.parent || !base.has(s.parent)) {
        problems.push({ field: `${field}.parent`, reason: 'must name a base subject' });
      }
      return problems;
    });
    if (issues.length > 0) throw new ValidationError(issues);
    return new SubjectTaxonomy([...BASE_SUBJECTS, ...extensions]);
  }

  has(code: string): boolean {
    return this.byCode.has(code);
  }

  get(code: string): Subject | undefined {
    return this.byCode.get(code);
  }

  /** The base subject a code belongs to (itself for a base subject). */
  rootOf(code: string): string {
    const subject = this.byCode.get(code);
    if (!subject) throw new ValidationError('subjectCode', `"${code}" is not a known subject`);
    return subject.parent ?? subject.code;
  }

  list(): readonly Subject[] {
    return [...this.byCode.values()];
  }
}
