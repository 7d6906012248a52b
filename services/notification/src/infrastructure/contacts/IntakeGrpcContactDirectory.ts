import { intakeV1 } from '@xinfang/contracts';
import type { ContactDirectory, PetitionerContact } from '../../domain/ports';

type GetPetitionerContacts = (
  request: intakeV1.GetPetitionerContactsRequest,
) => Promise<intakeV1.GetPetitionerContactsResponse>;

/**
 * Petitioners' phones and postal addresses from intake (`GetPetitionerContacts`), called with
 * the service token; intake answers only the notification client and gives nothing for anonymous
 * petitions. Intake keeps no email. A person is keyed by their place in the case, which does not
 * change, so redelivered events map to the same delivery ids.
 */
export class IntakeGrpcContactDirectory implements ContactDirectory {
  constructor(private readonly getContacts: GetPetitionerContacts) {}

  async contactsFor(caseId: string): Promise<PetitionerContact[]> {
    const found = await this.getContacts({ caseId });
    return found.contacts.map((c, i) => ({
      recipientId: `intake-${i}`,
      name: c.name,
      ...(c.phone ? { phone: c.phone } : {}),
      ...(c.postalAddress ? { postalAddress: c.postalAddress } : {}),
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
