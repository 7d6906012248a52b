import { createHash, timingSafeEqual } from 'node:crypto';

/** Crockford base32: no I, L, O or U, so a code read aloud or retyped is hard to get wrong. */
export const QUERY_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 12 characters of base32 carry 60 random bits. */
export const QUERY_CODE_LENGTH = 12;

/** Cryptographically strong random bytes (node:crypto in infrastructure). */
export interface RandomSource {
  bytes(count: number): Uint8Array;
}

/** A new query code; the petitioner receives it once and only its hash is kept. */
export function newQueryCode(random: RandomSource): string {
  const bytes = random.bytes(QUERY_CODE_LENGTH);
  if (bytes.length < QUERY_CODE_LENGTH) throw new Error('random source returned too few bytes');
  // 256 is a multiple of 32, so taking each byte modulo 32 keeps the characters uniform.
  return Array.from(bytes.subarray(0, QUERY_CODE_LENGTH), (b) => QUERY_CODE_ALPHABET[b % 32]).join(
    '',
  );
}

/** Upper-cases, drops spaces and hyphens, and reads I/L as 1 and O as 0 (Crockford). */
export function normalizeQueryCode(raw: string): string {
  return raw.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
}

export function isQueryCode(raw: string): boolean {
  const code = normalizeQueryCode(raw);
  return (
    code.length === QUERY_CODE_LENGTH && [...code].every((c) => QUERY_CODE_ALPHABET.includes(c))
  );
}

/** SHA-256 of the normalized code; 60 random bits make a keyless hash safe to store. */
export function hashQueryCode(raw: string): string {
  return createHash('sha256').update(normalizeQueryCode(raw)).digest('hex');
}

/** Compares in constant time so response timing does not leak the stored hash. */
export function queryCodeMatches(raw: string, storedHash: string): boolean {
  const given = Buffer.from(hashQueryCode(raw), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}
