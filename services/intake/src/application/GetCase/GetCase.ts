import { NotFoundError } from '@xinfang/kernel';
import { canSee, Principal } from '@xinfang/principal';
import { CaseRepository } from '../../domain';
import { assertCaseReader } from '../shared/access';
import { caseView, CaseView } from '../shared/views';

/**
 * Staff read one case of their scope. A case outside the caller's scope is reported as not
 * found, so its existence is not revealed.
 */
export class GetCase {
  constructor(private readonly deps: { readonly cases: CaseRepository }) {}

  async execute(principal: Principal, caseId: string): Promise<CaseView> {
    assertCaseReader(principal);
    const found = await this.deps.cases.findById(caseId);
    if (!found || !canSee(principal, found.regionPath)) throw new NotFoundError('case', caseId);
    return caseView(found, principal);
  }
}
