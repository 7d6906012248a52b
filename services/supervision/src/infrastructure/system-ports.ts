import { newId } from '@xinfang/kernel';
import type { Clock, IdGenerator } from '../domain';

/** Sortable ULIDs for clocks, records and events. */
export class UlidIdGenerator implements IdGenerator {
  newId(): string {
    return newId();
  }
}

/** The wall clock, or the one the composition passes in (tests move it by hand). */
export class SystemClock implements Clock {
  constructor(private readonly now_: () => Date = () => new Date()) {}
  now(): Date {
    return this.now_();
  }
}
