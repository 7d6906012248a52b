import { maskIdNumber, maskPhone } from './identity';
import { PetitionerKeyHasher } from './pii';

/** A petitioner who gives their name (实名). ID number and phone are plain here, sealed at rest. */
export interface RealNamePetitioner {
  readonly kind: 'realName';
  readonly name: string;
  readonly idNumber: string | null;
  readonly phone: string | null;
  readonly address: string | null;
}

/** A petitioner who does not give their name (匿名); allowed for suggestions and accusations. */
export interface AnonymousPetitioner {
  readonly kind: 'anonymous';
}

export type Petitioner = RealNamePetitioner | AnonymousPetitioner;

/** The same petitioner with ID number and phone masked, for callers who may not see them. */
export function maskPetitioner(p: Petitioner): Petitioner {
  if (p.kind === 'anonymous') return p;
  return {
    ...p,
    idNumber: p.idNumber === null ? null : maskIdNumber(p.idNumber),
    phone: p.phone === null ? null : maskPhone(p.phone),
  };
}

/** The keyed hashes that find the same people again, de-duplicated. */
export function petitionerKeys(
  petitioners: readonly Petitioner[],
  hasher: PetitionerKeyHasher,
): string[] {
  const keys = new Set<string>();
  for (const p of petitioners) {
    if (p.kind === 'anonymous') continue;
    if (p.idNumber) keys.add(hasher.keyOf('idNumber', p.idNumber));
    if (p.phone) keys.add(hasher.keyOf('phone', p.phone));
  }
  return [...keys];
}
