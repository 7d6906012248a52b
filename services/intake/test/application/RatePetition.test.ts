import { ConflictError, NotFoundError, PreconditionError } from '@xinfang/kernel';
import { DEFAULT_INTAKE_POLICY } from '../../src/domain';
import { invalidFields, rejectionOf } from '../support/expectations';
import { anOnlineInput } from '../support/mothers';
import { intakeWorld } from '../support/world';

async function replied(options: Parameters<typeof intakeWorld>[0] = {}) {
  const world = intakeWorld(options);
  const receipt = await world.submitOnline.execute(anOnlineInput());
  const caseId = world.cases.all()[0]!.id;
  await world.recordProgress.execute({
    eventId: 'r1',
    type: 'xinfang.case.v1.CaseReplied',
    caseId,
    time: '2026-04-20T02:00:00Z',
  });
  world.clock.set(new Date('2026-04-22T02:00:00Z'));
  return {
    world,
    receipt,
    credentials: { caseNumber: receipt.caseNumber, queryCode: receipt.queryCode },
  };
}

describe('RatePetition', () => {
  it('records the rating after the reply and publishes SatisfactionRated', async () => {
    const { world, credentials } = await replied();
    const receipt = await world.ratePetition.execute({
      ...credentials,
      rating: 'satisfied',
      comment: '办理及时',
    });

    expect(receipt).toEqual({
      caseNumber: credentials.caseNumber,
      rating: 'satisfied',
      label: '满意',
      ratedAt: new Date('2026-04-22T02:00:00Z'),
    });
    expect(world.cases.outbox.map((e) => e.type)).toEqual([
      'xinfang.case.v1.CaseRegistered',
      'xinfang.case.v1.SatisfactionRated',
    ]);
    expect(world.cases.outbox[1]!.data).toMatchObject({
      caseNumber: credentials.caseNumber,
      rating: 'satisfied',
    });
    expect(JSON.stringify(world.cases.outbox[1])).not.toContain('办理及时');
    const timeline = await world.trackCase.execute(credentials);
    expect(timeline.satisfaction).toMatchObject({ rating: 'satisfied', label: '满意' });
  });

  it('accepts one rating only', async () => {
    const { world, credentials } = await replied();
    await world.ratePetition.execute({ ...credentials, rating: 'dissatisfied' });
    expect(
      await rejectionOf(world.ratePetition.execute({ ...credentials, rating: 'satisfied' })),
    ).toBeInstanceOf(ConflictError);
    expect(world.cases.all()[0]!.satisfaction?.rating).toBe('dissatisfied');
  });

  it('waits for the reply', async () => {
    const world = intakeWorld();
    const receipt = await world.submitOnline.execute(anOnlineInput());
    const error = await rejectionOf(
      world.ratePetition.execute({
        caseNumber: receipt.caseNumber,
        queryCode: receipt.queryCode,
        rating: 'satisfied',
      }),
    );
    expect(error).toBeInstanceOf(PreconditionError);
  });

  it('needs the query code', async () => {
    const { world, credentials } = await replied();
    const error = await rejectionOf(
      world.ratePetition.execute({
        ...credentials,
        queryCode: '000000000000',
        rating: 'satisfied',
      }),
    );
    expect(error).toBeInstanceOf(NotFoundError);
  });

  it('names a bad rating and a comment over the tenant limit', async () => {
    const policies = {
      '441481': {
        ...DEFAULT_INTAKE_POLICY,
        text: { ...DEFAULT_INTAKE_POLICY.text, commentMaxLength: 5 },
      },
    };
    const { world, credentials } = await replied({ policies });
    expect(
      await invalidFields(world.ratePetition.execute({ ...credentials, rating: 'great' })),
    ).toEqual(['rating']);
    expect(
      await invalidFields(
        world.ratePetition.execute({
          ...credentials,
          rating: 'satisfied',
          comment: '一二三四五六',
        }),
      ),
    ).toEqual(['comment']);
  });
});
