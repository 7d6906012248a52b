import { ForbiddenError } from '@xinfang/kernel';
import { invalidFields, rejectionOf } from '../support/expectations';
import { aStaffInput, clerkAt, handlerAt, LI, ZHANG } from '../support/mothers';
import { intakeWorld } from '../support/world';

describe('CheckTerminated', () => {
  const query = {
    petitioners: [{ idNumber: ZHANG.idNumber }],
    subjectCode: 'land-acquisition',
    locationRegionCode: '441481002',
  };

  it('names the case in which the matter was terminated and lists earlier cases', async () => {
    const world = intakeWorld();
    const old = await world.registerPetition.execute(clerkAt('441422'), aStaffInput());
    world.terminations.add({ caseId: old.caseId, caseNumber: old.caseNumber });

    const check = await world.checkTerminated.execute(clerkAt('441481'), query);
    expect(check.terminated).toEqual({ caseId: old.caseId, caseNumber: old.caseNumber });
    expect(check.priorCases).toEqual([
      {
        caseId: old.caseId,
        caseNumber: old.caseNumber,
        tenantId: '441422',
        regionPath: '/440000/441400/441422',
        status: 'registered',
        handlingWithinLimit: true,
      },
    ]);
  });

  it('finds nothing for another person', async () => {
    const world = intakeWorld();
    await world.registerPetition.execute(clerkAt('441481'), aStaffInput());
    const check = await world.checkTerminated.execute(clerkAt('441481'), {
      ...query,
      petitioners: [{ phone: LI.phone }],
    });
    expect(check).toEqual({ terminated: null, priorCases: [] });
  });

  it('names bad fields', async () => {
    const world = intakeWorld();
    const fields = await invalidFields(
      world.checkTerminated.execute(clerkAt('441481'), {
        petitioners: [{ idNumber: '123' }, {}],
        subjectCode: 'weather',
        locationRegionCode: '441400',
      }),
    );
    expect(fields).toEqual([
      'locationRegionCode',
      'petitioners.0.idNumber',
      'petitioners.1',
      'subjectCode',
    ]);
  });

  it('is for clerks', async () => {
    const world = intakeWorld();
    expect(
      await rejectionOf(world.checkTerminated.execute(handlerAt('441481'), query)),
    ).toBeInstanceOf(ForbiddenError);
  });
});
