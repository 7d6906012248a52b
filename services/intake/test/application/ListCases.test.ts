import { ForbiddenError } from '@xinfang/kernel';
import { invalidFields, rejectionOf } from '../support/expectations';
import { aStaffInput, clerkAt, LI, staffAt, system, WANG, ZHANG } from '../support/mothers';
import { intakeWorld } from '../support/world';

async function threeCounties() {
  const world = intakeWorld();
  await world.registerPetition.execute(clerkAt('441481'), aStaffInput({ petitioners: [ZHANG] }));
  world.clock.advance(60_000);
  await world.registerPetition.execute(
    clerkAt('441481'),
    aStaffInput({ channel: 'visit', subjectCode: 'environment', petitioners: [LI] }),
  );
  world.clock.advance(60_000);
  await world.registerPetition.execute(
    clerkAt('441422'),
    aStaffInput({ location: { regionCode: '441422100' }, petitioners: [WANG] }),
  );
  world.clock.advance(60_000);
  await world.registerPetition.execute(
    clerkAt('441322'),
    aStaffInput({ location: { regionCode: '441322100' }, petitioners: [WANG] }),
  );
  world.clock.advance(60_000);
  await world.registerPetition.execute(clerkAt('441481'), aStaffInput({ petitioners: [ZHANG] }));
  return world;
}

describe('ListCases', () => {
  it('lists the cases of the caller scope, newest first, without petitioner data', async () => {
    const world = await threeCounties();
    const county = await world.listCases.execute(clerkAt('441481'));
    expect(county.items.map((c) => c.caseNumber)).toEqual([
      'XF-441481-20260314-000003',
      'XF-441481-20260314-000002',
      'XF-441481-20260314-000001',
    ]);
    expect(JSON.stringify(county)).not.toContain(ZHANG.name);
    expect(county.items[0]).toMatchObject({
      repeatCount: 1,
      channel: 'letter',
      status: 'registered',
    });

    const city = await world.listCases.execute(staffAt('441400', 'supervisor'));
    expect(city.items.map((c) => c.tenantId).sort()).toEqual([
      '441422',
      '441481',
      '441481',
      '441481',
    ]);
    expect((await world.listCases.execute(system())).items).toHaveLength(5);
  });

  it('filters and pages', async () => {
    const world = await threeCounties();
    const clerk = clerkAt('441481');
    expect(
      (await world.listCases.execute(clerk, { channel: 'visit' })).items.map((c) => c.subjectCode),
    ).toEqual(['environment']);
    expect((await world.listCases.execute(clerk, { repeatOnly: true })).items).toHaveLength(1);

    const first = await world.listCases.execute(clerk, { limit: 2 });
    expect(first.items).toHaveLength(2);
    const second = await world.listCases.execute(clerk, { limit: 2, cursor: first.nextCursor });
    expect(second.items.map((c) => c.caseNumber)).toEqual(['XF-441481-20260314-000001']);
    expect(second.nextCursor).toBeNull();
  });

  it('names bad filters', async () => {
    const world = intakeWorld();
    expect(
      await invalidFields(
        world.listCases.execute(clerkAt('441481'), { limit: 1000, status: 'lost' }),
      ),
    ).toEqual(['status', 'limit']);
    expect(
      await invalidFields(
        world.listCases.execute(clerkAt('441481'), {
          registeredFrom: '2026-03-02',
          registeredTo: '2026-03-01',
        }),
      ),
    ).toEqual(['registeredTo']);
  });

  it('is not for roles that do not handle cases', async () => {
    const world = intakeWorld();
    expect(
      await rejectionOf(world.listCases.execute(staffAt('441481', 'tenant-admin'))),
    ).toBeInstanceOf(ForbiddenError);
  });
});
