import { ConflictError, PreconditionError } from '@xinfang/kernel';
import {
  aHost,
  aMember,
  anAppeal,
  anId,
  at,
  calendar,
  OFFICER,
  PARTIES,
  policy,
} from '../support/mothers';

const DECIDER = { subject: 'sub-sup', username: 'supervisor.440000', role: 'supervisor' };
const decision = {
  outcome: 'uphold' as const,
  summary: '维持复查意见',
  documentNumber: '粤信复核〔2026〕1号',
  deliveredAt: null,
};

describe('Appeal', () => {
  it('records the request with the decision due date', () => {
    const appeal = anAppeal('review', at('2026-01-16'));
    expect(appeal.events).toEqual([
      expect.objectContaining({
        name: 'ReviewRequested',
        withinWindow: true,
        decisionDueDate: '2026-02-24',
      }),
    ]);
  });

  it('decides a review once and opens the re-review window from delivery', () => {
    const appeal = anAppeal('review', at('2026-03-02'));
    appeal.decide(
      { ...decision, deliveredAt: at('2026-03-20', '09:00') },
      DECIDER,
      at('2026-03-20'),
      policy,
      calendar,
    );
    expect(appeal.events[1]).toEqual(
      expect.objectContaining({
        name: 'ReviewDecided',
        late: false,
        reReviewRequestDueDate: '2026-04-20',
      }),
    );
    expect(appeal.state.terminatedAt).toBeNull();
    expect(() => appeal.decide(decision, DECIDER, at('2026-03-21'), policy, calendar)).toThrow(
      ConflictError,
    );
  });

  it('marks a decision after the due date late', () => {
    const appeal = anAppeal('review', at('2026-03-02'));
    appeal.decide(decision, DECIDER, at('2026-04-02'), policy, calendar);
    expect(appeal.events[1]).toEqual(expect.objectContaining({ late: true }));
  });

  it('terminates the matter with the re-review decision', () => {
    const appeal = anAppeal('reReview', at('2026-03-02'));
    appeal.decide(decision, DECIDER, at('2026-03-25'), policy, calendar);
    expect(appeal.events.map((e) => e.name)).toEqual([
      'ReReviewRequested',
      'ReReviewDecided',
      'CaseTerminated',
    ]);
    expect(appeal.state.terminatedAt).toEqual(at('2026-03-25'));
    expect(appeal.events[2]).toEqual(
      expect.objectContaining({ basis: expect.stringContaining('粤信复核〔2026〕1号') }),
    );
  });

  it('does not count hearing time in the re-review decision limit', () => {
    const appeal = anAppeal('reReview', at('2026-03-02'));
    expect(appeal.decisionDueDate(calendar)).toBe('2026-04-01');
    const hearingId = anId('HR');
    appeal.scheduleHearing(
      {
        hearingId,
        scheduledAt: at('2026-03-16'),
        venue: '省信访局听证室',
        public: true,
        complexReason: '',
        participants: PARTIES,
      },
      OFFICER,
      aHost(),
      at('2026-03-10'),
      policy,
    );
    expect(appeal.clock().isPaused()).toBe(true);
    const [host] = appeal.hearing(hearingId).panel;
    const a = aMember('甲');
    const b = aMember('乙');
    appeal.setPanel(hearingId, [a, b]);
    expect(() => appeal.decide(decision, DECIDER, at('2026-03-15'), policy, calendar)).toThrow(
      PreconditionError,
    );
    appeal.recordMinutes(
      hearingId,
      { documentId: 'DOC-1', summary: '听证笔录', startedAt: null },
      OFFICER,
      at('2026-03-16', '12:00'),
    );
    for (const m of [host!, a])
      appeal.vote(
        hearingId,
        { memberId: m.id, position: 'uphold', opinion: '维持' },
        at('2026-03-16', '12:00'),
      );
    appeal.vote(
      hearingId,
      { memberId: b.id, position: 'revise', opinion: '应变更' },
      at('2026-03-16', '12:00'),
    );
    appeal.concludeHearing(hearingId, '多数意见：维持', OFFICER, at('2026-03-16', '16:00'));
    expect(appeal.clock().isPaused()).toBe(false);
    // Paused 10 to 16 March: seven days given back.
    expect(appeal.decisionDueDate(calendar)).toBe('2026-04-08');
    expect(appeal.hearing(hearingId).result).toEqual(
      expect.objectContaining({
        position: 'uphold',
        majorityCount: 2,
        panelSize: 3,
        dissent: [expect.objectContaining({ name: '乙' })],
      }),
    );
    expect(appeal.events.map((e) => e.name)).toEqual([
      'ReReviewRequested',
      'HearingScheduled',
      'HearingHeld',
    ]);
  });

  it('needs a reason of complexity for a review hearing', () => {
    const appeal = anAppeal('review');
    expect(() =>
      appeal.scheduleHearing(
        {
          hearingId: anId(),
          scheduledAt: at('2026-03-16'),
          venue: '市信访局',
          public: false,
          complexReason: '',
          participants: PARTIES,
        },
        OFFICER,
        aHost(),
        at('2026-03-10'),
        policy,
      ),
    ).toThrow(/complexReason: a review gets a hearing only when the case is complex/);
  });
});
