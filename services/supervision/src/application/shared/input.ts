import { isLocalDate, ValidationError } from '@xinfang/kernel';
import { z } from 'zod';

/**
 * Parses untrusted input with a schema; every problem becomes a field issue
 * (`leader.subject: is required`), so bad input never goes further.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input, {
    error: (issue) =>
      issue.input === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value')
        ? 'is required'
        : undefined,
  });
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map((i) => ({
      field: i.path.map(String).join('.') || 'body',
      reason: i.message,
    })),
  );
}

export const text = (max = 10_000) => z.string().trim().min(1).max(max);
export const id = z.string().trim().min(1).max(100);
export const localDate = z
  .string()
  .refine((v) => isLocalDate(v), { message: 'must be a date (YYYY-MM-DD)' });
export const month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'must be a month (YYYY-MM)' });

export const unitRefInput = z.object({
  unitId: id,
  name: text(200),
  regionCode: z.string().regex(/^\d{6}(\d{3})?$/, { message: 'must be a region code' }),
});
