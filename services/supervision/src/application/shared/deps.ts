import type { HolidayCalendar } from '@xinfang/kernel';
import type {
  CaseFileRepository,
  Clock,
  ClockRepository,
  IdGenerator,
  LedgerRepository,
  NoticeRepository,
  SupervisionPolicyProvider,
  SupervisionRecordRepository,
} from '../../domain';

/** Everything the use cases need; each takes the subset it uses. */
export interface SupervisionDeps {
  readonly clocks: ClockRepository;
  readonly files: CaseFileRepository;
  readonly records: SupervisionRecordRepository;
  readonly notices: NoticeRepository;
  readonly ledger: LedgerRepository;
  readonly policies: SupervisionPolicyProvider;
  /** The loaded holiday calendar (kernel `loadHolidayCalendar`). */
  readonly calendar: HolidayCalendar;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}
