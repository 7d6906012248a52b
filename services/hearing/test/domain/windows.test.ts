import { PreconditionError } from '@xinfang/kernel';
import { assertWithinWindow, requestDueDate } from '../../src/domain';
import { at, calendar, policy } from '../support/mothers';

describe('request windows (Arts. 35, 36)', () => {
  it('counts 30 days from the day after receipt and moves a holiday end to the next working day', () => {
    // 2026-01-16 + 30 = 2026-02-15, in the Spring Festival holiday (to 02-23).
    expect(requestDueDate('review', at('2026-01-16'), policy, calendar)).toBe('2026-02-24');
    // 2026-03-02 + 30 = 2026-04-01, a Wednesday.
    expect(requestDueDate('reReview', at('2026-03-02'), policy, calendar)).toBe('2026-04-01');
  });

  it('counts receipt by the Shanghai calendar day', () => {
    // 2026-03-01T17:00Z is already 2 March in Shanghai.
    expect(requestDueDate('review', new Date('2026-03-01T17:00:00Z'), policy, calendar)).toBe(
      '2026-04-01',
    );
  });

  it('accepts a request on the last day of the window', () => {
    expect(
      assertWithinWindow('review', at('2026-01-16'), at('2026-02-24', '23:30'), policy, calendar),
    ).toBe('2026-02-24');
  });

  it('refuses a late request naming the day the window expired', () => {
    const late = () =>
      assertWithinWindow('review', at('2026-01-16'), at('2026-02-25'), policy, calendar);
    expect(late).toThrow(PreconditionError);
    expect(late).toThrow(/review window expired on 2026-02-24/);
    try {
      late();
    } catch (err) {
      expect((err as PreconditionError).details).toEqual({
        expiredOn: '2026-02-24',
        stage: 'review',
      });
    }
  });

  it('follows the policy, not a literal', () => {
    const short = {
      ...policy,
      clocks: {
        ...policy.clocks,
        limits: {
          ...policy.clocks.limits,
          reReviewRequest: { days: 10, unit: 'calendar' as const },
        },
      },
    };
    expect(() =>
      assertWithinWindow('reReview', at('2026-03-02'), at('2026-03-13'), short, calendar),
    ).toThrow(/re-review window expired on 2026-03-12 \(10 calendar days/);
  });
});
