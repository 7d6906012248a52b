import { NotFoundError } from '@xinfang/kernel';
import { Principal, ROLES } from '@xinfang/principal';
import { z } from 'zod';
import { Page, ROUTING_STATUSES, RoutingCaseState, UnitRef } from '../../domain';
import { RoutingDeps } from '../shared/deps';
import { actFor } from '../shared/support';
import { cursor, id, limit, parseCommand } from '../shared/validation';

export const ListAssignmentsQuery = z.object({
  /** A unit's in-tray: cases currently sent to it. */
  unitId: id.nullish().transform((v) => v ?? null),
  /** An office's out-tray: cases it registered and disposes of. */
  officeId: id.nullish().transform((v) => v ?? null),
  statuses: z
    .array(z.enum(ROUTING_STATUSES))
    .nullish()
    .transform((v) => v ?? null),
  limit,
  cursor,
});
export type ListAssignmentsQuery = z.input<typeof ListAssignmentsQuery>;

/** Staff roles that work a unit's or office's trays. */
const TRAY_ROLES = [ROLES.clerk, ROLES.handler, ROLES.unitHead, ROLES.caseLeader];

/**
 * Lists routing cases. A unit's or office's tray is open to its own staff wherever the cases lie
 * (co-units across counties); without a tray the listing is limited to the caller's scope.
 */
export class ListAssignments {
  constructor(private readonly deps: Pick<RoutingDeps, 'cases' | 'units' | 'membership'>) {}

  async execute(
    principal: Principal,
    query: ListAssignmentsQuery,
  ): Promise<Page<RoutingCaseState>> {
    const q = parseCommand(ListAssignmentsQuery, query);
    const tray = q.unitId ?? q.officeId;
    if (tray !== null && principal.kind !== 'system') {
      await actFor(
        this.deps,
        principal,
        await this.unitRef(tray),
        TRAY_ROLES,
        'see the cases of this unit',
      );
    }
    const page = await this.deps.cases.list({
      scopePaths: tray !== null || principal.kind === 'system' ? null : principal.scopePaths,
      unitId: q.unitId,
      officeId: q.officeId,
      statuses: q.statuses,
      limit: q.limit,
      cursor: q.cursor,
    });
    return { items: page.items.map((c) => c.toState()), nextCursor: page.nextCursor };
  }

  private async unitRef(unitId: string): Promise<UnitRef> {
    const unit = await this.deps.units.get(unitId);
    if (!unit) throw new NotFoundError('unit', unitId);
    return unit.ref();
  }
}
