import { ConflictError, ForbiddenError, NotFoundError, PreconditionError } from '@xinfang/kernel';
import { fact, LABOUR, principal, sh } from '../support/mothers';
import { world } from '../support/world';

const supervisor = principal(['supervisor'], '441400', 'u-sup');
const otherCity = principal(['supervisor'], '441300', 'u-sup2');
const handler = principal(['handler']);
const leaderUser = principal(['case-leader'], '441481', 'u-leader');
const BUREAU = { unitId: 'unit-bureau', name: '梅州市信访局', regionCode: '441400' };

describe('Supervision notices (三函)', () => {
  it('goes issued → responded → closed, with the due date from the policy', async () => {
    const w = world('2025-09-25 10:00');
    await w.apply(fact('CaseAccepted', '2025-07-01 10:00'));
    await w.sweepAt('2025-09-25 10:00'); // handling due 29 Aug: overdue, level 1
    const notice = await w.issueNotice.execute(supervisor, {
      caseId: 'case-0001',
      kind: 'supervision',
      documentNumber: '梅信督〔2025〕12号',
      issuer: BUREAU,
      targetUnit: LABOUR,
      reason: '办理超期',
      supervisionRecordId: w.records.all().find((r) => r.kind === 'escalation')!.id,
    });
    // 15 days from 25 Sep: 10 Oct, a Friday after the holiday week.
    expect(notice).toMatchObject({
      status: 'issued',
      responseDueDate: '2025-10-10',
      escalationLevel: 1,
    });
    expect(w.eventsNamed('SupervisionNoticeIssued')).toEqual([
      expect.objectContaining({
        noticeId: notice.id,
        kind: 'supervision',
        responseDueDate: '2025-10-10',
      }),
    ]);
    expect(w.records.all().find((r) => r.kind === 'escalation')!.noticeIds).toEqual([notice.id]);

    await expect(
      w.closeNotice.execute(supervisor, { noticeId: notice.id, conclusion: '已整改' }),
    ).rejects.toThrow(ConflictError);
    w.clock.set(sh('2025-10-13 09:00'));
    const answered = await w.respondToNotice.execute(handler, {
      noticeId: notice.id,
      response: '已于10月12日答复信访人',
    });
    expect(answered.response).toMatchObject({ late: true });
    await expect(
      w.respondToNotice.execute(handler, { noticeId: notice.id, response: 'again' }),
    ).rejects.toThrow(ConflictError);
    const closed = await w.closeNotice.execute(supervisor, {
      noticeId: notice.id,
      conclusion: '已整改',
    });
    expect(closed.status).toBe('closed');
  });

  it('is for supervisors of the case’s region only', async () => {
    const w = world('2025-09-25 10:00');
    await w.apply(fact('CaseAccepted', '2025-07-01 10:00'));
    const input = {
      caseId: 'case-0001',
      kind: 'riskReminder',
      documentNumber: 'x-1',
      issuer: BUREAU,
      targetUnit: LABOUR,
      reason: '风险提醒',
    };
    await expect(w.issueNotice.execute(handler, input)).rejects.toThrow(ForbiddenError);
    await expect(w.issueNotice.execute(otherCity, input)).rejects.toThrow(NotFoundError);
    await expect(
      w.issueNotice.execute(supervisor, { ...input, responseDueDate: '2025-09-01' }),
    ).rejects.toThrow('must not be before the day of issue');
  });
});

describe('Case leaders (领导包案)', () => {
  const leader = (subject: string, name: string) => ({
    subject,
    name,
    title: '副市长',
    unit: { unitId: 'unit-gov', name: '兴宁市人民政府', regionCode: '441481' },
  });

  it('assigns one leader, refuses a second, allows a named replacement, and lists the leader’s cases with clocks', async () => {
    const w = world('2025-04-01 10:00');
    await w.apply(fact('CaseRegistered', '2025-04-01 10:00'));
    await w.apply(fact('CaseAccepted', '2025-04-02 10:00', {}, 2));

    const assigned = await w.assignLeader.execute(supervisor, {
      caseId: 'case-0001',
      leader: leader('u-leader', '张三'),
      duties: ['阅批', '接访', '化解'],
    });
    expect(assigned).toMatchObject({ subject: 'u-leader', duties: ['阅批', '接访', '化解'] });
    await expect(
      w.assignLeader.execute(supervisor, {
        caseId: 'case-0001',
        leader: leader('u-other', '李四'),
        duties: ['督办'],
      }),
    ).rejects.toThrow(ConflictError);
    await w.assignLeader.execute(supervisor, {
      caseId: 'case-0002',
      leader: leader('u-leader', '张三'),
      duties: ['督办'],
    });

    const mine = await w.listLeaderCases.execute(leaderUser);
    expect(mine.map((c) => [c.caseRef.caseId, c.clocks.map((k) => [k.kind, k.dueDate])])).toEqual([
      ['case-0001', [['dispose', '2025-04-16']]],
      ['case-0002', [['handling', '2025-06-03']]],
    ]);
    await expect(
      w.listLeaderCases.execute(leaderUser, { leaderSubject: 'u-other' }),
    ).rejects.toThrow(ForbiddenError);

    await w.assignLeader.execute(supervisor, {
      caseId: 'case-0001',
      leader: leader('u-other', '李四'),
      duties: ['督办'],
      replacesLeaderSubject: 'u-leader',
    });
    expect(
      w.eventsNamed('CaseLeaderAssigned').map((e) => [e.leaderSubject, e.previousLeaderSubject]),
    ).toEqual([
      ['u-leader', null],
      ['u-leader', null],
      ['u-other', 'u-leader'],
    ]);
    expect((await w.listLeaderCases.execute(leaderUser)).map((c) => c.caseRef.caseId)).toEqual([
      'case-0002',
    ]);
  });
});

