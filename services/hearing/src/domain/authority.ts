import { PreconditionError, type RegionTree } from '@xinfang/kernel';
import type { UnitRef } from './refs';

/**
 * The next higher authority over a unit: the region above the unit's region (a township's
 * county, a county's city, a city's province). Routing's suggestion is kept when it names that
 * same region, as it knows the unit's id and name.
 */
export function nextHigherAuthority(
  tree: RegionTree,
  unit: UnitRef,
  suggested: UnitRef | null = null,
): UnitRef {
  const parent = tree.has(unit.regionCode) ? tree.parent(unit.regionCode) : null;
  if (parent === null)
    throw new PreconditionError(
      `${unit.name || unit.regionCode} has no higher authority in the region tree`,
      { regionCode: unit.regionCode },
    );
  if (suggested && suggested.regionCode === parent && suggested.name) return suggested;
  return { unitId: '', name: tree.name(parent), regionCode: parent };
}
