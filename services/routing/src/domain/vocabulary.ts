import { ValidationError } from '@xinfang/kernel';

/** The three kinds of petition (Arts. 29-31): 建议意见 / 检举控告 / 申诉求决. */
export const NATURES = ['suggestion', 'accusation', 'claim'] as const;
export type Nature = (typeof NATURES)[number];

/** Statutory routes a matter is steered to instead of petition handling (诉访分离). */
export const LEGAL_CHANNELS = [
  'litigation',
  'arbitration',
  'laborArbitration',
  'administrativeReconsideration',
  'other',
] as const;
export type LegalChannel = (typeof LEGAL_CHANNELS)[number];

/** 转送 (routine) or 交办 (with a result report due by a set date). */
export const ROUTE_MODES = ['forward', 'assign'] as const;
export type RouteMode = (typeof ROUTE_MODES)[number];

/** 主办 / 协办 on a cross-jurisdiction case. */
export type UnitRole = 'lead' | 'co';

/** The unit's answer in its written opinion: 支持 / 部分支持 / 不支持. */
export const REPLY_OUTCOMES = ['supported', 'partlySupported', 'notSupported'] as const;
export type ReplyOutcome = (typeof REPLY_OUTCOMES)[number];

/** How a written reply reached the petitioner. */
export const CONTACT_METHODS = ['phone', 'visit', 'sms', 'letter', 'online', 'inOffice'] as const;
export type ContactMethod = (typeof CONTACT_METHODS)[number];

/** What kind of body a unit is. */
export const UNIT_KINDS = [
  'petitionOffice',
  'department',
  'government',
  'township',
  'other',
] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** Kinds of unit that can be the local government of a place (属地). */
export const GOVERNMENT_KINDS: readonly UnitKind[] = ['government', 'township'];

/**
 * Subject codes: lower-case words joined by hyphens (the intake taxonomy), optionally refined by
 * dot-separated segments (`labour-social-security.wages`). A rule or unit naming a code covers
 * the code and every refinement of it.
 */
const SUBJECT_CODE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*(\.[a-z][a-z0-9]*(-[a-z0-9]+)*)*$/;
export const SUBJECT_CODE_MAX_LENGTH = 96;

export function isSubjectCode(value: string): boolean {
  return value.length <= SUBJECT_CODE_MAX_LENGTH && SUBJECT_CODE.test(value);
}

export function assertSubjectCode(value: string, field = 'subjectCode'): string {
  if (!isSubjectCode(value)) {
    throw new ValidationError(field, `"${value}" is not a subject code`);
  }
  return value;
}

/**
 * How closely `code` covers `subject`: the number of segments of `code` when it is the subject or
 * one of its broader codes, otherwise 0. Longer matches are more specific.
 */
export function subjectMatchDepth(code: string, subject: string): number {
  if (subject === code || subject.startsWith(`${code}.`)) return code.split('.').length;
  return 0;
}
