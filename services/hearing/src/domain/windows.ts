import {
  toLocalDate,
  daysBetween,
  PreconditionError,
  type HolidayCalendar,
  type LocalDate,
} from '@xinfang/kernel';
import type { HearingPolicy } from './policy';
import type { AppealStage } from './refs';

const WINDOW_KIND = { review: 'reviewRequest', reReview: 'reReviewRequest' } as const;
const WHAT = { review: 'review', reReview: 're-review' } as const;
const FROM = { review: 'the reply', reReview: 'the review decision' } as const;

/**
 * Last day to ask for a review (30 days from receiving the reply, Art. 35) or a re-review (30
 * days from receiving the review decision, Art. 36), moved past non-working days.
 */
export function requestDueDate(
  stage: AppealStage,
  receivedDecisionAt: Date,
  policy: HearingPolicy,
  calendar: HolidayCalendar,
): LocalDate {
  const limit = policy.clocks.limits[WINDOW_KIND[stage]];
  return limit.unit === 'calendar'
    ? calendar.dueByCalendarDays(receivedDecisionAt, limit.days)
    : calendar.dueByWorkingDays(receivedDecisionAt, limit.days);
}

/** Refuses a request made after its window, naming the day the window expired. */
export function assertWithinWindow(
  stage: AppealStage,
  receivedDecisionAt: Date,
  requestedAt: Date,
  policy: HearingPolicy,
  calendar: HolidayCalendar,
): LocalDate {
  const due = requestDueDate(stage, receivedDecisionAt, policy, calendar);
  if (daysBetween(due, toLocalDate(requestedAt)) > 0) {
    const { days, unit } = policy.clocks.limits[WINDOW_KIND[stage]];
    throw new PreconditionError(
      `the ${WHAT[stage]} window expired on ${due} (${days} ${unit} days from receiving ` +
        `${FROM[stage]}); ` +
        `the request of ${toLocalDate(requestedAt)} is late`,
      { expiredOn: due, stage },
    );
  }
  return due;
}
