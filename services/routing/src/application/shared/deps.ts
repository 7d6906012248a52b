import {
  CaseViewSource,
  Clock,
  IdGenerator,
  RoutingCaseRepository,
  RoutingPolicySource,
  RoutingRuleRepository,
  UnitMembership,
  UnitRepository,
  WorkingCalendar,
} from '../../domain';

/** Every port the use cases need; each use case takes the subset it uses. */
export interface RoutingDeps {
  cases: RoutingCaseRepository;
  units: UnitRepository;
  rules: RoutingRuleRepository;
  membership: UnitMembership;
  caseViews: CaseViewSource;
  policies: RoutingPolicySource;
  calendar: WorkingCalendar;
  clock: Clock;
  ids: IdGenerator;
}
