import { PreconditionError } from '@xinfang/kernel';
import { hashQueryCode, QUERY_CODE_LENGTH } from '../../src/domain';
import { invalidFields, rejectionOf } from '../support/expectations';
import { anOnlineInput, ZHANG } from '../support/mothers';
import { intakeWorld } from '../support/world';

describe('SubmitOnlinePetition', () => {
  it('registers at the petition office of the county where the matter lies', async () => {
    const world = intakeWorld();
    const receipt = await world.submitOnline.execute(
      anOnlineInput({ location: { regionCode: '441422100' } }),
    );

    expect(receipt.caseNumber).toBe('XF-441422-20260314-000001');
    expect(receipt.queryCode).toHaveLength(QUERY_CODE_LENGTH);
    expect(receipt.notices).toEqual([]);
    const [stored] = world.cases.all();
    expect(stored).toMatchObject({
      channel: 'online',
      tenantId: '441422',
      regionPath: '/440000/441400/441422',
      office: { regionCode: '441422', level: 'county' },
      registeredBy: null,
      queryCodeHash: hashQueryCode(receipt.queryCode),
    });
    expect(world.cases.outbox[0]).toMatchObject({
      type: 'xinfang.case.v1.CaseRegistered',
      tenantId: '441422',
    });
  });

  it('ignores what only a clerk may set', async () => {
    const world = intakeWorld();
    await world.submitOnline.execute({
      ...anOnlineInput(),
      channel: 'referral',
      urgency: 'critical',
      collective: { headcount: 100 },
      legalChannel: { route: 'litigation', reason: '自称' },
      competentRegionCode: '440000',
    });
    expect(world.cases.all()[0]).toMatchObject({
      channel: 'online',
      urgency: 'normal',
      collective: null,
      referral: null,
      legalChannel: null,
      competentRegionCode: '441481',
      skipLevel: false,
    });
  });

  it('refuses a place that is not a county or township of the deployment', async () => {
    const world = intakeWorld();
    expect(
      await invalidFields(
        world.submitOnline.execute(anOnlineInput({ location: { regionCode: '441400' } })),
      ),
    ).toEqual(['location.regionCode']);
    expect(
      await invalidFields(
        world.submitOnline.execute(anOnlineInput({ location: { regionCode: 'nowhere' } })),
      ),
    ).toEqual(['location.regionCode']);
    expect(
      await invalidFields(
        world.submitOnline.execute(anOnlineInput({ location: { regionCode: '441481777' } })),
      ),
    ).toEqual(['location.regionCode']);
    expect(world.cases.saves).toBe(0);
  });

  it('allows an anonymous accusation but not an anonymous claim', async () => {
    const world = intakeWorld();
    const receipt = await world.submitOnline.execute(
      anOnlineInput({ nature: 'accusation', petitioners: [{ anonymous: true }] }),
    );
    expect(world.cases.all()[0]!.anonymous).toBe(true);
    expect(receipt.caseNumber).toMatch(/^XF-441481-/);
    expect(
      await invalidFields(
        world.submitOnline.execute(anOnlineInput({ petitioners: [{ anonymous: true }] })),
      ),
    ).toEqual(['petitioners.0.anonymous']);
  });

  it('tells a repeat petitioner about the earlier case and refuses a terminated matter', async () => {
    const world = intakeWorld();
    const first = await world.submitOnline.execute(anOnlineInput());
    const second = await world.submitOnline.execute(
      anOnlineInput({ petitioners: [{ name: ZHANG.name, phone: ZHANG.phone }] }),
    );
    expect(second.notices).toEqual([
      `该事项此前已反映1次,已与编号 ${first.caseNumber} 的事项关联。`,
    ]);

    const firstId = world.cases.all().find((s) => s.caseNumber === first.caseNumber)!.id;
    world.terminations.add({ caseId: firstId, caseNumber: first.caseNumber });
    expect(await rejectionOf(world.submitOnline.execute(anOnlineInput()))).toBeInstanceOf(
      PreconditionError,
    );
  });
});
