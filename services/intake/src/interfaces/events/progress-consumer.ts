import type { CaseEvent } from '@xinfang/bus';
import { CaseEventType, decodeCaseEvent, type DecodedCaseEvent } from '@xinfang/contracts';
import { NotFoundError, ValidationError } from '@xinfang/kernel';
import { RecordCaseProgress } from '../../application';
import type { CaseRepository } from '../../domain';
import type { StoreCaseAudit } from '../../infrastructure/audit/StoreCaseAudit';
import type { MongoTerminationChecker } from '../../infrastructure/mongo/MongoTerminationChecker';

export interface ProgressHandlerDeps {
  readonly recordProgress: RecordCaseProgress;
  readonly cases: CaseRepository;
  readonly terminations: MongoTerminationChecker;
  readonly audit: StoreCaseAudit;
}

const joined = (...parts: Array<string | undefined>) =>
  parts.filter((p): p is string => typeof p === 'string' && p.trim() !== '').join('\n') || null;

/**
 * Text of an event meant for the petitioner (a decline reason and where to go instead, why the
 * limit was extended, the summary of the reply). Internal notes of staff are never taken.
 */
export function publicNoteOf(decoded: DecodedCaseEvent): string | null {
  switch (decoded.name) {
    case 'CaseDeclined':
      return joined(decoded.payload.reason, decoded.payload.legalChannelGuidance);
    case 'CaseNotAccepted':
      return joined(decoded.payload.reason, decoded.payload.legalChannelGuidance);
    case 'CaseExtended':
      return joined(decoded.payload.reason);
    case 'CaseReplied':
      return joined(decoded.payload.opinionSummary);
    default:
      return null;
  }
}

/** When the event says it happened; the envelope time otherwise. */
function occurredAt(decoded: DecodedCaseEvent, fallback: string): string {
  const at = (decoded.payload as { occurredAt?: string }).occurredAt;
  return at && !Number.isNaN(Date.parse(at)) ? at : fallback;
}

/**
 * Applies another service's case event to the case (the petitioner's timeline, the status the
 * repeat check sees) and records a termination after re-review in `terminated_matters`.
 * Idempotent: the case remembers the event ids on its timeline, a terminated matter is keyed by
 * the case id, and the consumer's inbox skips redeliveries.
 */
export function progressHandler(deps: ProgressHandlerDeps) {
  return async (event: CaseEvent<unknown>): Promise<void> => {
    const decoded = decodeCaseEvent(event.type, event.data);
    // Events this version does not know, and intake's own, change nothing here.
    if (!decoded || event.source === 'xinfang/intake') return;
    const time = occurredAt(decoded, event.time);
    const { applied } = await deps.recordProgress.execute({
      eventId: event.id,
      type: event.type,
      caseId: event.subject,
      time,
      publicNote: publicNoteOf(decoded),
    });
    const terminatedNow = event.type === CaseEventType.CaseTerminated;
    if (!applied && !terminatedNow) return;
    const found = await deps.cases.findById(event.subject);
    if (!found) throw new NotFoundError('case', event.subject);
    if (applied) {
      await deps.audit.record('progress', found, {
        eventId: event.id,
        type: decoded.name,
        source: event.source,
      });
    }
    if (terminatedNow) await deps.terminations.record(found, new Date(time), event.id);
  };
}

/** Retrying cannot fix an event about an unknown case or one that is malformed. */
export function isRetryable(err: unknown): boolean {
  return !(err instanceof NotFoundError || err instanceof ValidationError);
}
