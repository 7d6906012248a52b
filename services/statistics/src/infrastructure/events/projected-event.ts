import type { CaseEvent } from '@xinfang/bus';
import { decodeCaseEvent } from '@xinfang/contracts';
import { ValidationError } from '@xinfang/kernel';
import type { ProjectedEvent } from '../../domain';

/**
 * Reads a bus event for the projection. Undefined for an event type this version does not know
 * (added later in v1: skipped); a ValidationError for a payload that does not decode, which
 * retrying cannot fix.
 */
export function toProjectedEvent(event: CaseEvent): ProjectedEvent | undefined {
  let decoded;
  try {
    decoded = decodeCaseEvent(event.type, event.data);
  } catch (err) {
    throw new ValidationError('value', `${event.type} does not decode: ${(err as Error).message}`);
  }
  if (!decoded) return undefined;
  return {
    id: event.id,
    type: event.type,
    source: event.source,
    time: new Date(event.time),
    caseId: event.subject,
    regionPath: event.regionPath,
    tenantId: event.tenantId,
    decoded,
  };
}

/** Errors that a retry cannot fix go to the dead-letter topic at once. */
export function isRetryable(err: unknown): boolean {
  return !(err instanceof ValidationError);
}
