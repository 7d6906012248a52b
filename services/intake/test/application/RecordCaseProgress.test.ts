import { NotFoundError } from '@xinfang/kernel';
import { invalidFields, rejectionOf } from '../support/expectations';
import { aStaffInput, clerkAt } from '../support/mothers';
import { intakeWorld } from '../support/world';

async function oneCase() {
  const world = intakeWorld();
  const { caseId } = await world.registerPetition.execute(clerkAt('441481'), aStaffInput());
  return { world, caseId };
}

describe('RecordCaseProgress', () => {
  it('mirrors an event once, whatever the number of deliveries', async () => {
    const { world, caseId } = await oneCase();
    const event = {
      eventId: 'e1',
      type: 'xinfang.case.v1.CaseAssigned',
      caseId,
      time: '2026-03-15T02:00:00Z',
    };
    expect(await world.recordProgress.execute(event)).toEqual({ applied: true });
    expect(await world.recordProgress.execute(event)).toEqual({ applied: false });
    expect(world.cases.saves).toBe(2);
    expect(world.cases.all()[0]).toMatchObject({ status: 'assigned', version: 2 });
    expect(world.cases.outbox).toHaveLength(1);
  });

  it('acknowledges event types it does not mirror without touching the case', async () => {
    const { world, caseId } = await oneCase();
    expect(
      await world.recordProgress.execute({
        eventId: 'e1',
        type: 'xinfang.case.v1.CaseRegistered',
        caseId,
        time: '2026-03-15T02:00:00Z',
      }),
    ).toEqual({
      applied: false,
    });
    expect(
      await world.recordProgress.execute({
        eventId: 'e2',
        type: 'xinfang.case.v1.Unheard',
        caseId: 'nope',
        time: '2026-03-15T02:00:00Z',
      }),
    ).toEqual({
      applied: false,
    });
    expect(world.cases.saves).toBe(1);
  });

  it('fails for a case it does not know, so the event is dead-lettered', async () => {
    const { world } = await oneCase();
    const error = await rejectionOf(
      world.recordProgress.execute({
        eventId: 'e1',
        type: 'xinfang.case.v1.CaseAccepted',
        caseId: 'nope',
        time: '2026-03-15T02:00:00Z',
      }),
    );
    expect(error).toBeInstanceOf(NotFoundError);
  });

  it('names bad input', async () => {
    const { world } = await oneCase();
    expect(
      await invalidFields(
        world.recordProgress.execute({ type: 'x', caseId: '', time: 'yesterday' }),
      ),
    ).toEqual(['eventId', 'caseId', 'time']);
  });
});
