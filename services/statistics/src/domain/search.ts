import { ValidationError } from '@xinfang/kernel';
import type { CaseStatus } from './case-view';

/** Filters of the case search; every one is optional and they combine with AND. */
export interface CaseQuery {
  status?: CaseStatus[];
  overdue?: boolean;
  /** Cases at this escalation level or higher. */
  minEscalationLevel?: number;
  /** Current lead unit. */
  unitId?: string;
  /** Subject code or category (`labor` matches `labor.wages`). */
  subject?: string;
  channel?: string;
  nature?: string;
  /** Region code whose subtree to search (always inside the caller's own). */
  region?: string;
  /** Registered on or after this instant. */
  registeredFrom?: Date;
  /** Registered before this instant. */
  registeredTo?: Date;
  closed?: boolean;
  resolved?: boolean;
  /** Free text matched against case number, title, subject and unit name. */
  q?: string;
}

/**
 * Position after the last row of a page: rows are ordered by registration time, newest first,
 * then by case id, so the next page starts strictly after it whatever its depth.
 */
export interface SearchCursor {
  registeredAt: Date | null;
  caseId: string;
}

export function encodeCursor(c: SearchCursor): string {
  return Buffer.from(
    JSON.stringify({ r: c.registeredAt ? c.registeredAt.toISOString() : null, i: c.caseId }),
  ).toString('base64url');
}

export function decodeCursor(text: string, field = 'cursor'): SearchCursor {
  try {
    const raw = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as {
      r?: unknown;
      i?: unknown;
    };
    if (typeof raw.i !== 'string' || raw.i.length === 0) throw new Error('no case id');
    if (raw.r === null) return { registeredAt: null, caseId: raw.i };
    if (typeof raw.r !== 'string' || Number.isNaN(Date.parse(raw.r))) throw new Error('no time');
    return { registeredAt: new Date(raw.r), caseId: raw.i };
  } catch {
    throw new ValidationError(field, 'is not a cursor returned by this API');
  }
}

/** Escapes text for use inside a regular expression. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
