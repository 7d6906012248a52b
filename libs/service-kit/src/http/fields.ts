import { ValidationError } from '@xinfang/kernel';

/**
 * Runs a use case and names the fields of its validation errors as the request does
 * (`petitioners.0.idNumber` → `body.petitioners.0.idNumber`; fields named in `fromParams` → `params.<field>`), like the route's own checks.
 */
export async function fieldsIn<T>(
  part: 'body' | 'query' | 'params',
  fn: () => Promise<T>,
  fromParams: readonly string[] = [],
): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    throw new ValidationError(
      err.issues.map((i) => {
        const top = i.field.split('.')[0] ?? '';
        const at = fromParams.includes(top) ? 'params' : part;
        return {
          field: i.field === at || i.field.startsWith(`${at}.`) ? i.field : `${at}.${i.field}`,
          reason: i.reason,
        };
      }),
    );
  }
}
