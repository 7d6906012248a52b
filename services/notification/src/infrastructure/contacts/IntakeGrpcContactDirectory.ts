import { intakeV1 } from '@xinfang/contracts';
import type { ContactDirectory, PetitionerContact } from '../../domain/ports';

type GetCase = (request: intakeV1.GetCaseRequest) => Promise<intakeV1.GetCaseResponse>;

/**
 * Petitioners' phones from intake (`GetCase` with `reveal_contact`), called with the service
 * token. Intake returns phones only when it reveals them to the caller; masked numbers are of
 * no use for sending and are dropped. Intake keeps no email or postal address for notices.
 */
export class IntakeGrpcContactDirectory implements ContactDirectory {
  constructor(private readonly getCase: GetCase) {}

  async contactsFor(caseId: string): Promise<PetitionerContact[]> {
    const found = await this.getCase({ caseId, revealContact: true });
    if (found.redacted) return [];
    return found.petitioners
      .filter((p) => p.revealed && p.phone && !p.phone.includes('*'))
      .map((p, i) => ({
        recipientId: p.petitionerKey || `intake-${i}`,
        name: p.name,
        phone: p.phone,
      }));
  }
}

/** Contacts from several directories, merged per recipient; earlier directories win. */
export class CombinedContactDirectory implements ContactDirectory {
  constructor(
    private readonly directories: readonly ContactDirectory[],
    private readonly onError: (err: unknown) => void,
  ) {}

  async contactsFor(caseId: string): Promise<PetitionerContact[]> {
    const merged = new Map<string, PetitionerContact>();
    for (const directory of this.directories) {
      const found = await directory.contactsFor(caseId).catch((err: unknown) => {
        this.onError(err);
        return [];
      });
      for (const c of found) merged.set(c.recipientId, { ...c, ...merged.get(c.recipientId) });
    }
    return [...merged.values()];
  }
}
