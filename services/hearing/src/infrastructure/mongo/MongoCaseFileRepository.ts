import { crossTenant } from '@xinfang/store';
import type { Model } from 'mongoose';
import type { CaseFile, CaseFileRepository, CaseRef, ReplyRecord } from '../../domain';
import type { CaseFileDoc } from './models';

/** Case facts from events in `case_files`, keyed by case id; written by the consumer only. */
export class MongoCaseFileRepository implements CaseFileRepository {
  constructor(private readonly model: Model<CaseFileDoc>) {}

  async find(caseId: string): Promise<CaseFile | null> {
    const doc = await this.model
      .findById(caseId)
      .setOptions(crossTenant('an appeal is registered at the authority above the case'))
      .lean()
      .exec();
    if (!doc) return null;
    return {
      caseRef: {
        caseId: doc._id,
        caseNumber: doc.caseNumber,
        tenantId: doc.tenantId,
        regionPath: doc.regionPath,
        regionCode: doc.regionCode,
      },
      subjectCode: doc.subjectCode,
      locationRegionCode: doc.locationRegionCode,
      title: doc.title,
      reply: doc.reply ?? null,
    };
  }

  async recordRegistered(
    caseRef: CaseRef,
    facts: { subjectCode: string; locationRegionCode: string; title: string },
  ): Promise<void> {
    await this.upsert(caseRef, { ...facts });
  }

  async recordReplied(caseRef: CaseRef, reply: ReplyRecord): Promise<void> {
    await this.upsert(caseRef, { reply });
  }

  // The consumer handles one case's events in order (keyed by case id), so a plain upsert of
  // fields it alone writes cannot lose a change.
  private async upsert(caseRef: CaseRef, fields: Partial<CaseFileDoc>): Promise<void> {
    await this.model
      .updateOne(
        { _id: caseRef.caseId },
        {
          $set: {
            ...fields,
            caseNumber: caseRef.caseNumber,
            regionCode: caseRef.regionCode,
            regionPath: caseRef.regionPath,
          },
        },
        { upsert: true },
      )
      .exec();
  }
}
