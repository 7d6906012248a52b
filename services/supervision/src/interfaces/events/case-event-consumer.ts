import type { CaseEvent } from '@xinfang/bus';
import { decodeCaseEvent } from '@xinfang/contracts';
import { NotFoundError, ValidationError } from '@xinfang/kernel';
import { ApplyCaseEvent, caseFactFromContract } from '../../application';
import { SUPERVISION_EVENT_SOURCE } from '../../infrastructure/events/outbox-events';

/** Events supervision publishes that it also reads back: ratings and closures change its file. */
const OWN_EVENTS_READ_BACK = new Set(['SatisfactionRated', 'CaseClosed']);

/**
 * Applies a case event to the case's clocks and file. Events this version does not know change
 * nothing; supervision's own events are skipped apart from those it reads back.
 */
export function caseEventHandler(apply: ApplyCaseEvent) {
  return async (event: CaseEvent<unknown>): Promise<void> => {
    const decoded = decodeCaseEvent(event.type, event.data);
    if (!decoded) return;
    if (event.source === SUPERVISION_EVENT_SOURCE && !OWN_EVENTS_READ_BACK.has(decoded.name)) {
      return;
    }
    let fact;
    try {
      fact = caseFactFromContract(decoded);
    } catch (err) {
      throw new ValidationError('data', err instanceof Error ? err.message : String(err));
    }
    if (!fact) return;
    await apply.execute({ eventId: event.id, fact });
  };
}

/** Retrying cannot fix a malformed event or one about a case that does not exist. */
export function isRetryable(err: unknown): boolean {
  return !(err instanceof NotFoundError || err instanceof ValidationError);
}
