import type { CaseEvent } from '@xinfang/bus';
import { caseEvents, decodeCaseEvent } from '@xinfang/contracts';
import { ValidationError } from '@xinfang/kernel';
import type { RecordCaseEvent } from '../../application';
import type { CaseRef, UnitRef } from '../../domain';

/** CloudEvents `source` of hearing's own events, which the consumer skips. */
export const HEARING_EVENT_SOURCE = 'xinfang/hearing';

function caseRefOf(ref: caseEvents.CaseRef | undefined, subject: string): CaseRef {
  if (!ref || !ref.regionPath) throw new ValidationError('case_ref', 'is missing');
  return {
    caseId: ref.caseId || subject,
    caseNumber: ref.caseNumber,
    tenantId: ref.tenantId || null,
    regionPath: ref.regionPath,
    regionCode: ref.regionCode || (ref.regionPath.split('/').pop() ?? ''),
  };
}

const unitOf = (u: caseEvents.UnitRef | undefined): UnitRef | null =>
  u && u.regionCode ? { unitId: u.unitId, name: u.name, regionCode: u.regionCode } : null;

/**
 * Keeps what hearing needs from other services' events: the case reference and region
 * (CaseRegistered) and the delivered reply that opens the review window (CaseReplied).
 * Idempotent: both only set fields to the event's values.
 */
export function caseEventHandler(record: RecordCaseEvent) {
  return async (event: CaseEvent<unknown>): Promise<void> => {
    if (event.source === HEARING_EVENT_SOURCE) return;
    const decoded = decodeCaseEvent(event.type, event.data);
    if (!decoded) return;
    switch (decoded.name) {
      case 'CaseRegistered': {
        const p = decoded.payload;
        await record.registered(caseRefOf(p.caseRef, event.subject), {
          subjectCode: p.subjectCode,
          locationRegionCode: p.locationRegionCode,
          title: p.title,
        });
        return;
      }
      case 'CaseReplied': {
        const p = decoded.payload;
        const unit = unitOf(p.unit);
        if (!unit)
          throw new ValidationError('unit', 'a reply must name the replying unit and its region');
        await record.replied(caseRefOf(p.caseRef, event.subject), {
          unit,
          repliedAt: new Date(p.occurredAt ?? event.time),
          deliveredAt: p.deliveredAt ? new Date(p.deliveredAt) : null,
          documentNumber: p.documentNumber,
          reviewAuthority: unitOf(p.reviewAuthority),
        });
        return;
      }
      default:
        return;
    }
  };
}

/** Retrying cannot fix a malformed event. */
export function isRetryable(err: unknown): boolean {
  return !(err instanceof ValidationError);
}
