import { ConflictError, PreconditionError, ValidationError } from '@xinfang/kernel';
import { fact, principal, sh } from '../support/mothers';
import { world } from '../support/world';

const clerk = principal(['clerk']);
const supervisor = principal(['supervisor'], '441400');
const leader = principal(['case-leader'], '441481', 'u-leader');

/** Registered, forwarded with a letter, accepted and replied on time. */
async function repliedCase() {
  const w = world('2025-04-01 10:00');
  await w.apply(fact('CaseRegistered', '2025-04-01 10:00'));
  await w.apply(fact('CaseForwarded', '2025-04-02 10:00'));
  await w.apply(fact('CaseAccepted', '2025-04-03 10:00'));
  await w.apply(fact('CaseReplied', '2025-05-06 10:00', { deliveredAt: sh('2025-05-07 10:00') }));
  w.clock.set(sh('2025-05-20 10:00'));
  return w;
}

describe('CloseCase: the closing checklist (六有)', () => {
  it('refuses to close while items are missing, naming each', async () => {
    const w = await repliedCase();
    const attempt = w.closeCase.execute(clerk, { caseId: 'case-0001', reason: 'replied' });
    await expect(attempt).rejects.toThrow(PreconditionError);
    const err = await attempt.catch((e: PreconditionError) => e);
    expect((err as PreconditionError).details!.missing).toEqual([
      expect.objectContaining({ item: 'leaderDecision' }),
      expect.objectContaining({ item: 'signedReport' }),
      expect.objectContaining({ item: 'replyAndFollowUp', missing: 'no follow-up record' }),
      expect.objectContaining({ item: 'stabilisationMeasures' }),
    ]);
    expect(w.eventsNamed('CaseClosed')).toHaveLength(0);
  });

  it('closes once every item is on file, then its CaseClosed cancels the open window', async () => {
    const w = await repliedCase();
    // The follow-up was scheduled 15 days after delivery (7 May → 22 May).
    expect((await w.files.findById('case-0001'))!.toState().followUpDueOn).toBe('2025-05-22');
    await w.recordFollowUp.execute(clerk, {
      caseId: 'case-0001',
      method: 'phone',
      petitionerReached: true,
      summary: '电话回访，信访人表示工资已结清',
      satisfaction: 'satisfied',
      stable: true,
    });
    await w.recordDocument.execute(leader, {
      caseId: 'case-0001',
      item: 'leaderDecision',
      documentId: 'doc-1',
      title: '包案领导批示',
    });
    await w.recordDocument.execute(clerk, {
      caseId: 'case-0001',
      item: 'signedReport',
      documentId: 'doc-2',
      title: '办结报告（领导签字）',
    });
    const checklist = await w.recordDocument.execute(clerk, {
      caseId: 'case-0001',
      item: 'stabilisationMeasures',
      documentId: 'doc-3',
      title: '稳控措施',
    });
    expect(checklist.every((e) => e.complete)).toBe(true);

    const closure = await w.closeCase.execute(clerk, { caseId: 'case-0001', reason: 'replied' });
    expect(closure).toMatchObject({
      reason: 'replied',
      onTime: true,
      daysOpen: 49,
      checklistComplete: true,
    });
    const [closed] = w.eventsNamed('CaseClosed');
    expect(closed).toMatchObject({ reason: 'replied', onTime: true, daysOpen: 49 });
    await expect(
      w.closeCase.execute(clerk, { caseId: 'case-0001', reason: 'replied' }),
    ).rejects.toThrow(ConflictError);

    await w.apply(fact('CaseClosed', '2025-05-20 10:00'), closed!.id);
    const review = w.clocks.all().find((c) => c.kind === 'reviewRequest')!;
    expect(review.stop).toMatchObject({ reason: 'cancelled' });
    // The follow-up's rating came back through the topic and is not counted twice.
    const rated = w.eventsNamed('SatisfactionRated');
    expect(rated).toHaveLength(1);
    await w.apply(fact('SatisfactionRated', '2025-05-20 10:00', { source: 'clerk' }), rated[0]!.id);
    expect((await w.files.findById('case-0001'))!.toState().satisfactions).toHaveLength(1);
  });

  it('reports a late case as not on time', async () => {
    const w = world('2025-03-03 10:00');
    await w.apply(fact('CaseRegistered', '2025-03-03 10:00', { title: 'x' }));
    await w.apply(fact('CaseAssigned', '2025-03-04 10:00', { resultReportDueDate: '2025-03-20' }));
    await w.apply(fact('CaseAccepted', '2025-03-05 10:00'));
    await w.apply(
      fact('CaseResultReported', '2025-03-25 10:00', {
        signedBy: {
          subject: 'u-head',
          username: 'unit-head.441481',
          role: 'unit-head',
          unitId: 'unit-labour',
        },
      }),
    );
    await w.apply(fact('CaseReplied', '2025-03-25 10:00'));
    w.clock.set(sh('2025-03-26 10:00'));
    await w.recordFollowUp.execute(clerk, {
      caseId: 'case-0001',
      method: 'visit',
      petitionerReached: true,
      summary: '上门回访',
      stable: true,
    });
    for (const item of ['leaderDecision', 'stabilisationMeasures'] as const) {
      await w.recordDocument.execute(clerk, {
        caseId: 'case-0001',
        item,
        documentId: item,
        title: item,
      });
    }
    const closure = await w.closeCase.execute(supervisor, {
      caseId: 'case-0001',
      reason: 'replied',
    });
    expect(closure.onTime).toBe(false);
  });
});

