import {
  CaseView,
  redactForRecipient,
  RouteRecord,
  RoutingCase,
  UnitRef,
  UnitRole,
} from '../../domain';
import { RoutingDeps } from './deps';

/** The case as one recipient of a forwarding or assignment letter receives it. */
export interface Delivery {
  readonly unit: UnitRef;
  readonly role: UnitRole;
  /** True when the informant's identity and materials were withheld (accused unit, Art. 30). */
  readonly redacted: boolean;
  readonly view: CaseView;
}

/** Fetches the dossier before the case changes, so a failure leaves the case as it was. */
export async function fetchView(
  deps: Pick<RoutingDeps, 'caseViews'>,
  routingCase: RoutingCase,
): Promise<CaseView> {
  const view = await deps.caseViews.get(routingCase.id);
  // Units named as accused by either record are protected.
  const accusedUnitIds = [...new Set([...view.accusedUnitIds, ...routingCase.accusedUnitIds])];
  return { ...view, accusedUnitIds };
}

/** One view per recipient of the route, redacted for accused units. */
export function deliveriesOf(route: RouteRecord, view: CaseView): Delivery[] {
  const recipients: [UnitRef, UnitRole][] = [
    [route.lead, 'lead'],
    ...route.coUnits.map((u): [UnitRef, UnitRole] => [u, 'co']),
  ];
  return recipients.map(([unit, role]) => {
    const shown = redactForRecipient(view, unit.unitId);
    return { unit, role, redacted: shown !== view, view: shown };
  });
}
