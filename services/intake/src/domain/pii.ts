import { canChange, hasRole, Principal, ROLES } from '@xinfang/principal';
import { Nature } from './vocabulary';

/**
 * Encrypts ID numbers and phone numbers at rest. The repository adapter seals them on write and
 * opens them on read; the domain only ever holds the plain values in memory.
 */
export interface PiiCipher {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
}

export type PetitionerKeyKind = 'idNumber' | 'phone';

/**
 * Keyed hash (HMAC in infrastructure) of a normalized ID number or phone, so the same person is
 * found across the province without storing or comparing the plain values.
 */
export interface PetitionerKeyHasher {
  keyOf(kind: PetitionerKeyKind, normalizedValue: string): string;
}

/** What mayViewPii needs to know about the case. */
export interface PiiOwner {
  readonly regionPath: string;
  readonly nature: Nature;
}

/**
 * Only clerks and handlers of the office that owns the case see ID numbers and phones unmasked;
 * every other role, client and system caller gets masks. For an accusation only the clerk does:
 * the handling unit may be the accused one (Art. 30, informants are protected).
 */
export function mayViewPii(principal: Principal, owner: PiiOwner): boolean {
  if (principal.kind !== 'user') return false;
  const roles = owner.nature === 'accusation' ? [ROLES.clerk] : [ROLES.clerk, ROLES.handler];
  return hasRole(principal, ...roles) && canChange(principal, owner.regionPath);
}
