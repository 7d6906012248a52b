import { DEFAULT_CLOCK_POLICY, type ClockPolicy } from '@xinfang/kernel';

/** The numbers hearing works with; policy data, never literals in the rules. */
export interface HearingPolicy {
  /** Request windows and decision limits (reviewRequest, reviewDecision, reReview…). */
  readonly clocks: ClockPolicy;
  /** Calendar days between the day a hearing is scheduled and the day it takes place. */
  readonly noticeDays: number;
}

export const DEFAULT_HEARING_POLICY: HearingPolicy = Object.freeze({
  clocks: DEFAULT_CLOCK_POLICY,
  noticeDays: 3,
});
