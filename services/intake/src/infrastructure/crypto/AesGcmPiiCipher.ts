import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { PiiCipher } from '../../domain';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID = /^[a-z0-9]{1,16}$/;

export interface PiiKeyRing {
  /** Id of the key new values are sealed with; stored as the prefix of every sealed value. */
  readonly currentKeyId: string;
  /** 32-byte keys by id: the current one and earlier ones still being read. */
  readonly keys: ReadonlyMap<string, Buffer>;
}

/** `k0:base64` entries (PII_PREVIOUS_KEYS) plus the current key, as a key ring. */
export function piiKeyRing(
  currentKeyId: string,
  currentKey: Buffer,
  previous: readonly string[] = [],
): PiiKeyRing {
  const keys = new Map<string, Buffer>();
  for (const entry of previous) {
    const [id, b64] = entry.split(':');
    const key = Buffer.from(b64 ?? '', 'base64');
    if (!id || !KEY_ID.test(id) || key.length !== 32) {
      throw new Error('PII_PREVIOUS_KEYS: each entry must be keyId:base64 of 32 bytes');
    }
    keys.set(id, key);
  }
  keys.set(currentKeyId, currentKey);
  return { currentKeyId, keys };
}

/**
 * AES-256-GCM for ID numbers and phones at rest: `<keyId>:<base64(iv | tag | ciphertext)>`. A
 * fresh random IV per value, so equal numbers do not look equal stored; the key id lets old values
 * be read after the key is rotated. Lookups use the keyed hash (HmacPetitionerKeyHasher), never
 * the ciphertext.
 */
export class AesGcmPiiCipher implements PiiCipher {
  constructor(private readonly ring: PiiKeyRing) {
    if (!KEY_ID.test(ring.currentKeyId)) throw new Error('PII key id must be 1-16 of a-z0-9');
    for (const [id, key] of ring.keys) {
      if (key.length !== 32) throw new Error(`PII key ${id} must be 32 bytes`);
    }
    if (!ring.keys.has(ring.currentKeyId)) throw new Error('the current PII key is missing');
  }

  encrypt(plain: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.ring.keys.get(this.ring.currentKeyId)!, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const sealed = Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    return `${this.ring.currentKeyId}:${sealed}`;
  }

  decrypt(sealed: string): string {
    const colon = sealed.indexOf(':');
    const keyId = colon > 0 ? sealed.slice(0, colon) : '';
    const key = this.ring.keys.get(keyId);
    if (!key) throw new Error(`sealed value uses unknown PII key "${keyId}"`);
    const raw = Buffer.from(sealed.slice(colon + 1), 'base64');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new Error('sealed value is truncated');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([
      decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  }

  /** True when a value was sealed with an earlier key and should be re-sealed. */
  needsRotation(sealed: string): boolean {
    return !sealed.startsWith(`${this.ring.currentKeyId}:`);
  }
}
