/** Chinese resident ID numbers (GB 11643) and mainland mobile numbers: checks, normal forms, masks. */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS = '10X98765432';
const ID_SHAPE = /^\d{17}[\dX]$/;

/** Upper-cases the check character and drops surrounding spaces. */
export function normalizeIdNumber(raw: string): string {
  return raw.trim().toUpperCase();
}

/** The check character GB 11643 prescribes for the first 17 digits. */
export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK_CHARS[sum % 11]!;
}

/**
 * Why an ID number is not valid, or null when it is: 18 characters, a plausible region prefix, a
 * real birth date not in the future, and the GB 11643 check character.
 */
export function idNumberProblem(raw: string, today: Date = new Date()): string | null {
  const id = normalizeIdNumber(raw);
  if (!ID_SHAPE.test(id)) return 'must be 18 characters: 17 digits and a digit or X';
  const province = Number(id.slice(0, 2));
  if (province < 11 || province > 91) return 'does not start with a region code';
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  const realDate =
    birth.getUTCFullYear() === year &&
    birth.getUTCMonth() === month - 1 &&
    birth.getUTCDate() === day;
  if (!realDate || year < 1800 || birth.getTime() > today.getTime())
    return 'does not contain a valid birth date';
  if (idNumberCheckChar(id.slice(0, 17)) !== id[17])
    return 'has a wrong check character (GB 11643)';
  return null;
}

/** Strips spaces, hyphens and a +86 / 0086 prefix. */
export function normalizePhone(raw: string): string {
  return raw.replace(/[\s-]/g, '').replace(/^(\+86|0086)/, '');
}

const MOBILE = /^1[3-9]\d{9}$/;

/** Why a number is not a mainland mobile number, or null when it is. */
export function phoneProblem(raw: string): string | null {
  return MOBILE.test(normalizePhone(raw))
    ? null
    : 'must be a mainland mobile number (11 digits starting 13-19)';
}

/** Keeps the first `head` and last `tail` characters and stars the rest. */
export function maskMiddle(value: string, head = 3, tail = 4): string {
  if (value.length <= head + tail) return '*'.repeat(value.length);
  return value.slice(0, head) + '*'.repeat(value.length - head - tail) + value.slice(-tail);
}

/** `440102199001011234` → `440***********1234`. */
export function maskIdNumber(id: string): string {
  return maskMiddle(id, 3, 4);
}

/** `13812345678` → `138****5678`. */
export function maskPhone(phone: string): string {
  return maskMiddle(phone, 3, 4);
}

const ID_IN_TEXT = /(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g;
const MOBILE_IN_TEXT = /(?<!\d)(?:\+86|0086)?1[3-9]\d{9}(?!\d)/g;

/**
 * Masks anything in free text that looks like an ID number or a mobile number, for text that
 * leaves the service (event payloads, the public timeline).
 */
export function scrubPii(text: string): string {
  return text
    .replace(ID_IN_TEXT, (id) => maskIdNumber(id))
    .replace(MOBILE_IN_TEXT, (phone) => maskPhone(normalizePhone(phone)));
}
