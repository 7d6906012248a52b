import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PreconditionError,
  ValidationError,
} from '@xinfang/kernel';
import { systemPrincipal } from '@xinfang/principal';
import {
  AcceptCase,
  ApproveExtension,
  DeclineCase,
  DisposeCase,
  GetAssignment,
  ListAssignments,
  ProposeDisposition,
  ReplyCase,
  ReportResult,
  RequestExtension,
  RerouteCase,
  ReturnCase,
  StartRouting,
  StartRoutingCommand,
} from '../../src/application';
import { harness, Harness } from '../support/harness';
import { aCaseView, daysAfter, MONDAY, ref, staff } from '../support/mothers';

const system = systemPrincipal('case-registered-consumer');
const clerk = staff('clerk', '441481');
const handler = staff('handler', '441481');
const head = staff('unit-head', '441481', 'head.441481');
const landHandler = staff('handler', '441481', 'handler2.441481');

const registered = (over: Partial<StartRoutingCommand> = {}): StartRoutingCommand => ({
  caseId: 'case-1',
  caseNumber: 'XF-441481-20260302-000001',
  tenantId: '441481',
  regionCode: '441481001',
  subjectCode: 'labour-social-security.wages',
  nature: 'claim',
  receivedAt: MONDAY.toISOString(),
  registeredAt: MONDAY.toISOString(),
  office: ref('office'),
  ...over,
});

