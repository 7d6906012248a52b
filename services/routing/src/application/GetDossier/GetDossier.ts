import { Principal, ROLES } from '@xinfang/principal';
import { z } from 'zod';
import { CaseView, redactForRecipient } from '../../domain';
import { fetchView } from '../shared/deliveries';
import { RoutingDeps } from '../shared/deps';
import { actFor, loadCase } from '../shared/support';
import { id, parseCommand } from '../shared/validation';

export const GetDossierQuery = z.object({
  caseId: id,
  /** The receiving unit whose copy is read; absent for the sending office's own copy. */
  unitId: id.nullish().transform((v) => v ?? null),
});
export type GetDossierQuery = z.input<typeof GetDossierQuery>;

/** Staff of a receiving unit who read the case it was sent. */
const UNIT_READERS = [ROLES.handler, ROLES.unitHead, ROLES.caseLeader];

/**
 * The case as a unit received it: staff of a unit the case is with read that unit's copy, which
 * for a unit named as accused withholds the informant and the materials (Art. 30); clerks of the
 * sending office read the whole dossier.
 */
export class GetDossier {
  constructor(private readonly deps: Pick<RoutingDeps, 'cases' | 'membership' | 'caseViews'>) {}

  async execute(principal: Principal, query: GetDossierQuery): Promise<CaseView> {
    const q = parseCommand(GetDossierQuery, query);
    const routingCase = await loadCase(this.deps, q.caseId);
    if (q.unitId === null) {
      await actFor(this.deps, principal, routingCase.office, [ROLES.clerk], 'read the dossier');
      return fetchView(this.deps, routingCase);
    }
    const unit = routingCase.recipient(q.unitId);
    await actFor(this.deps, principal, unit, UNIT_READERS, 'read the case sent to this unit');
    return redactForRecipient(await fetchView(this.deps, routingCase), unit.unitId);
  }
}