describe('Backlog ledger (积案台账)', () => {
  it('flags by rule, refuses a case no rule catches, and keeps one open entry per case', async () => {
    const w = world('2025-04-01 10:00');
    await w.apply(fact('CaseRegistered', '2025-04-01 10:00', { repeatCount: 3 }));
    await w.apply(fact('CaseRegistered', '2025-04-01 10:00', {}, 2));
    const entry = await w.flagBacklog.execute(supervisor, {
      caseId: 'case-0001',
      planSummary: '联合住建、人社部门督促支付',
      ownerSubject: 'u-leader',
      ownerName: '张三',
      targetDate: '2025-06-30',
      measures: ['每周联系信访人'],
    });
    expect(entry.reasons.map((r) => r.rule)).toEqual(['repeated']);
    expect(w.eventsNamed('BacklogFlagged')).toEqual([
      expect.objectContaining({
        ledgerEntryId: entry.id,
        targetDate: '2025-06-30',
        ownerSubject: 'u-leader',
      }),
    ]);
    await expect(w.flagBacklog.execute(supervisor, { caseId: 'case-0001' })).rejects.toThrow(
      ConflictError,
    );
    await expect(w.flagBacklog.execute(supervisor, { caseId: 'case-0002' })).rejects.toThrow(
      PreconditionError,
    );
  });

  it('scans a tenant by its rules: pending too long, referred, collective', async () => {
    const w = world('2025-01-02 10:00');
    await w.apply(fact('CaseRegistered', '2025-01-02 10:00'));
    await w.apply(fact('CaseRegistered', '2025-06-01 10:00', { channel: 'referral' }, 2));
    await w.apply(
      fact('CaseRegistered', '2025-06-01 10:00', { collective: true, headcount: 12 }, 3),
    );
    await w.apply(fact('CaseRegistered', '2025-06-01 10:00', {}, 4));
    w.clock.set(sh('2025-07-01 10:00'));
    const flagged = await w.scanBacklog.execute({ tenantId: '441481' });
    expect(flagged.map((e) => [e.caseRef.caseId, e.reasons.map((r) => r.rule)])).toEqual([
      ['case-0001', ['pendingTooLong']],
      ['case-0002', ['referredFromAbove']],
      ['case-0003', ['collective']],
    ]);
    expect(flagged[0]!.daysOpen).toBe(180);
    expect(await w.scanBacklog.execute({ tenantId: '441481' })).toEqual([]);
  });

  it('lists the entries missing their monthly status, per tenant, due by the 20th', async () => {
    const w = world('2025-09-01 10:00');
    for (const n of [1, 2, 3]) {
      await w.apply(fact('CaseRegistered', '2025-09-01 10:00', { repeatCount: 5 }, n));
    }
    const [e1, e2] = [
      await w.flagBacklog.execute(supervisor, { caseId: 'case-0001' }),
      await w.flagBacklog.execute(supervisor, { caseId: 'case-0002' }),
    ];
    w.clock.set(sh('2025-10-25 10:00'));
    // Flagged after the 20th: owes nothing for October.
    await w.flagBacklog.execute(supervisor, { caseId: 'case-0003' });
    await w.updatePlan.execute(leaderUser, { entryId: e1.id, measures: ['专人稳控'] });
    w.clock.set(sh('2025-10-15 10:00'));
    await w.recordMonthlyStatus.execute(leaderUser, {
      entryId: e1.id,
      month: '2025-10',
      progress: '已召开协调会',
      stable: true,
    });
    w.clock.set(sh('2025-10-21 10:00'));
    const gaps = await w.listMissingMonthlyStatus.execute(supervisor, { month: '2025-10' });
    expect(gaps).toEqual([
      {
        tenantId: '441481',
        month: '2025-10',
        dueDate: '2025-10-20',
        overdue: true,
        missing: [expect.objectContaining({ entryId: e2.id })],
      },
    ]);
    const late = await w.recordMonthlyStatus.execute(leaderUser, {
      entryId: e2.id,
      month: '2025-10',
      progress: '化解中',
      stable: false,
    });
    expect(late.late).toBe(true);
    expect(await w.listMissingMonthlyStatus.execute(supervisor, { month: '2025-10' })).toEqual([]);
  });
});
