import { decodeTime, isValid, monotonicFactory } from 'ulid';
import { isLocalDate, LocalDate, toLocalDate } from './calendar';
import { ValidationError } from './errors';
import { isRegionCode } from './region';

// Monotonic, so ids minted within one millisecond still sort in creation order.
const nextUlid = monotonicFactory();

/** A new entity id: a ULID (26 characters, sortable by creation time). */
export function newId(): string {
  return nextUlid();
}

/** A new event id (CloudEvents `ce_id`, the consumers' deduplication key). */
export function newEventId(): string {
  return nextUlid();
}

export function isId(value: unknown): value is string {
  return typeof value === 'string' && isValid(value);
}

/** The creation instant encoded in an id from `newId`. */
export function idTime(id: string): Date {
  if (!isId(id)) throw new ValidationError('id', `"${id}" is not an id`);
  return new Date(decodeTime(id));
}

export const CASE_NUMBER_PREFIX = 'XF';
const CASE_SEQ_DIGITS = 6;
const CASE_NUMBER = /^XF-(\d{6}|\d{9})-(\d{8})-(\d{6})$/;

/**
 * The human case number `XF-<region>-<yyyymmdd>-<seq>`, e.g. `XF-441481-20261122-000123`: the
 * registering office's region, the Shanghai date of registration and that office's sequence
 * number for the day.
 */
export function formatCaseNumber(regionCode: string, date: Date | LocalDate, seq: number): string {
  if (!isRegionCode(regionCode))
    throw new ValidationError('regionCode', `"${regionCode}" is not a region code`);
  const day = date instanceof Date ? toLocalDate(date) : date;
  if (!isLocalDate(day)) throw new ValidationError('date', `"${String(date)}" is not a date`);
  if (!Number.isInteger(seq) || seq < 1 || seq >= 10 ** CASE_SEQ_DIGITS) {
    throw new ValidationError(
      'seq',
      `must be a whole number from 1 to ${10 ** CASE_SEQ_DIGITS - 1}`,
    );
  }
  return `${CASE_NUMBER_PREFIX}-${regionCode}-${day.replaceAll('-', '')}-${String(seq).padStart(CASE_SEQ_DIGITS, '0')}`;
}

export interface CaseNumberParts {
  regionCode: string;
  date: LocalDate;
  seq: number;
}

/** Reads a case number back into its parts; throws a ValidationError when it is malformed. */
export function parseCaseNumber(caseNumber: string): CaseNumberParts {
  const m = CASE_NUMBER.exec(caseNumber);
  const date = m ? `${m[2]!.slice(0, 4)}-${m[2]!.slice(4, 6)}-${m[2]!.slice(6, 8)}` : '';
  if (!m || !isRegionCode(m[1]!) || !isLocalDate(date) || Number(m[3]) === 0) {
    throw new ValidationError('caseNumber', `"${caseNumber}" is not a case number`);
  }
  return { regionCode: m[1]!, date, seq: Number(m[3]) };
}
