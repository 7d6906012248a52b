import { HolidayCalendar, loadHolidayCalendar } from '@xinfang/kernel';
import { systemPrincipal } from '@xinfang/principal';
import {
  ApplyCaseEvent,
  ApplyCaseEventResult,
  AssignCaseLeader,
  CloseCase,
  CloseNotice,
  FlagBacklog,
  GetCaseClocks,
  IssueSupervisionNotice,
  ListLeaderCases,
  ListMissingMonthlyStatus,
  RecordClosingDocument,
  RecordFollowUp,
  RecordMonthlyStatus,
  RecordSatisfaction,
  ResolveCase,
  RespondToNotice,
  ScanBacklog,
  SupervisionDeps,
  SweepDueClocks,
  SweepOptions,
  UpdateBacklogPlan,
} from '../../src/application';
import {
  CaseFact,
  SupervisionEvent,
  SupervisionPolicy,
  DEFAULT_SUPERVISION_POLICY,
} from '../../src/domain';
import {
  FakeClock,
  InMemoryCaseFileRepository,
  InMemoryClockRepository,
  InMemoryLedgerRepository,
  InMemoryNoticeRepository,
  InMemorySupervisionRecordRepository,
  SequentialIds,
  StaticPolicies,
} from './doubles';
import { sh } from './mothers';

let calendar: HolidayCalendar | undefined;
/** The shipped holiday arrangements (2025, 2026), loaded once. */
export function holidayCalendar(): HolidayCalendar {
  calendar ??= loadHolidayCalendar([2025, 2026], { strict: true });
  return calendar;
}

export const SYSTEM = systemPrincipal('supervision-test');

/** Everything a use case needs, in memory, with a clock the test moves. */
export function world(
  start = '2025-01-02 09:00',
  policy: SupervisionPolicy = DEFAULT_SUPERVISION_POLICY,
) {
  const clock = new FakeClock(sh(start));
  const deps: SupervisionDeps = {
    clocks: new InMemoryClockRepository(),
    files: new InMemoryCaseFileRepository(),
    records: new InMemorySupervisionRecordRepository(),
    notices: new InMemoryNoticeRepository(),
    ledger: new InMemoryLedgerRepository(),
    policies: new StaticPolicies(policy),
    calendar: holidayCalendar(),
    clock,
    ids: new SequentialIds(),
  };
  const clocks = deps.clocks as InMemoryClockRepository;
  const files = deps.files as InMemoryCaseFileRepository;
  const records = deps.records as InMemorySupervisionRecordRepository;
  const notices = deps.notices as InMemoryNoticeRepository;
  const ledger = deps.ledger as InMemoryLedgerRepository;
  const applyCaseEvent = new ApplyCaseEvent(deps);
  let eventSeq = 0;
  const sweepOptions: SweepOptions = { leaseOwner: 'replica-a', leaseMs: 60_000, batchSize: 100 };
  return {
    deps,
    clock,
    clocks,
    files,
    records,
    notices,
    ledger,
    /** Applies a case event with a fresh id (or the given one). */
    apply(fact: CaseFact, eventId = `evt-${++eventSeq}`): Promise<ApplyCaseEventResult> {
      return applyCaseEvent.execute({ eventId, fact });
    },
    applyCaseEvent,
    sweeper: (options: Partial<SweepOptions> = {}, at = clock) =>
      new SweepDueClocks({ ...deps, clock: at }, { ...sweepOptions, ...options }),
    /** Sets the time and sweeps once with replica A. */
    async sweepAt(local: string) {
      clock.set(sh(local));
      return new SweepDueClocks(deps, sweepOptions).execute();
    },
    /** Every event any repository wrote to its outbox, in write order per repository. */
    events(): SupervisionEvent[] {
      return [...clocks.outbox, ...files.outbox, ...notices.outbox, ...ledger.outbox];
    },
    eventsNamed<N extends SupervisionEvent['name']>(name: N) {
      return this.events().filter(
        (e): e is Extract<SupervisionEvent, { name: N }> => e.name === name,
      );
    },
    getCaseClocks: new GetCaseClocks(deps),
    issueNotice: new IssueSupervisionNotice(deps),
    respondToNotice: new RespondToNotice(deps),
    closeNotice: new CloseNotice(deps),
    assignLeader: new AssignCaseLeader(deps),
    listLeaderCases: new ListLeaderCases(deps),
    flagBacklog: new FlagBacklog(deps),
    scanBacklog: new ScanBacklog(deps),
    updatePlan: new UpdateBacklogPlan(deps),
    recordMonthlyStatus: new RecordMonthlyStatus(deps),
    listMissingMonthlyStatus: new ListMissingMonthlyStatus(deps),
    recordFollowUp: new RecordFollowUp(deps),
    recordSatisfaction: new RecordSatisfaction(deps),
    recordDocument: new RecordClosingDocument(deps),
    closeCase: new CloseCase(deps),
    resolveCase: new ResolveCase(deps),
  };
}

export type World = ReturnType<typeof world>;
