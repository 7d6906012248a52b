import { ClockLimit, ClockPolicy, toLocalDate } from '@xinfang/kernel';

/**
 * The time limits routing applies, taken from the deployment's clock policy (per tenant
 * overridable). `DEFAULT_CLOCK_POLICY` of the kernel satisfies it.
 */
export type RoutingPolicy = Pick<ClockPolicy, 'limits' | 'extension'>;

/**
 * The holiday-aware calendar (Asia/Shanghai). Both count from the day after the day of `start`
 * and return the last day of the limit as `YYYY-MM-DD`; a calendar-day limit ending on a
 * non-working day moves to the next working day. The kernel's `HolidayCalendar` implements it.
 */
export interface WorkingCalendar {
  dueByCalendarDays(start: Date, days: number): string;
  dueByWorkingDays(start: Date, n: number): string;
}

/** Due dates of the clocks routing sets, from the policy and the calendar. */
export class Deadlines {
  constructor(
    readonly policy: RoutingPolicy,
    private readonly calendar: WorkingCalendar,
  ) {}

  /** Petition office disposes of the case (Art. 22), from receipt. */
  dispose(receivedAt: Date): string {
    return this.due(receivedAt, this.policy.limits.dispose);
  }

  /** Competent unit decides on acceptance (Art. 23), from its receipt. */
  acceptance(routedAt: Date): string {
    return this.due(routedAt, this.policy.limits.acceptance);
  }

  /** Last day a unit may object to a misrouted case (Art. 23), from its receipt. */
  objection(routedAt: Date): string {
    return this.due(routedAt, this.policy.limits.objection);
  }

  /** Handling and reply (Art. 34), from acceptance, lengthened by the extension days granted. */
  handling(acceptedAt: Date, extensionDays = 0): string {
    const limit = this.policy.limits.handling;
    return this.due(acceptedAt, { days: limit.days + extensionDays, unit: limit.unit });
  }

  /** Petitioner may ask for a review (Art. 35), from receiving the reply. */
  reviewRequest(deliveredAt: Date): string {
    return this.due(deliveredAt, this.policy.limits.reviewRequest);
  }

  /** The Shanghai calendar date of an instant. */
  today(now: Date): string {
    return toLocalDate(now);
  }

  private due(start: Date, limit: ClockLimit): string {
    return limit.unit === 'working'
      ? this.calendar.dueByWorkingDays(start, limit.days)
      : this.calendar.dueByCalendarDays(start, limit.days);
  }
}
