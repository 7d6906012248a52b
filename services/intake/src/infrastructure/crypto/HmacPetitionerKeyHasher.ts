import { createHmac } from 'node:crypto';
import type { PetitionerKeyHasher, PetitionerKeyKind } from '../../domain';

/**
 * HMAC-SHA256 (hex) of `<kind>:<normalized value>` with PII_HASH_KEY: the same person is found
 * province-wide without storing or comparing plain ID numbers or phones, and without the key
 * nobody can test a guessed number against the stored keys.
 */
export class HmacPetitionerKeyHasher implements PetitionerKeyHasher {
  constructor(private readonly key: Buffer) {
    if (key.length < 32) throw new Error('PII hash key must be at least 32 bytes');
  }

  keyOf(kind: PetitionerKeyKind, normalizedValue: string): string {
    return createHmac('sha256', this.key).update(`${kind}:${normalizedValue}`).digest('hex');
  }
}
