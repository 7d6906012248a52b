import { ConflictError, ForbiddenError, PreconditionError, ValidationError } from '@xinfang/kernel';
import { Actor, Deadlines, RouteDecision, RoutingCase, RoutingEventType } from '../../src/domain';
import { deepCopy, TEST_CALENDAR } from '../support/doubles';
import { aCase, daysAfter, deadlines, MONDAY, ref } from '../support/mothers';

const clerk: Actor = {
  subject: 's-clerk',
  username: 'clerk.441481',
  role: 'clerk',
  unitId: 'xn-xfj',
};
const handler: Actor = {
  subject: 's-h',
  username: 'handler.441481',
  role: 'handler',
  unitId: 'xn-rsj',
};
const head: Actor = {
  subject: 's-head',
  username: 'head.441481',
  role: 'unit-head',
  unitId: 'xn-rsj',
};

function forwardTo(lead = ref('hr'), extra: Partial<RouteDecision> = {}): RouteDecision {
  return {
    mode: 'forward',
    lead,
    coUnits: [],
    resultReportDueDate: null,
    requirements: null,
    letterNumber: '兴信转〔2026〕1号',
    note: null,
    ruleId: null,
    ...extra,
  };
}

function forwarded(): RoutingCase {
  const c = aCase();
  c.route(forwardTo(), clerk, deadlines, MONDAY);
  c.pullEvents();
  return c;
}

function accepted(): RoutingCase {
  const c = forwarded();
  c.accept(ref('hr'), true, handler, deadlines, daysAfter(MONDAY, 1));
  c.pullEvents();
  return c;
}