describe('RecordSatisfaction and ResolveCase', () => {
  it('an unsatisfied rating, from the portal or a clerk, opens a supervision record once', async () => {
    const w = await repliedCase();
    const portal = fact('SatisfactionRated', '2025-05-10 10:00', { satisfaction: 'unsatisfied' });
    const first = await w.apply(portal, 'evt-rating');
    await w.apply(portal, 'evt-rating');
    expect(first.openedRecordIds).toHaveLength(1);
    const byClerk = await w.recordSatisfaction.execute(clerk, {
      caseId: 'case-0001',
      satisfaction: 'unsatisfied',
    });
    expect(byClerk.rating).toMatchObject({ source: 'clerk', stage: 'reply' });
    expect(byClerk.supervisionRecordId).not.toBeNull();
    expect(w.records.all().map((r) => [r.kind, r.supervisedUnit?.unitId])).toEqual([
      ['unsatisfied', 'unit-labour'],
      ['unsatisfied', 'unit-labour'],
    ]);
    expect(w.eventsNamed('SatisfactionRated')).toEqual([
      expect.objectContaining({ satisfaction: 'unsatisfied', source: 'clerk' }),
    ]);
    const satisfied = await w.recordSatisfaction.execute(clerk, {
      caseId: 'case-0001',
      satisfaction: 'basicallySatisfied',
    });
    expect(satisfied.supervisionRecordId).toBeNull();
  });

  it('records a resolution with its settlement agreement and resolves the ledger entry', async () => {
    const w = await repliedCase();
    await w.flagBacklog.execute(supervisor, { caseId: 'case-0001', manualReason: '群众反映强烈' });
    await expect(
      w.resolveCase.execute(supervisor, {
        caseId: 'case-0001',
        settlementAgreement: true,
        summary: '签订息诉罢访协议',
      }),
    ).rejects.toThrow(ValidationError);
    const resolution = await w.resolveCase.execute(supervisor, {
      caseId: 'case-0001',
      settlementAgreement: true,
      agreementSignedDate: '2025-05-19',
      summary: '签订息诉罢访协议',
    });
    expect(resolution.ledgerEntryId).not.toBeNull();
    expect(w.eventsNamed('CaseResolved')).toEqual([
      expect.objectContaining({
        settlementAgreement: true,
        agreementSignedDate: '2025-05-19',
        ledgerEntryId: resolution.ledgerEntryId,
      }),
    ]);
    expect((await w.ledger.findById(resolution.ledgerEntryId!))!.isOpen).toBe(false);
  });
});
