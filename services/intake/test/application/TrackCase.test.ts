import { NotFoundError } from '@xinfang/kernel';
import { invalidFields, rejectionOf } from '../support/expectations';
import { anOnlineInput, LI, ZHANG } from '../support/mothers';
import { intakeWorld, NOW } from '../support/world';

async function submitted() {
  const world = intakeWorld();
  const receipt = await world.submitOnline.execute(anOnlineInput({ petitioners: [ZHANG, LI] }));
  const caseId = world.cases.all()[0]!.id;
  return { world, receipt, caseId };
}

describe('TrackCase', () => {
  it('shows the petitioner where the case stands, with public notes only', async () => {
    const { world, receipt, caseId } = await submitted();
    await world.recordProgress.execute({
      eventId: 'f1',
      type: 'xinfang.case.v1.CaseForwarded',
      caseId,
      time: '2026-03-16T01:00:00Z',
    });
    await world.recordProgress.execute({
      eventId: 'o1',
      type: 'xinfang.case.v1.CaseOverdue',
      caseId,
      time: '2026-03-20T01:00:00Z',
      publicNote: '承办人刘某逾期',
    });
    await world.recordProgress.execute({
      eventId: 'a1',
      type: 'xinfang.case.v1.CaseAccepted',
      caseId,
      time: '2026-03-18T01:00:00Z',
      publicNote: '已受理,60日内答复',
    });

    const timeline = await world.trackCase.execute({
      caseNumber: receipt.caseNumber,
      queryCode: receipt.queryCode.toLowerCase(),
    });
    expect(timeline).toMatchObject({
      caseNumber: receipt.caseNumber,
      status: 'accepted',
      statusLabel: '已受理',
      canRate: false,
      satisfaction: null,
    });
    expect(timeline.entries).toEqual([
      { label: '已登记', at: NOW, note: null },
      { label: '已转送有权处理的机关', at: new Date('2026-03-16T01:00:00Z'), note: null },
      { label: '已受理', at: new Date('2026-03-18T01:00:00Z'), note: '已受理,60日内答复' },
    ]);
    const shown = JSON.stringify(timeline);
    for (const hidden of ['刘某', LI.name, LI.phone, ZHANG.idNumber, '补偿款至今'])
      expect(shown).not.toContain(hidden);
  });

  it('answers a wrong code exactly like an unknown case number', async () => {
    const { world, receipt } = await submitted();
    const wrongCode = await rejectionOf(
      world.trackCase.execute({ caseNumber: receipt.caseNumber, queryCode: 'ZZZZZZZZZZZZ' }),
    );
    const unknown = await rejectionOf(
      world.trackCase.execute({
        caseNumber: 'XF-441481-20260314-000099',
        queryCode: receipt.queryCode,
      }),
    );
    expect(wrongCode).toBeInstanceOf(NotFoundError);
    expect(unknown).toBeInstanceOf(NotFoundError);
    expect(wrongCode.message.replace(receipt.caseNumber, '#')).toBe(
      unknown.message.replace('XF-441481-20260314-000099', '#'),
    );
  });

  it('refuses malformed credentials with the field', async () => {
    const { world } = await submitted();
    expect(
      await invalidFields(world.trackCase.execute({ caseNumber: '12', queryCode: 'x' })),
    ).toEqual(['caseNumber', 'queryCode']);
    expect(await invalidFields(world.trackCase.execute({}))).toEqual(['caseNumber', 'queryCode']);
  });
});