describe('RoutingCase', () => {
  it('opens with the dispose clock counted from receipt', () => {
    const c = aCase({ receivedAt: daysAfter(MONDAY, -2), registeredAt: MONDAY });
    expect(c.status).toBe('registered');
    // Received Saturday 28 Feb; 15 days later is Sunday 15 March, which moves to Monday.
    expect(c.toState().disposeDueDate).toBe('2026-03-16');
    expect(c.pullEvents()).toEqual([]);
  });

  it('refuses a registration with a bad tenant or a receipt after registration', () => {
    expect(() => aCase({ tenantId: '441400' })).toThrow(ValidationError);
    expect(() => aCase({ receivedAt: daysAfter(MONDAY, 1) })).toThrow(/receivedAt/);
  });

  describe('forwarding and assigning', () => {
    it('forwards with acceptance and objection due dates and records CaseForwarded', () => {
      const c = aCase();
      c.route(
        forwardTo(ref('hr'), { coUnits: [ref('land')], ruleId: 'r-1' }),
        clerk,
        deadlines,
        MONDAY,
      );
      expect(c.status).toBe('forwarded');
      const [event] = c.pullEvents();
      expect(event).toMatchObject({
        type: RoutingEventType.CaseForwarded,
        caseRef: {
          caseId: 'case-1',
          tenantId: '441481',
          regionPath: '/440000/441400/441481/441481001',
          regionCode: '441481001',
        },
        actor: clerk,
        fromUnit: ref('office'),
        toUnit: ref('hr'),
        coUnits: [ref('land')],
        acceptanceDueDate: '2026-03-17',
        objectionDueDate: '2026-03-09',
        letterNumber: '兴信转〔2026〕1号',
        ruleId: 'r-1',
        redacted: false,
      });
    });

    it('assigns with a result-report date in the future and within the handling limit', () => {
      const c = aCase();
      c.route(
        forwardTo(ref('hr'), {
          mode: 'assign',
          resultReportDueDate: '2026-04-30',
          requirements: '报送处理结果',
        }),
        clerk,
        deadlines,
        MONDAY,
      );
      expect(c.status).toBe('assigned');
      expect(c.pullEvents()[0]).toMatchObject({
        type: RoutingEventType.CaseAssigned,
        resultReportDueDate: '2026-04-30',
        requirements: '报送处理结果',
      });
    });

    it.each([
      [null, /is required to assign/],
      ['2026-03-02', /must be after today \(2026-03-02\)/],
      // 60 days from 2 March end on the May Day holiday, so the limit moves to Wednesday 6 May.
      ['2026-05-07', /on or before 2026-05-06, the end of the handling time limit/],
      ['2026-02-30', /not a date/],
    ])('refuses to assign with result-report date %s', (due, message) => {
      const c = aCase();
      expect(() =>
        c.route(
          forwardTo(ref('hr'), { mode: 'assign', resultReportDueDate: due }),
          clerk,
          deadlines,
          MONDAY,
        ),
      ).toThrow(message);
      expect(c.status).toBe('registered');
    });

    it('refuses a forward with a result-report date, to the office itself, or with the lead as co-unit', () => {
      const c = aCase();
      expect(() =>
        c.route(
          forwardTo(ref('hr'), { resultReportDueDate: '2026-04-01' }),
          clerk,
          deadlines,
          MONDAY,
        ),
      ).toThrow(/only to an assigned case/);
      expect(() => c.route(forwardTo(ref('office')), clerk, deadlines, MONDAY)).toThrow(
        /sending office itself/,
      );
      expect(() =>
        c.route(forwardTo(ref('hr'), { coUnits: [ref('hr')] }), clerk, deadlines, MONDAY),
      ).toThrow(/coUnitIds.0: is the lead unit/);
    });

    it('marks the route redacted for recipients named as accused', () => {
      const c = aCase({ nature: 'accusation', accusedUnitIds: ['xn-zrzyj'] });
      c.route(forwardTo(ref('county'), { coUnits: [ref('land')] }), clerk, deadlines, MONDAY);
      expect(c.pullEvents()[0]).toMatchObject({ redacted: true, redactedUnitIds: ['xn-zrzyj'] });
    });

    it('cannot be sent twice', () => {
      const c = forwarded();
      expect(() => c.route(forwardTo(), clerk, deadlines, MONDAY)).toThrow(
        new ConflictError(
          'cannot forward or assign case XF-441481-20260302-000001: it is forwarded; only a newly registered case is sent out; a returned case is re-routed',
        ),
      );
    });
  });

  describe('disposal at the office', () => {
    it('declines with a reason and CaseDeclined', () => {
      const c = aCase();
      c.decline(
        {
          reason: '不属于信访事项',
          legalChannel: null,
          legalChannelGuidance: null,
          petitionerNotified: true,
        },
        clerk,
        MONDAY,
      );
      expect(c.status).toBe('declined');
      expect(c.pullEvents()[0]).toMatchObject({
        type: RoutingEventType.CaseDeclined,
        reason: '不属于信访事项',
        office: ref('office'),
      });
    });

    it('requires a legal-channel matter to be told where to go', () => {
      const c = aCase({ legalChannel: true, legalChannelKind: 'litigation' });
      const decline = {
        reason: '属于诉讼事项',
        legalChannel: null,
        legalChannelGuidance: null,
        petitionerNotified: true,
      };
      expect(() => c.decline(decline, clerk, MONDAY)).toThrow(/legalChannel: is required/);
      expect(() => c.decline({ ...decline, legalChannel: 'litigation' }, clerk, MONDAY)).toThrow(
        /legalChannelGuidance/,
      );
      c.decline(
        {
          ...decline,
          legalChannel: 'litigation',
          legalChannelGuidance: '向兴宁市人民法院提起诉讼',
        },
        clerk,
        MONDAY,
      );
      expect(c.pullEvents()[0]).toMatchObject({
        legalChannel: 'litigation',
        legalChannelGuidance: '向兴宁市人民法院提起诉讼',
      });
    });

    it('handles directly with CaseDisposedDirectly', () => {
      const c = aCase();
      c.handleDirectly({ summary: '当场解释政策', answeredOnSpot: true }, clerk, MONDAY);
      expect(c.status).toBe('disposedDirectly');
      expect(c.pullEvents()[0]).toMatchObject({
        type: RoutingEventType.CaseDisposedDirectly,
        handlingUnit: ref('office'),
        answeredOnSpot: true,
      });
      expect(() =>
        c.decline(
          {
            reason: 'x',
            legalChannel: null,
            legalChannelGuidance: null,
            petitionerNotified: false,
          },
          clerk,
          MONDAY,
        ),
      ).toThrow(ConflictError);
    });
  });

  describe('acceptance', () => {
    it('starts the handling clock when the lead unit accepts', () => {
      const c = forwarded();
      c.accept(ref('hr'), true, handler, deadlines, daysAfter(MONDAY, 1));
      expect(c.status).toBe('accepted');
      // Accepted Tuesday 3 March; 60 days end Saturday 2 May, then the May Day holiday to Wednesday 6 May.
      expect(c.toState().handlingDueDate).toBe('2026-05-06');
      expect(c.pullEvents()[0]).toMatchObject({
        type: RoutingEventType.CaseAccepted,
        unit: ref('hr'),
        unitRole: 'lead',
        handlingDueDate: '2026-05-06',
        petitionerNotified: true,
        late: false,
      });
    });

    it('flags a late acceptance', () => {
      const c = forwarded();
      c.accept(ref('hr'), true, handler, deadlines, daysAfter(MONDAY, 16));
      expect(c.pullEvents()[0]).toMatchObject({ late: true });
    });

    it('lets a co-unit accept alongside the lead without changing the status', () => {
      const c = aCase({ crossJurisdiction: true });
      c.route(forwardTo(ref('hr'), { coUnits: [ref('land')] }), clerk, deadlines, MONDAY);
      c.accept(ref('hr'), true, handler, deadlines, MONDAY);
      c.accept(ref('land'), false, { ...handler, unitId: 'xn-zrzyj' }, deadlines, MONDAY);
      expect(c.status).toBe('accepted');
      expect(c.pullEvents().flatMap((e) => ('unitRole' in e ? [e.unitRole] : []))).toEqual([
        'lead',
        'co',
      ]);
      expect(() => c.accept(ref('land'), false, handler, deadlines, MONDAY)).toThrow(
        /already accepted/,
      );
    });

    it('gives a co-unit accepting first its own handling limit', () => {
      const c = aCase({ crossJurisdiction: true });
      c.route(forwardTo(ref('hr'), { coUnits: [ref('land')] }), clerk, deadlines, MONDAY);
      c.accept(ref('land'), true, handler, deadlines, daysAfter(MONDAY, 2));
      expect(c.status).toBe('forwarded');
      expect(c.pullEvents()[1]).toMatchObject({ unitRole: 'co', handlingDueDate: '2026-05-06' });
    });

    it('refuses a unit the case was not sent to', () => {
      const c = forwarded();
      expect(() => c.accept(ref('land'), true, handler, deadlines, MONDAY)).toThrow(ForbiddenError);
      expect(() => c.recipient('xn-zrzyj')).toThrow(ForbiddenError);
      expect(() => aCase().recipient('xn-rsj')).toThrow(/is registered and not with any unit/);
    });

    it('records CaseNotAccepted with the reason', () => {
      const c = forwarded();
      c.notAccept(
        ref('hr'),
        {
          reason: '已超过信访时效',
          legalChannel: null,
          legalChannelGuidance: null,
          petitionerNotified: true,
        },
        handler,
        MONDAY,
      );
      expect(c.status).toBe('notAccepted');
      expect(c.pullEvents()[0]).toMatchObject({
        type: RoutingEventType.CaseNotAccepted,
        unit: ref('hr'),
        reason: '已超过信访时效',
      });
    });
  });

  describe('objection to a misrouting', () => {
    it('returns the case within 5 working days, to the sending office', () => {
      const c = forwarded();
      c.returnToOffice(
        ref('hr'),
        { reason: '属于自然资源部门职责', suggestedUnit: ref('land') },
        handler,
        deadlines,
        daysAfter(MONDAY, 7),
      );
      expect(c.status).toBe('returned');
      expect(c.pullEvents()[0]).toMatchObject({
        type: RoutingEventType.CaseReturned,
        unit: ref('hr'),
        toUnit: ref('office'),
        suggestedUnit: ref('land'),
        objectionDueDate: '2026-03-09',
      });
    });

    it('refuses an objection after the fifth working day, naming the last day', () => {
      const c = forwarded();
      const late = () =>
        c.returnToOffice(
          ref('hr'),
          { reason: '不属于本单位', suggestedUnit: null },
          handler,
          deadlines,
          daysAfter(MONDAY, 8),
        );
      expect(late).toThrow(PreconditionError);
      expect(late).toThrow(
        'the objection period for case XF-441481-20260302-000001 ended on 2026-03-09; 兴宁市人力资源和社会保障局 must handle the case',
      );
    });

    it('counts make-up working days and skips holidays in the window', () => {
      // Forwarded Thursday 30 April: 1, 4 and 5 May are holidays, so the days counted are
      // 6, 7, 8 May, the make-up Saturday 9 May, and Monday 11 May.
      const c = aCase({
        receivedAt: new Date('2026-04-30T02:00:00Z'),
        registeredAt: new Date('2026-04-30T02:00:00Z'),
      });
      c.route(forwardTo(), clerk, deadlines, new Date('2026-04-30T02:00:00Z'));
      expect(c.currentRoute!.objectionDueDate).toBe('2026-05-11');
    });

    it('is not possible once accepted', () => {
      const c = accepted();
      expect(() =>
        c.returnToOffice(
          ref('hr'),
          { reason: 'x', suggestedUnit: null },
          handler,
          deadlines,
          MONDAY,
        ),
      ).toThrow(
        /cannot return case .*: it is accepted; an objection to a misrouting comes before the case is accepted/,
      );
    });

    it('re-routes a returned case to another unit with CaseRerouted', () => {
      const c = forwarded();
      c.returnToOffice(
        ref('hr'),
        { reason: '不属于本单位', suggestedUnit: ref('land') },
        handler,
        deadlines,
        MONDAY,
      );
      c.pullEvents();
      c.reroute(forwardTo(ref('land')), '按退回意见改派', clerk, deadlines, daysAfter(MONDAY, 2));
      expect(c.status).toBe('forwarded');
      expect(c.pullEvents()[0]).toMatchObject({
        type: RoutingEventType.CaseRerouted,
        fromUnit: ref('hr'),
        office: ref('office'),
        toUnit: ref('land'),
        mode: 'forward',
        reason: '按退回意见改派',
        acceptanceDueDate: '2026-03-19',
        objectionDueDate: '2026-03-11',
        resultReportDueDate: null,
      });
      expect(c.involvedUnits().map((u) => u.unitId)).toEqual(['xn-zrzyj', 'xn-rsj']);
    });

    it('re-routes only a returned case', () => {
      expect(() =>
        forwarded().reroute(forwardTo(ref('land')), 'x', clerk, deadlines, MONDAY),
      ).toThrow(/only a case a unit returned can be re-routed/);
    });
  });

  describe('extension', () => {
    it('is asked by the handler and approved once by the unit head', () => {
      const c = accepted();
      c.requestExtension(
        ref('hr'),
        { days: 30, reason: '需要现场核查' },
        handler,
        deadlines,
        daysAfter(MONDAY, 40),
      );
      expect(c.pullEvents()[0]).toMatchObject({
        type: RoutingEventType.CaseExtensionRequested,
        requestedDays: 30,
        currentDueDate: '2026-05-06',
      });
      c.approveExtension(
        ref('hr'),
        { days: null, petitionerNotified: true },
        head,
        deadlines,
        daysAfter(MONDAY, 41),
      );
      expect(c.toState().handlingDueDate).toBe('2026-06-01');
      expect(c.pullEvents()[0]).toMatchObject({
        type: RoutingEventType.CaseExtended,
        days: 30,
        reason: '需要现场核查',
        requestedBy: handler,
        approvedBy: head,
        previousDueDate: '2026-05-06',
        newDueDate: '2026-06-01',
      });
    });

    it('grants fewer days than asked but never more', () => {
      const c = accepted();
      c.requestExtension(ref('hr'), { days: 10, reason: '补充材料' }, handler, deadlines, MONDAY);
      expect(() =>
        c.approveExtension(
          ref('hr'),
          { days: 11, petitionerNotified: true },
          head,
          deadlines,
          MONDAY,
        ),
      ).toThrow(/from 1 to the 10 days/);
      c.approveExtension(ref('hr'), { days: 5, petitionerNotified: true }, head, deadlines, MONDAY);
      // 65 days from 3 March: Thursday 7 May.
      expect(c.toState().handlingDueDate).toBe('2026-05-07');
    });

    it('refuses more than 30 days, a second request while one is pending, and a second extension', () => {
      const c = accepted();
      expect(() =>
        c.requestExtension(ref('hr'), { days: 31, reason: 'x' }, handler, deadlines, MONDAY),
      ).toThrow(/days: must be a whole number from 1 to 30/);
      c.requestExtension(ref('hr'), { days: 20, reason: '补充材料' }, handler, deadlines, MONDAY);
      expect(() =>
        c.requestExtension(ref('hr'), { days: 5, reason: 'again' }, handler, deadlines, MONDAY),
      ).toThrow(ConflictError);
      c.approveExtension(
        ref('hr'),
        { days: null, petitionerNotified: true },
        head,
        deadlines,
        MONDAY,
      );
      const second = () =>
        c.requestExtension(ref('hr'), { days: 5, reason: 'again' }, handler, deadlines, MONDAY);
      expect(second).toThrow(PreconditionError);
      expect(second).toThrow(/already extended to 2026-05-22; it may be extended only once/);
      expect(() =>
        c.approveExtension(
          ref('hr'),
          { days: null, petitionerNotified: true },
          head,
          deadlines,
          MONDAY,
        ),
      ).toThrow(/only once/);
    });

    it('must be asked for before the handling limit ends', () => {
      const c = accepted();
      expect(() =>
        c.requestExtension(
          ref('hr'),
          { days: 10, reason: 'x' },
          handler,
          deadlines,
          new Date('2026-05-07T02:00:00Z'),
        ),
      ).toThrow(/ended on 2026-05-06; an extension must be asked for before it ends/);
    });

    it('follows a tenant policy that allows no extension', () => {
      const strict = new Deadlines(
        { ...deadlines.policy, extension: { maxDays: 30, maxCount: 0 } },
        TEST_CALENDAR,
      );
      const c = accepted();
      expect(() =>
        c.requestExtension(ref('hr'), { days: 10, reason: 'x' }, handler, strict, MONDAY),
      ).toThrow(/cannot be extended; the policy allows no extension/);
    });

    it('needs an accepted case', () => {
      expect(() =>
        forwarded().requestExtension(
          ref('hr'),
          { days: 10, reason: 'x' },
          handler,
          deadlines,
          MONDAY,
        ),
      ).toThrow(/cannot ask to extend case .*: it is forwarded/);
    });
  });

  describe('reply and result report', () => {
    const replyInput = {
      outcome: 'partlySupported' as const,
      opinionSummary: '责令用人单位补发部分工资',
      documentNumber: '兴人社信复〔2026〕3号',
      deliveredAt: null,
      deliveryMethod: null,
      reviewAuthority: ref('county'),
    };

    it('refuses a reply before acceptance with a clear conflict', () => {
      expect(() => forwarded().reply(ref('hr'), replyInput, handler, deadlines, MONDAY)).toThrow(
        new ConflictError(
          'cannot reply to case XF-441481-20260302-000001: it is forwarded; the unit must accept the case before replying',
        ),
      );
    });

    it('replies with the outcome and lets a pending extension lapse', () => {
      const c = accepted();
      c.requestExtension(ref('hr'), { days: 10, reason: 'x' }, handler, deadlines, MONDAY);
      c.pullEvents();
      const deliveredAt = new Date('2026-04-01T02:00:00Z');
      c.reply(
        ref('hr'),
        { ...replyInput, deliveredAt, deliveryMethod: 'letter' },
        handler,
        deadlines,
        deliveredAt,
      );
      expect(c.status).toBe('replied');
      expect(c.toState().extensions[0]!.status).toBe('lapsed');
      expect(c.pullEvents()[0]).toMatchObject({
        type: RoutingEventType.CaseReplied,
        outcome: 'partlySupported',
        late: false,
        handlingDueDate: '2026-05-06',
        deliveredAt,
        reviewRequestDueDate: '2026-05-06',
        reviewAuthority: ref('county'),
      });
    });

    it('flags a late reply', () => {
      const c = accepted();
      c.reply(ref('hr'), replyInput, handler, deadlines, new Date('2026-05-07T02:00:00Z'));
      expect(c.pullEvents()[0]).toMatchObject({ late: true, reviewRequestDueDate: null });
    });

    it('reports the result of an assigned case once, after the reply', () => {
      const c = aCase();
      c.route(
        forwardTo(ref('hr'), { mode: 'assign', resultReportDueDate: '2026-04-15' }),
        clerk,
        deadlines,
        MONDAY,
      );
      c.accept(ref('hr'), true, handler, deadlines, MONDAY);
      expect(() => c.reportResult(ref('hr'), '已办结', head, head, deadlines, MONDAY)).toThrow(
        /it is accepted; the result is reported once the unit has replied/,
      );
      c.reply(ref('hr'), replyInput, handler, deadlines, MONDAY);
      c.pullEvents();
      c.reportResult(
        ref('hr'),
        '已办结并答复',
        head,
        head,
        deadlines,
        new Date('2026-04-16T02:00:00Z'),
      );
      expect(c.pullEvents()[0]).toMatchObject({
        type: RoutingEventType.CaseResultReported,
        unit: ref('hr'),
        toUnit: ref('office'),
        dueDate: '2026-04-15',
        late: true,
        signedBy: head,
      });
      expect(() => c.reportResult(ref('hr'), 'again', head, head, deadlines, MONDAY)).toThrow(
        /already reported/,
      );
    });

    it('has no result report for a forwarded case', () => {
      const c = accepted();
      c.reply(ref('hr'), replyInput, handler, deadlines, MONDAY);
      expect(() => c.reportResult(ref('hr'), 'x', null, handler, deadlines, MONDAY)).toThrow(
        /was forwarded, not assigned/,
      );
    });
  });

  it('survives a round trip through its stored state', () => {
    const c = accepted();
    const copy = RoutingCase.restore(deepCopy(c.toState()));
    copy.reply(
      ref('hr'),
      {
        outcome: 'supported',
        opinionSummary: '支持',
        documentNumber: null,
        deliveredAt: null,
        deliveryMethod: null,
        reviewAuthority: null,
      },
      handler,
      deadlines,
      MONDAY,
    );
    expect(copy.status).toBe('replied');
    expect(c.status).toBe('accepted');
  });
});
