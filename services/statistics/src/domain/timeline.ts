import type { caseEvents } from '@xinfang/contracts';
import { occurredAt, ProjectedEvent } from './events';

/** One line of a case's history across all services, from one event. */
export interface TimelineEntry {
  eventId: string;
  caseId: string;
  /** Event name, e.g. `CaseAccepted`. */
  name: string;
  type: string;
  /** The producing service (ce_source). */
  source: string;
  occurredAt: Date;
  actor: { username: string; role: string } | null;
  /** The unit the event is about (receiving, accepting, replying, supervised …), if any. */
  unit: { unitId: string; name: string } | null;
  regionPath: string;
}

const UNIT_FIELDS = [
  'toUnit',
  'unit',
  'handlingUnit',
  'supervisedUnit',
  'targetUnit',
  'authority',
  'ratedUnit',
  'responsibleUnit',
] as const;

export function timelineEntryOf(event: ProjectedEvent): TimelineEntry {
  const payload = event.decoded.payload as unknown as Record<string, unknown> & {
    actor?: caseEvents.Actor;
  };
  let unit: TimelineEntry['unit'] = null;
  for (const field of UNIT_FIELDS) {
    const ref = payload[field] as caseEvents.UnitRef | undefined;
    if (ref?.unitId) {
      unit = { unitId: ref.unitId, name: ref.name };
      break;
    }
  }
  return {
    eventId: event.id,
    caseId: event.caseId,
    name: event.decoded.name,
    type: event.type,
    source: event.source,
    occurredAt: occurredAt(event),
    actor: payload.actor ? { username: payload.actor.username, role: payload.actor.role } : null,
    unit,
    regionPath: event.regionPath,
  };
}
