import {
  FieldIssue,
  ForbiddenError,
  isRegionCode,
  regionLevel,
  tenantOf,
  ValidationError,
} from '@xinfang/kernel';
import { hasRole, Principal, ROLES } from '@xinfang/principal';
import { z } from 'zod';
import {
  idNumberProblem,
  normalizeIdNumber,
  normalizePhone,
  Petitioner,
  petitionerKeys,
  phoneProblem,
  PriorCaseRef,
  TerminatedCaseRef,
} from '../../domain';
import { parseInput } from '../shared/input';
import { loadRules, lookUpHistory, RegistrationDeps } from '../shared/registration';

export const CheckTerminatedInput = z.object({
  petitioners: z
    .array(
      z.object({ idNumber: z.string().max(64).nullish(), phone: z.string().max(64).nullish() }),
    )
    .min(1)
    .max(200),
  subjectCode: z.string().max(100),
  locationRegionCode: z.string().max(20),
});
export type CheckTerminatedInput = z.input<typeof CheckTerminatedInput>;

export interface TerminationCheck {
  /** The case in which the matter was terminated after re-review, if it was. */
  readonly terminated: TerminatedCaseRef | null;
  /** Earlier cases of the same people about the same matter, province-wide, oldest first. */
  readonly priorCases: readonly PriorCaseRef[];
}

export type CheckTerminatedDeps = Pick<
  RegistrationDeps,
  'priorCases' | 'terminations' | 'keyHasher' | 'regions' | 'subjects' | 'policies' | 'clock'
>;

/**
 * Before registering, a clerk asks whether the same people's matter was terminated after
 * re-review (and so will not be registered again) and what earlier cases there are.
 */
export class CheckTerminated {
  constructor(private readonly deps: CheckTerminatedDeps) {}

  async execute(principal: Principal, input: unknown): Promise<TerminationCheck> {
    if (principal.kind !== 'user' || !hasRole(principal, ROLES.clerk)) {
      throw new ForbiddenError('checking for terminated matters needs the clerk role');
    }
    const query = parseInput(CheckTerminatedInput, input);
    const issues: FieldIssue[] = [];
    const location = query.locationRegionCode;
    const locationOk =
      isRegionCode(location) && ['county', 'township'].includes(regionLevel(location));
    if (!locationOk)
      issues.push({ field: 'locationRegionCode', reason: 'must be a county or township code' });

    const today = this.deps.clock.now();
    const petitioners: Petitioner[] = query.petitioners.map((p, i) => {
      const idNumber = p.idNumber?.trim() ? normalizeIdNumber(p.idNumber) : null;
      const phone = p.phone?.trim() ? normalizePhone(p.phone) : null;
      const idProblem = idNumber === null ? null : idNumberProblem(idNumber, today);
      const phoneIssue = phone === null ? null : phoneProblem(phone);
      if (idProblem) issues.push({ field: `petitioners.${i}.idNumber`, reason: idProblem });
      if (phoneIssue) issues.push({ field: `petitioners.${i}.phone`, reason: phoneIssue });
      if (idNumber === null && phone === null)
        issues.push({ field: `petitioners.${i}`, reason: 'needs an ID number or a phone' });
      return { kind: 'realName', name: '', idNumber, phone, address: null };
    });

    // The clerk's own tenant (or city / province office) decides which subjects exist.
    const scopeCode = principal.tenantId ?? principal.regionCodes[0] ?? '';
    const { subjects } = await loadRules(this.deps, scopeCode, []);
    if (!subjects.has(query.subjectCode))
      issues.push({
        field: 'subjectCode',
        reason: `"${query.subjectCode}" is not a known subject`,
      });
    if (issues.length > 0) throw new ValidationError(issues);

    const keys = petitionerKeys(petitioners, this.deps.keyHasher);
    const { priorCases, terminated } = await lookUpHistory(
      this.deps,
      keys,
      subjects.rootOf(query.subjectCode),
      tenantOf(location)!,
    );
    return {
      terminated: terminated ?? priorCases.find((p) => p.status === 'terminated') ?? null,
      priorCases,
    };
  }
}
