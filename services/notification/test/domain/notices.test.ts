import { caseEvents, decodeCaseEvent, encodeCaseEvent } from '@xinfang/contracts';
import { chineseDate, chineseDateTime, plannedNotice } from '../../src/domain/notices';
import { plannedAlert } from '../../src/domain/staff-alerts';
import { DEFAULT_TEMPLATES, renderNotice } from '../../src/domain/templates';

const caseRef = {
  caseId: '01JCASE',
  caseNumber: 'XF441481-20260305-0001',
  tenantId: '441481',
  regionPath: '/440000/441400/441481',
  regionCode: '441481',
};

function decoded<N extends Parameters<typeof encodeCaseEvent>[0]>(
  name: N,
  payload: Parameters<typeof encodeCaseEvent<N>>[1],
) {
  const { type, json } = encodeCaseEvent(name, payload);
  return decodeCaseEvent(type, json)!;
}

describe('notices from events', () => {
  it('formats dates the Chinese way in Asia/Shanghai', () => {
    expect(chineseDate('2026-03-05')).toBe('2026年3月5日');
    expect(chineseDateTime('2026-03-05T17:30:00Z')).toBe('2026年3月6日 01:30');
  });

  it('CaseAccepted calls for the acceptance notice with the handling due date', () => {
    const plan = plannedNotice(
      decoded('CaseAccepted', {
        caseRef,
        occurredAt: '2026-03-05T02:00:00Z',
        unit: { unitId: 'u1', name: '兴宁市人力资源和社会保障局' },
        handlingDueDate: '2026-05-04',
      }),
    )!;
    expect(plan.template).toBe('acceptance-notice');
    const notice = renderNotice(DEFAULT_TEMPLATES[plan.template], {
      ...plan.variables,
      name: '张三',
    });
    expect(notice.body).toContain('兴宁市人力资源和社会保障局已于2026年3月5日依法受理');
    expect(notice.body).toContain('2026年5月4日前办结');
  });

  it('a decline tells where to go, from the guidance or the legal route', () => {
    const withGuidance = plannedNotice(
      decoded('CaseDeclined', {
        caseRef,
        reason: '属于诉讼事项',
        legalChannelGuidance: '向兴宁市人民法院提起诉讼',
      }),
    )!;
    expect(withGuidance.variables.guidance).toBe('向兴宁市人民法院提起诉讼。');
    const byRoute = plannedNotice(
      decoded('CaseNotAccepted', {
        caseRef,
        reason: '已进入行政复议程序',
        legalChannel: caseEvents.LegalChannel.LEGAL_CHANNEL_ADMINISTRATIVE_RECONSIDERATION,
      }),
    )!;
    expect(byRoute.template).toBe('decline-notice');
    expect(byRoute.variables.guidance).toContain('行政复议');
  });

  it('an extension carries its reason, a reply its outcome, a hearing its time and venue', () => {
    const ext = plannedNotice(
      decoded('CaseExtended', {
        caseRef,
        days: 30,
        reason: '案情复杂需调查核实',
        newDueDate: '2026-06-03',
      }),
    )!;
    expect(
      renderNotice(DEFAULT_TEMPLATES[ext.template], { ...ext.variables, name: 'x' }).body,
    ).toContain('因案情复杂需调查核实');
    const reply = plannedNotice(
      decoded('CaseReplied', {
        caseRef,
        outcome: caseEvents.ReplyOutcome.REPLY_OUTCOME_PARTLY_SUPPORTED,
      }),
    )!;
    expect(reply.variables.outcome).toBe('部分支持');
    const hearing = plannedNotice(
      decoded('HearingScheduled', {
        caseRef,
        scheduledAt: '2026-04-01T01:30:00Z',
        venue: '县信访局听证室',
      }),
    )!;
    expect(hearing.variables.hearingTime).toBe('2026年4月1日 09:30');
    expect(plannedNotice(decoded('ClockStarted', { caseRef }))).toBeUndefined();
  });

  it('deadline, overdue and escalation events raise staff alerts', () => {
    const esc = plannedAlert(
      decoded('CaseEscalated', {
        caseRef,
        level: 2,
        overdueSince: '2026-03-01',
        supervisedUnit: { unitId: 'u1' },
      }),
    )!;
    expect(esc.kind).toBe('escalated');
    expect(esc.message).toContain('第2级督办');
    expect(esc.roles).toContain('supervisor');
    expect(plannedAlert(decoded('DeadlineReminder', { caseRef, daysLeft: 3 }))!.kind).toBe(
      'deadline-reminder',
    );
    expect(plannedAlert(decoded('CaseAccepted', { caseRef }))).toBeUndefined();
  });
});
