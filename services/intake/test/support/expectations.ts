import { DomainError, ValidationError } from '@xinfang/kernel';

/** Awaits a rejection and returns the error, failing when the promise resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

/** The fields a ValidationError named. */
export async function invalidFields(promise: Promise<unknown>): Promise<string[]> {
  const error = await rejectionOf(promise);
  if (!(error instanceof ValidationError)) throw error;
  return error.issues.map((i) => i.field);
}
