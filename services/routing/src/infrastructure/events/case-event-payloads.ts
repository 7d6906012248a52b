import { CaseEventName, CaseEventTypeString, encodeCaseEvent } from '@xinfang/contracts';
import { Actor, CaseRef, eventName, RoutingEvent, UnitRef } from '../../domain';
import {
  CONTACT_METHOD_TO_PROTO,
  LEGAL_CHANNEL_TO_PROTO,
  REPLY_OUTCOME_TO_PROTO,
  ROUTE_MODE_TO_PROTO,
  UNIT_ROLE_TO_PROTO,
} from './vocabulary';

/** One routing event as it goes on the public topic. */
export interface EncodedCaseEvent {
  readonly name: CaseEventName;
  /** `ce_type`, e.g. `xinfang.case.v1.CaseForwarded`. */
  readonly type: CaseEventTypeString;
  /** The proto3 JSON of the `xinfang.case.v1` message: the Kafka record value. */
  readonly json: unknown;
}

const unit = (u: UnitRef | null) =>
  u ? { unitId: u.unitId, name: u.name, regionCode: u.regionCode } : undefined;
const units = (us: readonly UnitRef[]) => us.map((u) => unit(u)!);
const actor = (a: Actor | null) =>
  a
    ? { subject: a.subject, username: a.username, role: a.role, unitId: a.unitId ?? '' }
    : undefined;
const caseRef = (c: CaseRef) => ({
  caseId: c.caseId,
  caseNumber: c.caseNumber,
  tenantId: c.tenantId,
  regionPath: c.regionPath,
  regionCode: c.regionCode,
});
const text = (v: string | null) => v ?? '';
const time = (d: Date | null) => (d ? d.toISOString() : undefined);

/**
 * The one serializer of routing events: each domain event becomes the proto3 JSON of its
 * `xinfang.case.v1` message. Fields the contract does not carry stay inside the service; absent
 * values take the proto3 defaults.
 */
export function encodeRoutingEvent(event: RoutingEvent): EncodedCaseEvent {
  const base = {
    caseRef: caseRef(event.caseRef),
    actor: actor(event.actor),
    occurredAt: time(event.occurredAt),
  };
  const encoded = ((): { type: CaseEventTypeString; json: unknown } => {
    switch (event.type) {
      case 'xinfang.case.v1.CaseForwarded':
        return encodeCaseEvent('CaseForwarded', {
          ...base,
          fromUnit: unit(event.fromUnit),
          toUnit: unit(event.toUnit),
          coUnits: units(event.coUnits),
          acceptanceDueDate: event.acceptanceDueDate,
          letterNumber: text(event.letterNumber),
          redacted: event.redacted,
          ruleId: text(event.ruleId),
          note: text(event.note),
        });
      case 'xinfang.case.v1.CaseAssigned':
        return encodeCaseEvent('CaseAssigned', {
          ...base,
          fromUnit: unit(event.fromUnit),
          toUnit: unit(event.toUnit),
          coUnits: units(event.coUnits),
          acceptanceDueDate: event.acceptanceDueDate,
          resultReportDueDate: event.resultReportDueDate,
          letterNumber: text(event.letterNumber),
          requirements: text(event.requirements),
          redacted: event.redacted,
          ruleId: text(event.ruleId),
        });
      case 'xinfang.case.v1.CaseDeclined':
        return encodeCaseEvent('CaseDeclined', {
          ...base,
          reason: event.reason,
          legalChannel: event.legalChannel ? LEGAL_CHANNEL_TO_PROTO[event.legalChannel] : 0,
          legalChannelGuidance: text(event.legalChannelGuidance),
          petitionerNotified: event.petitionerNotified,
        });
      case 'xinfang.case.v1.CaseDisposedDirectly':
        return encodeCaseEvent('CaseDisposedDirectly', {
          ...base,
          handlingUnit: unit(event.handlingUnit),
          summary: event.summary,
          answeredOnSpot: event.answeredOnSpot,
        });
      case 'xinfang.case.v1.CaseAccepted':
        return encodeCaseEvent('CaseAccepted', {
          ...base,
          unit: unit(event.unit),
          unitRole: UNIT_ROLE_TO_PROTO[event.unitRole],
          handlingDueDate: event.handlingDueDate,
          petitionerNotified: event.petitionerNotified,
          late: event.late,
        });
      case 'xinfang.case.v1.CaseNotAccepted':
        return encodeCaseEvent('CaseNotAccepted', {
          ...base,
          unit: unit(event.unit),
          reason: event.reason,
          legalChannel: event.legalChannel ? LEGAL_CHANNEL_TO_PROTO[event.legalChannel] : 0,
          legalChannelGuidance: text(event.legalChannelGuidance),
          petitionerNotified: event.petitionerNotified,
        });
      case 'xinfang.case.v1.CaseReturned':
        return encodeCaseEvent('CaseReturned', {
          ...base,
          unit: unit(event.unit),
          toUnit: unit(event.toUnit),
          reason: event.reason,
          suggestedUnit: unit(event.suggestedUnit),
          // Objections after the window are refused, so every recorded return was within it.
          withinWindow: true,
        });
      case 'xinfang.case.v1.CaseRerouted':
        return encodeCaseEvent('CaseRerouted', {
          ...base,
          fromUnit: unit(event.fromUnit),
          toUnit: unit(event.toUnit),
          coUnits: units(event.coUnits),
          mode: ROUTE_MODE_TO_PROTO[event.mode],
          reason: event.reason,
          acceptanceDueDate: event.acceptanceDueDate,
          resultReportDueDate: text(event.resultReportDueDate),
          redacted: event.redacted,
        });
      case 'xinfang.case.v1.CaseExtensionRequested':
        return encodeCaseEvent('CaseExtensionRequested', {
          ...base,
          unit: unit(event.unit),
          requestedDays: event.requestedDays,
          reason: event.reason,
          currentDueDate: event.currentDueDate,
        });
      case 'xinfang.case.v1.CaseExtended':
        return encodeCaseEvent('CaseExtended', {
          ...base,
          unit: unit(event.unit),
          days: event.days,
          reason: event.reason,
          approvedBy: actor(event.approvedBy),
          previousDueDate: event.previousDueDate,
          newDueDate: event.newDueDate,
          petitionerNotified: event.petitionerNotified,
        });
      case 'xinfang.case.v1.CaseReplied':
        return encodeCaseEvent('CaseReplied', {
          ...base,
          unit: unit(event.unit),
          outcome: REPLY_OUTCOME_TO_PROTO[event.outcome],
          opinionSummary: event.opinionSummary,
          documentNumber: text(event.documentNumber),
          late: event.late,
          deliveredAt: time(event.deliveredAt),
          deliveryMethod: event.deliveryMethod ? CONTACT_METHOD_TO_PROTO[event.deliveryMethod] : 0,
          reviewRequestDueDate: text(event.reviewRequestDueDate),
          reviewAuthority: unit(event.reviewAuthority),
        });
      case 'xinfang.case.v1.CaseResultReported':
        return encodeCaseEvent('CaseResultReported', {
          ...base,
          unit: unit(event.unit),
          toUnit: unit(event.toUnit),
          summary: event.summary,
          dueDate: event.dueDate,
          late: event.late,
          signedBy: actor(event.signedBy),
        });
    }
  })();
  return { name: eventName(event), ...encoded };
}
