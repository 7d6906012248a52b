import { ForbiddenError, NotFoundError } from '@xinfang/kernel';
import { rejectionOf } from '../support/expectations';
import { aStaffInput, clerkAt, handlerAt, staffAt, system, ZHANG } from '../support/mothers';
import { intakeWorld } from '../support/world';

async function oneCase(overrides: Parameters<typeof aStaffInput>[0] = {}) {
  const world = intakeWorld();
  const result = await world.registerPetition.execute(clerkAt('441481'), aStaffInput(overrides));
  return { world, caseId: result.caseId };
}

describe('GetCase', () => {
  it('shows clerks and handlers of the owning county the petitioners in full', async () => {
    const { world, caseId } = await oneCase();
    for (const reader of [clerkAt('441481'), handlerAt('441481')]) {
      const view = await world.getCase.execute(reader, caseId);
      expect(view.piiMasked).toBe(false);
      expect(view.petitioners[0]).toMatchObject({ idNumber: ZHANG.idNumber, phone: ZHANG.phone });
    }
  });

  it('masks ID numbers and phones for supervisors above and for services', async () => {
    const { world, caseId } = await oneCase();
    for (const reader of [
      staffAt('441400', 'supervisor'),
      staffAt('441481', 'unit-head'),
      staffAt('440000', 'service'),
      system(),
    ]) {
      const view = await world.getCase.execute(reader, caseId);
      expect(view.piiMasked).toBe(true);
      expect(view.petitioners[0]).toMatchObject({
        name: '张三',
        idNumber: '441***********1230',
        phone: '138****5678',
      });
      expect(JSON.stringify(view)).not.toContain(ZHANG.idNumber);
    }
  });

  it('masks an informant even from the handler', async () => {
    const { world, caseId } = await oneCase({ nature: 'accusation' });
    expect((await world.getCase.execute(handlerAt('441481'), caseId)).piiMasked).toBe(true);
    expect((await world.getCase.execute(clerkAt('441481'), caseId)).piiMasked).toBe(false);
  });

  it('reports a case of another county as not found', async () => {
    const { world, caseId } = await oneCase();
    expect(await rejectionOf(world.getCase.execute(clerkAt('441422'), caseId))).toBeInstanceOf(
      NotFoundError,
    );
    expect(await rejectionOf(world.getCase.execute(clerkAt('441481'), 'missing'))).toBeInstanceOf(
      NotFoundError,
    );
  });

  it('is not for roles that do not handle cases', async () => {
    const { world, caseId } = await oneCase();
    expect(
      await rejectionOf(world.getCase.execute(staffAt('441481', 'analyst'), caseId)),
    ).toBeInstanceOf(ForbiddenError);
    expect(
      await rejectionOf(world.getCase.execute(staffAt('441481', 'subscriber'), caseId)),
    ).toBeInstanceOf(ForbiddenError);
  });

  it('shows the whole timeline and where the case stands', async () => {
    const { world, caseId } = await oneCase();
    await world.recordProgress.execute({
      eventId: 'o1',
      type: 'xinfang.case.v1.CaseOverdue',
      caseId,
      time: '2026-04-01T00:00:00Z',
    });
    const view = await world.getCase.execute(clerkAt('441481'), caseId);
    expect(view.timeline.map((e) => e.type)).toEqual(['CaseRegistered', 'CaseOverdue']);
    expect(view).toMatchObject({ overdue: true, handlingWithinLimit: false, status: 'registered' });
  });
});
