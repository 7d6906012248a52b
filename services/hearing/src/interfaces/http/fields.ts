import { ValidationError } from '@xinfang/kernel';

/**
 * Runs a use case and names the fields of its validation errors as the request does
 * (`petitioners.0.idNumber` → `body.petitioners.0.idNumber`), like the route's own checks.
 */
export async function fieldsIn<T>(
  part: 'body' | 'query' | 'params',
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    throw new ValidationError(
      err.issues.map((i) => ({
        field: i.field === part || i.field.startsWith(`${part}.`) ? i.field : `${part}.${i.field}`,
        reason: i.reason,
      })),
    );
  }
}
