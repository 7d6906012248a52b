import { decodeCaseEvent, encodeCaseEvent } from '@xinfang/contracts';
import { caseFactFromContract, toContractEvent } from '../../src/application';
import { fact, sh } from '../support/mothers';
import { world } from '../support/world';

const caseRef = {
  caseId: '01JABCDEF0000000000000000',
  caseNumber: 'XF-441481-20250920-000001',
  tenantId: '441481',
  regionPath: '/440000/441400/441481',
  regionCode: '441481',
};

/** What the consumer does with a Kafka record: decode by ce_type, then translate. */
function consume(name: Parameters<typeof encodeCaseEvent>[0], payload: object) {
  const { type, json } = encodeCaseEvent(name, payload as never);
  return caseFactFromContract(decodeCaseEvent(type, JSON.parse(JSON.stringify(json)))!);
}

describe('contract translation', () => {
  it('reads the public events into facts', () => {
    expect(
      consume('CaseRegistered', {
        caseRef,
        occurredAt: '2025-09-20T02:00:00Z',
        receivedAt: '2025-09-19T02:00:00Z',
        channel: 5,
        collective: true,
        headcount: 8,
        repeatCount: 2,
        registeringOffice: { unitId: 'u1', name: '兴宁市信访局', regionCode: '441481' },
      }),
    ).toMatchObject({
      name: 'CaseRegistered',
      caseRef,
      occurredAt: sh('2025-09-20 10:00'),
      receivedAt: sh('2025-09-19 10:00'),
      channel: 'referral',
      collective: true,
      repeatCount: 2,
      repeatOfCaseId: null,
      registeringOffice: { unitId: 'u1' },
    });
    expect(
      consume('CaseAccepted', {
        caseRef,
        occurredAt: '2025-09-20T02:00:00Z',
        unit: { unitId: 'u2', name: 'x', regionCode: '441481' },
        unitRole: 2,
      }),
    ).toMatchObject({ name: 'CaseAccepted', unitRole: 'co' });
    expect(
      consume('HearingScheduled', {
        caseRef,
        occurredAt: '2025-09-20T02:00:00Z',
        hearingId: 'h',
        stage: 2,
      }),
    ).toMatchObject({ stage: 'reReview' });
    expect(
      consume('SatisfactionRated', {
        caseRef,
        occurredAt: '2025-09-20T02:00:00Z',
        satisfaction: 3,
        source: 1,
      }),
    ).toMatchObject({ satisfaction: 'unsatisfied', source: 'portal', stage: 'reply' });
    // Events that change nothing here are skipped, not failed.
    expect(
      consume('CaseExtensionRequested', { caseRef, occurredAt: '2025-09-20T02:00:00Z' }),
    ).toBeNull();
  });

  it('refuses an event without its case reference or time, so it is dead-lettered', () => {
    expect(() => consume('CaseDeclined', { occurredAt: '2025-09-20T02:00:00Z' })).toThrow(
      'case_ref',
    );
    expect(() => consume('CaseDeclined', { caseRef })).toThrow('occurred_at');
    expect(() => consume('CaseForwarded', { caseRef, occurredAt: '2025-09-20T02:00:00Z' })).toThrow(
      'to_unit',
    );
  });

  it('writes every event supervision publishes as a valid contract payload', async () => {
    const w = world('2025-03-03 10:00');
    await w.apply(fact('CaseAccepted', '2025-03-03 10:00'));
    await w.sweepAt('2025-05-07 00:00');
    const escalated = w.eventsNamed('CaseEscalated')[0]!;
    const { name, payload } = toContractEvent(escalated);
    const { type, json } = encodeCaseEvent(name, payload as never);
    expect(type).toBe('xinfang.case.v1.CaseEscalated');
    expect(json).toMatchObject({
      level: 1,
      body: 'ESCALATION_BODY_PETITION_BUREAU',
      kind: 'CLOCK_KIND_HANDLING',
      overdueSince: '2025-05-07',
      actor: { subject: 'system' },
      occurredAt: '2025-05-06T16:00:00.000Z',
    });
    for (const event of w.events()) {
      const c = toContractEvent(event);
      const decoded = decodeCaseEvent(
        `xinfang.case.v1.${c.name}`,
        encodeCaseEvent(c.name, c.payload as never).json,
      );
      expect(decoded?.name).toBe(event.name);
    }
  });
});
