import { ValidationError } from '@xinfang/kernel';

/** An opaque cursor: the sort key of the last item of a page. */
export function encodeCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, parts: number): string[] {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(key) &&
      key.length === parts &&
      key.every((k): k is string => typeof k === 'string')
    ) {
      return key;
    }
  } catch {
    // falls through to the refusal below
  }
  throw new ValidationError('cursor', 'is not a cursor this listing returned');
}

/**
 * The filter for items after `after` in the order of `fields` (all ascending): a keyset page that
 * stays correct when items are added between pages.
 */
export function afterKey(
  fields: readonly string[],
  after: readonly string[],
): Record<string, unknown> {
  const clauses = fields.map((field, i) => ({
    ...Object.fromEntries(fields.slice(0, i).map((f, j) => [f, after[j]])),
    [field]: { $gt: after[i] },
  }));
  return { $or: clauses };
}

/** Reads one more than `limit` to learn whether another page follows. */
export function pageOf<T>(
  rows: T[],
  limit: number,
  keyOf: (row: T) => string[],
): { rows: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { rows, nextCursor: null };
  const page = rows.slice(0, limit);
  return { rows: page, nextCursor: encodeCursor(keyOf(page[page.length - 1]!)) };
}
