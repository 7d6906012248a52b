import { isRegionCode, ValidationError } from '@xinfang/kernel';
import { isSubjectCode } from '../../domain';
import { z } from 'zod';

/** Parses a command, turning every schema issue into a field issue of one ValidationError. */
export function parseCommand<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map((i) => ({
      field: i.path.length > 0 ? i.path.join('.') : 'command',
      reason: i.message,
    })),
  );
}

/** Required text, trimmed, at most `max` characters. */
export const text = (max: number) =>
  z.string().trim().min(1, 'is required').max(max, `must be at most ${max} characters`);

/** Optional text; blank becomes null. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .nullish()
    .transform((v) => (v ? v : null));

export const id = text(64);

export const regionCode = z.string().refine(isRegionCode, 'is not a region code');
export const subjectCode = z.string().refine(isSubjectCode, 'is not a subject code');

/** A calendar date `YYYY-MM-DD`. */
export const localDate = z.iso.date('must be a date (YYYY-MM-DD)');

/** An instant, as a Date or an ISO 8601 string with offset. */
export const instant = z.union([
  z.date(),
  z.iso
    .datetime({ offset: true, message: 'must be an ISO 8601 instant' })
    .transform((s) => new Date(s)),
]);

export const limit = z.number().int().min(1).max(500).default(50);
export const cursor = z
  .string()
  .max(200)
  .nullish()
  .transform((v) => v ?? null);

/** Text limits of the routing commands. */
export const MAX = {
  name: 100,
  reason: 2000,
  summary: 4000,
  letterNumber: 64,
  note: 2000,
} as const;
