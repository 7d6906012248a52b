import type { HolidayCalendar } from '@xinfang/kernel';
import type { SupervisionPolicy } from './policy';

export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  /** A new unique, sortable id (ULID in infrastructure); also used for event ids. */
  newId(): string;
}

/** What an aggregate needs to count time: the loaded holiday calendar and the tenant's policy. */
export interface TimeContext {
  readonly calendar: HolidayCalendar;
  readonly policy: SupervisionPolicy;
  readonly ids: IdGenerator;
}
