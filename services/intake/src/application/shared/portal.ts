import { NotFoundError, ValidationError } from '@xinfang/kernel';
import { Case, CaseRepository, isCaseNumber, isQueryCode } from '../../domain';

/**
 * The case a petitioner's case number and query code open. A wrong code and an unknown number
 * get the same answer, so the portal does not reveal which case numbers exist.
 */
export async function openWithQueryCode(
  cases: CaseRepository,
  caseNumber: string,
  queryCode: string,
): Promise<Case> {
  const issues = [];
  if (!isCaseNumber(caseNumber))
    issues.push({ field: 'caseNumber', reason: 'must look like XF-441481-20260314-000001' });
  if (!isQueryCode(queryCode))
    issues.push({ field: 'queryCode', reason: 'must be the 12-character query code' });
  if (issues.length > 0) throw new ValidationError(issues);
  const found = await cases.findByCaseNumber(caseNumber);
  if (!found || !found.matchesQueryCode(queryCode)) throw new NotFoundError('case', caseNumber);
  return found;
}
