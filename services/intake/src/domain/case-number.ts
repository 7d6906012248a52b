import { ValidationError } from '@xinfang/kernel';

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000; // China keeps UTC+8 all year

/** The calendar date in Asia/Shanghai as `YYYY-MM-DD`. */
export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The calendar date in Asia/Shanghai as `yyyymmdd`, the day part of a case number. */
export function shanghaiDay(at: Date): string {
  return shanghaiDate(at).replace(/-/g, '');
}

export const CASE_NUMBER_PATTERN = /^XF-(\d{6})-(\d{8})-(\d{6})$/;
const MAX_SEQ = 999_999;

/** `XF-<county code>-<yyyymmdd>-<6-digit sequence>`, e.g. `XF-441481-20260314-000017`. */
export function formatCaseNumber(scopeCode: string, day: string, seq: number): string {
  if (!/^\d{6}$/.test(scopeCode))
    throw new ValidationError('caseNumber', `"${scopeCode}" is not a six-digit code`);
  if (!/^\d{8}$/.test(day))
    throw new ValidationError('caseNumber', `"${day}" is not a yyyymmdd day`);
  if (!Number.isInteger(seq) || seq < 1 || seq > MAX_SEQ) {
    throw new ValidationError('caseNumber', `sequence ${seq} is outside 1..${MAX_SEQ}`);
  }
  return `XF-${scopeCode}-${day}-${String(seq).padStart(6, '0')}`;
}

export function isCaseNumber(value: string): boolean {
  return CASE_NUMBER_PATTERN.test(value);
}
