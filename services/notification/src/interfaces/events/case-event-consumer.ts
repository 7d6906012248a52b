import type { EventHandler } from '@xinfang/bus';
import { ValidationError } from '@xinfang/kernel';
import type { HandleCaseEvent } from '../../application/HandleCaseEvent/HandleCaseEvent';

/** Every case event goes through HandleCaseEvent. */
export function caseEventHandler(handle: HandleCaseEvent): EventHandler {
  return (event, delivery) => handle.execute(event, delivery);
}

/** Malformed events cannot succeed on retry; they go to the dead-letter topic at once. */
export function isRetryable(err: unknown): boolean {
  return !(err instanceof ValidationError);
}
