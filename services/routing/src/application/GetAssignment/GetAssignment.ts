import { NotFoundError, regionPath } from '@xinfang/kernel';
import { canSee, Principal } from '@xinfang/principal';
import { RoutingCase, RoutingCaseState } from '../../domain';
import { RoutingDeps } from '../shared/deps';
import { loadCase } from '../shared/support';

/**
 * One case's routing record, for those who may see it: staff whose scope covers the place, the
 * sending office, or any unit the case was sent to (a co-unit in another county included).
 * Others are told it does not exist, so case ids reveal nothing across tenants.
 */
export class GetAssignment {
  constructor(private readonly deps: Pick<RoutingDeps, 'cases'>) {}

  async execute(principal: Principal, caseId: string): Promise<RoutingCaseState> {
    const routingCase = await loadCase(this.deps, caseId);
    if (!mayRead(principal, routingCase)) throw new NotFoundError('case', caseId);
    return routingCase.toState();
  }
}

export function mayRead(principal: Principal, routingCase: RoutingCase): boolean {
  const places = [
    routingCase.regionPath,
    ...[routingCase.office, ...routingCase.involvedUnits()].map((u) => regionPath(u.regionCode)),
  ];
  return places.some((path) => canSee(principal, path));
}
