import { RoutingDeps } from '../../src/application';
import { RoutingRule } from '../../src/domain';
import {
  InMemoryCaseRepository,
  InMemoryCaseViews,
  InMemoryRuleRepository,
  InMemoryUnitRepository,
  ManualClock,
  SequenceIds,
  StaticMembership,
  StaticPolicies,
  TEST_CALENDAR,
} from './doubles';
import { directory, MONDAY, UNITS } from './mothers';

export interface Harness extends RoutingDeps {
  cases: InMemoryCaseRepository;
  units: InMemoryUnitRepository;
  rules: InMemoryRuleRepository;
  membership: StaticMembership;
  caseViews: InMemoryCaseViews;
  clock: ManualClock;
}

/**
 * The ports with the demo directory loaded, a rule sending labour matters in Xingning to its
 * human-resources bureau, and staff placed in their units: `clerk.441481` at the petition
 * bureau, `handler.441481` / `head.441481` at the HR bureau, `handler2.441481` at the
 * natural-resources bureau, `clerk.441400` at the city bureau.
 */
export async function harness(): Promise<Harness> {
  const h: Harness = {
    cases: new InMemoryCaseRepository(),
    units: new InMemoryUnitRepository(),
    rules: new InMemoryRuleRepository(),
    membership: new StaticMembership()
      .add('clerk.441481', UNITS.office.id)
      .add('handler.441481', UNITS.hr.id)
      .add('head.441481', UNITS.hr.id)
      .add('handler2.441481', UNITS.land.id)
      .add('head2.441481', UNITS.land.id)
      .add('clerk.441400', UNITS.cityOffice.id),
    caseViews: new InMemoryCaseViews(),
    policies: new StaticPolicies(),
    calendar: TEST_CALENDAR,
    clock: new ManualClock(MONDAY),
    ids: new SequenceIds(),
  };
  for (const unit of directory()) await h.units.insert(unit);
  const target = (await h.units.get(UNITS.hr.id))!;
  await h.rules.insert(
    RoutingRule.create(
      {
        id: 'rule-labour',
        name: '劳动保障',
        scopeRegionCode: '441481',
        subjectCodes: ['labour-social-security'],
        natures: [],
        level: null,
        priority: 0,
        target,
        coUnits: [],
      },
      MONDAY,
    ),
  );
  return h;
}
