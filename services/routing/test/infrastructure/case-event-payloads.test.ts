import { CASE_EVENT_NAMES, decodeCaseEvent, encodeCaseEvent } from '@xinfang/contracts';
import {
  Actor,
  eventName,
  RouteDecision,
  RoutingCase,
  RoutingEvent,
  ROUTING_EVENT_NAMES,
} from '../../src/domain';
import { encodeRoutingEvent } from '../../src/infrastructure/events/case-event-payloads';
import { aCase, daysAfter, deadlines, MONDAY, ref } from '../support/mothers';

const clerk: Actor = { subject: 's-c', username: 'clerk.441481', role: 'clerk', unitId: 'xn-xfj' };
const handler: Actor = {
  subject: 's-h',
  username: 'handler.441481',
  role: 'handler',
  unitId: 'xn-rsj',
};
const head: Actor = {
  subject: 's-u',
  username: 'unit-head.441481',
  role: 'unit-head',
  unitId: 'xn-rsj',
};

function decision(mode: 'forward' | 'assign', lead = ref('hr')): RouteDecision {
  return {
    mode,
    lead,
    coUnits: [],
    resultReportDueDate: mode === 'assign' ? '2026-03-20' : null,
    requirements: null,
    letterNumber: null,
    note: null,
    ruleId: null,
  };
}

/** Every kind of routing event, from the domain itself. */
function everyEvent(): RoutingEvent[] {
  const at = (days: number) => daysAfter(MONDAY, days);
  const handled = aCase({ caseId: 'c-1' });
  handled.route(decision('assign'), clerk, deadlines, at(1));
  handled.accept(ref('hr'), true, handler, deadlines, at(2));
  handled.requestExtension(ref('hr'), { days: 20, reason: '调查' }, handler, deadlines, at(3));
  handled.approveExtension(
    ref('hr'),
    { days: null, petitionerNotified: true },
    head,
    deadlines,
    at(4),
  );
  handled.reply(
    ref('hr'),
    {
      outcome: 'supported',
      opinionSummary: '支持',
      documentNumber: null,
      deliveredAt: at(5),
      deliveryMethod: 'sms',
      reviewAuthority: ref('county'),
    },
    handler,
    deadlines,
    at(5),
  );
  handled.reportResult(ref('hr'), '已办结', head, head, deadlines, at(6));

  const misrouted = aCase({ caseId: 'c-2' });
  misrouted.route(decision('forward', ref('land')), clerk, deadlines, at(1));
  misrouted.returnToOffice(
    ref('land'),
    { reason: '不属于', suggestedUnit: ref('hr') },
    handler,
    deadlines,
    at(2),
  );
  misrouted.reroute(decision('forward'), '改派', clerk, deadlines, at(3));
  misrouted.notAccept(
    ref('hr'),
    {
      reason: '属仲裁',
      legalChannel: 'laborArbitration',
      legalChannelGuidance: '向劳动仲裁委申请',
      petitionerNotified: true,
    },
    handler,
    at(4),
  );

  const declined = aCase({ caseId: 'c-3' });
  declined.decline(
    {
      reason: '非信访事项',
      legalChannel: null,
      legalChannelGuidance: null,
      petitionerNotified: true,
    },
    clerk,
    at(1),
  );
  const direct = aCase({ caseId: 'c-4' });
  direct.handleDirectly({ summary: '当场答复', answeredOnSpot: true }, clerk, at(1));

  return [handled, misrouted, declined, direct].flatMap((c: RoutingCase) => c.pullEvents());
}

describe('encodeRoutingEvent', () => {
  const events = everyEvent();

  it('covers every routing event, each a message of the public contract', () => {
    expect(new Set(events.map(eventName))).toEqual(new Set(ROUTING_EVENT_NAMES));
    for (const name of ROUTING_EVENT_NAMES) expect(CASE_EVENT_NAMES).toContain(name);
  });

  it.each(ROUTING_EVENT_NAMES)('%s decodes as its message, with the case and actor', (name) => {
    const event = events.find((e) => eventName(e) === name)!;
    const encoded = encodeRoutingEvent(event);
    expect(encoded).toMatchObject({ name, type: `xinfang.case.v1.${name}` });
    const decoded = decodeCaseEvent(encoded.type, JSON.parse(JSON.stringify(encoded.json)));
    expect(decoded?.name).toBe(name);
    const payload = decoded!.payload as unknown as Record<string, unknown>;
    expect(payload.caseRef).toEqual(event.caseRef);
    expect(payload.actor).toMatchObject({ username: event.actor.username, role: event.actor.role });
    expect(payload.occurredAt).toBe(event.occurredAt.toISOString());
    // Nothing is lost on the way back: re-encoding the decoded payload gives the same JSON.
    expect(encodeCaseEvent(name, decoded!.payload as never).json).toEqual(encoded.json);
  });

  it('writes enums by their proto3 JSON names and due dates as dates', () => {
    const json = (name: string) =>
      encodeRoutingEvent(events.find((e) => eventName(e) === name)!).json as Record<
        string,
        unknown
      >;
    expect(json('CaseAccepted')).toMatchObject({ unitRole: 'UNIT_ROLE_LEAD' });
    expect(json('CaseRerouted')).toMatchObject({ mode: 'ROUTE_MODE_FORWARD' });
    expect(json('CaseNotAccepted')).toMatchObject({
      legalChannel: 'LEGAL_CHANNEL_LABOR_ARBITRATION',
      legalChannelGuidance: '向劳动仲裁委申请',
    });
    expect(json('CaseReplied')).toMatchObject({
      outcome: 'REPLY_OUTCOME_SUPPORTED',
      deliveryMethod: 'CONTACT_METHOD_SMS',
      reviewAuthority: ref('county'),
    });
    expect(json('CaseAssigned')).toMatchObject({ resultReportDueDate: '2026-03-20' });
    expect(json('CaseReturned')).toMatchObject({ withinWindow: true, suggestedUnit: ref('hr') });
    expect(json('CaseExtended')).toMatchObject({
      days: 20,
      approvedBy: { username: 'unit-head.441481' },
    });
  });
});
