import type { EventInput } from '@xinfang/bus';
import { encodeCaseEvent } from '@xinfang/contracts';
import { toContractEvent } from '../../application';
import type { SupervisionEvent } from '../../domain';

/** CloudEvents `source` of supervision's events. */
export const SUPERVISION_EVENT_SOURCE = 'xinfang/supervision';

/**
 * A domain event as the outbox keeps it: the proto3 JSON of its `xinfang.case.v1` message, so the
 * relay publishes it as is; the event id is the CloudEvents id.
 */
export function outboxEventOf(event: SupervisionEvent): EventInput & { subject: string } {
  const contract = toContractEvent(event);
  const { type, json } = encodeCaseEvent(contract.name, contract.payload as never);
  return {
    id: event.id,
    type,
    subject: event.caseRef.caseId,
    time: event.occurredAt,
    data: json,
  };
}