describe('routing a case through its units', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
    h.caseViews.views.set(
      'case-1',
      aCaseView({ nature: 'claim', subjectCode: 'labour-social-security.wages' }),
    );
  });

  const start = (over: Partial<StartRoutingCommand> = {}) =>
    new StartRouting(h).execute(system, registered(over));

  it('starts once per registered case, from a system task only', async () => {
    const first = await start();
    expect(first).toMatchObject({
      started: true,
      state: { status: 'registered', disposeDueDate: '2026-03-17' },
    });
    expect((await start()).started).toBe(false);
    await expect(
      new StartRouting(h).execute(clerk, registered({ caseId: 'case-2' })),
    ).rejects.toThrow(ForbiddenError);
    await expect(
      new StartRouting(h).execute(system, registered({ caseId: 'case-3', subjectCode: 'Wages!' })),
    ).rejects.toThrow(/subjectCode: is not a subject code/);
  });

  it('proposes by rule, forwards as proposed, and the unit accepts and replies', async () => {
    await start();
    const { proposal, warnings } = await new ProposeDisposition(h).execute(clerk, {
      caseId: 'case-1',
    });
    expect(proposal).toMatchObject({ lead: ref('hr'), basis: 'rule', ruleId: 'rule-labour' });
    expect(warnings).toEqual([]);

    const disposed = await new DisposeCase(h).execute(clerk, {
      action: 'forward',
      caseId: 'case-1',
      letterNumber: '兴信转〔2026〕7号',
    });
    expect(disposed.state.status).toBe('forwarded');
    expect(disposed.deliveries).toHaveLength(1);
    expect(disposed.deliveries[0]).toMatchObject({
      unit: ref('hr'),
      role: 'lead',
      redacted: false,
    });
    expect(disposed.deliveries[0]!.view.petitioners).toHaveLength(1);

    h.clock.set(daysAfter(MONDAY, 1));
    await new AcceptCase(h).execute(handler, { caseId: 'case-1', unitId: 'xn-rsj' });
    h.clock.set(daysAfter(MONDAY, 20));
    const replied = await new ReplyCase(h).execute(handler, {
      caseId: 'case-1',
      unitId: 'xn-rsj',
      outcome: 'supported',
      opinionSummary: '责令补发工资',
      deliveredAt: daysAfter(MONDAY, 20).toISOString(),
      deliveryMethod: 'letter',
    });
    expect(replied.status).toBe('replied');
    expect(replied.reply).toMatchObject({
      reviewAuthority: ref('county'),
      reviewRequestDueDate: '2026-04-21',
      late: false,
    });
    expect(h.cases.eventNames()).toEqual(['CaseForwarded', 'CaseAccepted', 'CaseReplied']);
    expect(h.cases.outbox[0]).toMatchObject({
      ruleId: 'rule-labour',
      actor: { username: 'clerk.441481', role: 'clerk', unitId: 'xn-xfj' },
    });
  });

  it('assigns, extends once with the unit head approving, and reports the result', async () => {
    await start();
    await new DisposeCase(h).execute(clerk, {
      action: 'assign',
      caseId: 'case-1',
      leadUnitId: 'xn-rsj',
      resultReportDueDate: '2026-04-20',
    });
    await new AcceptCase(h).execute(handler, { caseId: 'case-1', unitId: 'xn-rsj' });
    await new RequestExtension(h).execute(handler, {
      caseId: 'case-1',
      unitId: 'xn-rsj',
      days: 30,
      reason: '涉及多方核查',
    });
    await expect(
      new ApproveExtension(h).execute(handler, { caseId: 'case-1', unitId: 'xn-rsj' }),
    ).rejects.toThrow('only a unit-head may approve extensions');
    const extended = await new ApproveExtension(h).execute(head, {
      caseId: 'case-1',
      unitId: 'xn-rsj',
    });
    // 90 days from Monday 2 March end on Sunday 31 May, so Monday 1 June.
    expect(extended.handlingDueDate).toBe('2026-06-01');
    await expect(
      new RequestExtension(h).execute(handler, {
        caseId: 'case-1',
        unitId: 'xn-rsj',
        days: 5,
        reason: '再次延期',
      }),
    ).rejects.toThrow(PreconditionError);
    await new ReplyCase(h).execute(head, {
      caseId: 'case-1',
      unitId: 'xn-rsj',
      outcome: 'notSupported',
      opinionSummary: '诉求缺乏依据',
    });
    const reported = await new ReportResult(h).execute(head, {
      caseId: 'case-1',
      unitId: 'xn-rsj',
      summary: '已答复信访人',
    });
    expect(reported.resultReport).toMatchObject({
      signedBy: { username: 'head.441481', role: 'unit-head' },
      late: false,
    });
    expect(h.cases.eventNames()).toEqual([
      'CaseAssigned',
      'CaseAccepted',
      'CaseExtensionRequested',
      'CaseExtended',
      'CaseReplied',
      'CaseResultReported',
    ]);
  });

  it('refuses a reply before acceptance with a clear conflict', async () => {
    await start();
    await new DisposeCase(h).execute(clerk, {
      action: 'forward',
      caseId: 'case-1',
      leadUnitId: 'xn-rsj',
    });
    await expect(
      new ReplyCase(h).execute(handler, {
        caseId: 'case-1',
        unitId: 'xn-rsj',
        outcome: 'supported',
        opinionSummary: '支持',
      }),
    ).rejects.toThrow(
      new ConflictError(
        'cannot reply to case XF-441481-20260302-000001: it is forwarded; the unit must accept the case before replying',
      ),
    );
  });

  it('lets the unit return a misrouted case within the window and the office re-route it', async () => {
    await start();
    await new DisposeCase(h).execute(clerk, { action: 'forward', caseId: 'case-1' });
    h.clock.set(daysAfter(MONDAY, 7));
    await new ReturnCase(h).execute(handler, {
      caseId: 'case-1',
      unitId: 'xn-rsj',
      reason: '涉及征地补偿，属自然资源局职责',
      suggestedUnitId: 'xn-zrzyj',
    });
    // The handler may not re-route: only the sending office's clerks may.
    await expect(
      new RerouteCase(h).execute(handler, { caseId: 'case-1', mode: 'forward', reason: 'x' }),
    ).rejects.toThrow(ForbiddenError);
    const rerouted = await new RerouteCase(h).execute(clerk, {
      caseId: 'case-1',
      mode: 'forward',
      reason: '按退回意见改派',
    });
    expect(rerouted.state.routes.at(-1)).toMatchObject({ lead: ref('land'), rerouted: true });
    expect(rerouted.deliveries.map((d) => d.unit.unitId)).toEqual(['xn-zrzyj']);
    await new AcceptCase(h).execute(landHandler, { caseId: 'case-1', unitId: 'xn-zrzyj' });
    expect(h.cases.eventNames()).toEqual([
      'CaseForwarded',
      'CaseReturned',
      'CaseRerouted',
      'CaseAccepted',
    ]);
  });

  it('refuses an objection after five working days, stating the last day', async () => {
    await start();
    await new DisposeCase(h).execute(clerk, { action: 'forward', caseId: 'case-1' });
    h.clock.set(daysAfter(MONDAY, 8));
    const late = new ReturnCase(h).execute(handler, {
      caseId: 'case-1',
      unitId: 'xn-rsj',
      reason: '不属于本单位',
    });
    await expect(late).rejects.toThrow(PreconditionError);
    await expect(
      new ReturnCase(h).execute(handler, {
        caseId: 'case-1',
        unitId: 'xn-rsj',
        reason: '不属于本单位',
      }),
    ).rejects.toThrow(/ended on 2026-03-09/);
  });

  it('lets a unit decline with a reason', async () => {
    await start();
    await new DisposeCase(h).execute(clerk, { action: 'forward', caseId: 'case-1' });
    const state = await new DeclineCase(h).execute(handler, {
      caseId: 'case-1',
      unitId: 'xn-rsj',
      reason: '同一事项已作出处理意见',
    });
    expect(state.status).toBe('notAccepted');
    expect(h.cases.eventNames()).toEqual(['CaseForwarded', 'CaseNotAccepted']);
  });

  describe('role rules', () => {
    beforeEach(async () => {
      await start();
    });

    it('lets only clerks of the sending office dispose', async () => {
      const forward = { action: 'forward' as const, caseId: 'case-1', leadUnitId: 'xn-rsj' };
      await expect(new DisposeCase(h).execute(handler, forward)).rejects.toThrow(
        'only a clerk may dispose of cases',
      );
      await expect(new DisposeCase(h).execute(staff('clerk', '441422'), forward)).rejects.toThrow(
        /does not act for 兴宁市信访局/,
      );
      // A clerk of the region who is not on the office's staff.
      await expect(
        new DisposeCase(h).execute(staff('clerk', '441481', 'clerk-b.441481'), forward),
      ).rejects.toThrow(/not on the staff of 兴宁市信访局/);
      await expect(new DisposeCase(h).execute(staff('clerk', '441400'), forward)).rejects.toThrow(
        ForbiddenError,
      );
      expect(h.cases.outbox).toEqual([]);
    });

    it('lets only the receiving unit accept, decline, return and reply', async () => {
      await new DisposeCase(h).execute(clerk, {
        action: 'forward',
        caseId: 'case-1',
        leadUnitId: 'xn-rsj',
      });
      await expect(
        new AcceptCase(h).execute(landHandler, { caseId: 'case-1', unitId: 'xn-zrzyj' }),
      ).rejects.toThrow(/not handling case/);
      await expect(
        new AcceptCase(h).execute(landHandler, { caseId: 'case-1', unitId: 'xn-rsj' }),
      ).rejects.toThrow(/not on the staff of/);
      await expect(
        new AcceptCase(h).execute(clerk, { caseId: 'case-1', unitId: 'xn-rsj' }),
      ).rejects.toThrow('only a handler or unit-head may accept cases');
      await expect(
        new ReturnCase(h).execute(staff('handler', '441422', 'handler.441481'), {
          caseId: 'case-1',
          unitId: 'xn-rsj',
          reason: 'x',
        }),
      ).rejects.toThrow(ForbiddenError);
      expect(h.cases.eventNames()).toEqual(['CaseForwarded']);
    });
  });

  it('validates commands field by field', async () => {
    await start();
    try {
      await new DisposeCase(h).execute(clerk, {
        action: 'assign',
        caseId: 'case-1',
        leadUnitId: 'nope',
        coUnitIds: ['xn-rsj'],
        resultReportDueDate: '2026-13-01',
      });
      throw new Error('accepted a bad command');
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).issues).toEqual([
        { field: 'resultReportDueDate', reason: 'must be a date (YYYY-MM-DD)' },
      ]);
    }
    await expect(
      new DisposeCase(h).execute(clerk, {
        action: 'assign',
        caseId: 'case-1',
        leadUnitId: 'nope',
        resultReportDueDate: '2026-04-01',
      }),
    ).rejects.toThrow('leadUnitId: no unit nope');
    await expect(
      new DisposeCase(h).execute(clerk, { action: 'decline', caseId: 'case-1', reason: '   ' }),
    ).rejects.toThrow('reason: is required');
  });

  it('declines a legal-channel matter with where to go, and handles directly', async () => {
    await start({ legalChannel: true, legalChannelKind: 'laborArbitration' });
    await expect(
      new DisposeCase(h).execute(clerk, {
        action: 'decline',
        caseId: 'case-1',
        reason: '属劳动争议',
      }),
    ).rejects.toThrow(/legalChannel/);
    await new DisposeCase(h).execute(clerk, {
      action: 'decline',
      caseId: 'case-1',
      reason: '属劳动争议',
      legalChannel: 'laborArbitration',
      legalChannelGuidance: '向兴宁市劳动人事争议仲裁委员会申请仲裁',
    });
    await start({ caseId: 'case-2' });
    const direct = await new DisposeCase(h).execute(clerk, {
      action: 'handleDirectly',
      caseId: 'case-2',
      summary: '当场答复',
      answeredOnSpot: true,
    });
    expect(direct.deliveries).toEqual([]);
    expect(h.cases.eventNames()).toEqual(['CaseDeclined', 'CaseDisposedDirectly']);
  });

  it('refuses a write based on a stale read', async () => {
    await start();
    await new DisposeCase(h).execute(clerk, { action: 'forward', caseId: 'case-1' });
    const stale = (await h.cases.get('case-1'))!;
    await new AcceptCase(h).execute(handler, { caseId: 'case-1', unitId: 'xn-rsj' });
    await expect(h.cases.save(stale, [])).rejects.toThrow(ConflictError);
  });

  describe('reading', () => {
    beforeEach(async () => {
      await start();
      await new DisposeCase(h).execute(clerk, { action: 'forward', caseId: 'case-1' });
    });

    it('shows a case to those in scope and hides it from other tenants', async () => {
      expect(
        (await new GetAssignment(h).execute(staff('supervisor', '441400'), 'case-1')).status,
      ).toBe('forwarded');
      expect((await new GetAssignment(h).execute(handler, 'case-1')).caseId).toBe('case-1');
      await expect(
        new GetAssignment(h).execute(staff('supervisor', '441422'), 'case-1'),
      ).rejects.toThrow(NotFoundError);
    });

    it("lists a unit's tray for its staff and a scope for others", async () => {
      const tray = await new ListAssignments(h).execute(handler, { unitId: 'xn-rsj' });
      expect(tray.items.map((c) => c.caseId)).toEqual(['case-1']);
      await expect(
        new ListAssignments(h).execute(landHandler, { unitId: 'xn-rsj' }),
      ).rejects.toThrow(ForbiddenError);
      expect(
        (await new ListAssignments(h).execute(staff('supervisor', '441422'), {})).items,
      ).toEqual([]);
      expect(
        (
          await new ListAssignments(h).execute(staff('supervisor', '441400'), {
            statuses: ['forwarded'],
          })
        ).items,
      ).toHaveLength(1);
    });
  });
});
