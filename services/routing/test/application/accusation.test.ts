import { systemPrincipal } from '@xinfang/principal';
import {
  DisposeCase,
  ProposeDisposition,
  RerouteCase,
  ReturnCase,
  StartRouting,
} from '../../src/application';
import { CaseForwarded, RoutingEventType } from '../../src/domain';
import { harness, Harness } from '../support/harness';
import { aCaseView, MONDAY, ref, staff } from '../support/mothers';

const clerk = staff('clerk', '441481');

/** An accusation against the natural-resources bureau, registered in Xingning. */
async function accusation(h: Harness, accusedUnitIds = ['xn-zrzyj']) {
  h.caseViews.views.set('case-1', aCaseView({ accusedUnitIds }));
  await new StartRouting(h).execute(systemPrincipal('consumer'), {
    caseId: 'case-1',
    caseNumber: 'XF-441481-20260302-000001',
    tenantId: '441481',
    regionCode: '441481',
    subjectCode: 'land-acquisition',
    nature: 'accusation',
    accusedUnitIds,
    receivedAt: MONDAY,
    registeredAt: MONDAY,
    office: ref('office'),
  });
}

describe('accusations (Art. 30)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });

  it('forwards the informant and materials only to units not named as accused', async () => {
    await accusation(h);
    const { deliveries } = await new DisposeCase(h).execute(clerk, {
      action: 'forward',
      caseId: 'case-1',
      leadUnitId: 'xn-gov',
      coUnitIds: ['xn-zrzyj'],
    });
    const [lead, accused] = deliveries;
    expect(lead).toMatchObject({ unit: ref('county'), redacted: false });
    expect(lead!.view.petitioners[0]!.name).toBe('张三');
    expect(lead!.view.materials).toHaveLength(1);

    expect(accused).toMatchObject({ unit: ref('land'), role: 'co', redacted: true });
    expect(accused!.view.petitioners).toEqual([]);
    expect(accused!.view.materials).toEqual([]);
    expect(accused!.view.content).toBeNull();
    expect(JSON.stringify(accused!.view)).not.toMatch(
      /张三|13800000000|441481199001011234|转账记录/,
    );

    const event = h.cases.outbox[0] as CaseForwarded;
    expect(event).toMatchObject({
      type: RoutingEventType.CaseForwarded,
      redacted: true,
      redactedUnitIds: ['xn-zrzyj'],
    });
  });

  it('redacts an assignment to the accused unit itself', async () => {
    await accusation(h);
    const { deliveries } = await new DisposeCase(h).execute(clerk, {
      action: 'assign',
      caseId: 'case-1',
      leadUnitId: 'xn-zrzyj',
      resultReportDueDate: '2026-04-01',
    });
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({
      redacted: true,
      view: { petitioners: [], materials: [], content: null, anonymous: true },
    });
  });

  it('protects units the dossier names even when the event did not', async () => {
    await accusation(h, []);
    h.caseViews.views.set('case-1', aCaseView({ accusedUnitIds: ['xn-zrzyj'] }));
    const { deliveries } = await new DisposeCase(h).execute(clerk, {
      action: 'forward',
      caseId: 'case-1',
      leadUnitId: 'xn-zrzyj',
    });
    expect(deliveries[0]!.view.petitioners).toEqual([]);
  });

  it('redacts again when a returned accusation is re-routed to an accused unit', async () => {
    await accusation(h);
    await new DisposeCase(h).execute(clerk, {
      action: 'forward',
      caseId: 'case-1',
      leadUnitId: 'xn-rsj',
    });
    await new ReturnCase(h).execute(staff('handler', '441481'), {
      caseId: 'case-1',
      unitId: 'xn-rsj',
      reason: '不属于本单位',
      suggestedUnitId: 'xn-zrzyj',
    });
    const { deliveries } = await new RerouteCase(h).execute(clerk, {
      caseId: 'case-1',
      mode: 'forward',
      reason: '改派',
    });
    expect(deliveries[0]).toMatchObject({ unit: ref('land'), redacted: true });
    expect(h.cases.outbox.at(-1)).toMatchObject({
      type: RoutingEventType.CaseRerouted,
      redacted: true,
      redactedUnitIds: ['xn-zrzyj'],
    });
  });

  it('warns the clerk when the proposed unit is named as accused', async () => {
    await accusation(h, ['xn-gov']);
    const { proposal, warnings } = await new ProposeDisposition(h).execute(clerk, {
      caseId: 'case-1',
    });
    // No land rule: the county government of the place is proposed (属地), and it is accused.
    expect(proposal).toMatchObject({ lead: ref('county'), basis: 'localGovernment' });
    expect(warnings).toEqual([
      "兴宁市人民政府 is named as accused; it will receive the case without the informant's identity and materials",
    ]);
  });

  it('never puts the informant into events', async () => {
    await accusation(h);
    await new DisposeCase(h).execute(clerk, {
      action: 'forward',
      caseId: 'case-1',
      leadUnitId: 'xn-gov',
      coUnitIds: ['xn-zrzyj'],
    });
    expect(JSON.stringify(h.cases.outbox)).not.toMatch(
      /张三|13800000000|441481199001011234|转账记录/,
    );
  });
});
