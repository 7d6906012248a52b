import { runAsSystem } from '@xinfang/principal';
import { withDocumentLock } from '@xinfang/store';
import type { Model } from 'mongoose';
import type { ContactDirectory, NoticeMedium, PetitionerContact } from '../../domain/ports';
import type { SecretBox } from '../crypto';
import type { ContactDocument } from '../mongo/models';

const FIELD: Record<NoticeMedium, 'phone' | 'email' | 'postalAddress'> = {
  sms: 'phone',
  email: 'email',
  letter: 'postalAddress',
};

/**
 * Contacts supplied with SendNotice requests (the recipient's address), kept sealed per case so
 * that later event-driven notices of the same case reach the same person.
 */
export class MongoContactBook implements ContactDirectory {
  constructor(
    private readonly contacts: Model<ContactDocument>,
    private readonly box: SecretBox,
  ) {}

  async remember(input: {
    caseId: string;
    regionPath: string;
    recipientId: string;
    name: string;
    medium: NoticeMedium;
    address: string;
  }): Promise<void> {
    const _id = `${input.caseId}:${input.recipientId}:${input.medium}`;
    const doc = {
      _id,
      caseId: input.caseId,
      recipientId: input.recipientId,
      name: input.name,
      medium: input.medium,
      addressSealed: this.box.seal(input.address),
      regionPath: input.regionPath,
      updatedAt: new Date(),
    };
    await runAsSystem('notification:contacts', () =>
      // concurrent SendNotice calls for one person must not interleave on FerretDB
      withDocumentLock(this.contacts.db, this.contacts.collection.collectionName, _id, async () => {
        await this.contacts.replaceOne({ _id }, doc, { upsert: true }).exec();
      }),
    );
  }

  async contactsFor(caseId: string): Promise<PetitionerContact[]> {
    const docs = await runAsSystem('notification:contacts', () =>
      this.contacts.find({ caseId }).lean().exec(),
    );
    const byRecipient = new Map<string, Record<string, string>>();
    for (const d of docs) {
      const entry = byRecipient.get(d.recipientId) ?? { recipientId: d.recipientId, name: d.name };
      entry[FIELD[d.medium]] = this.box.open(d.addressSealed);
      if (d.name) entry.name = d.name;
      byRecipient.set(d.recipientId, entry);
    }
    return [...byRecipient.values()] as unknown as PetitionerContact[];
  }
}
