import { regionAncestry, regionPath, subtreePattern } from '@xinfang/kernel';
import { crossTenant, isDuplicateKey } from '@xinfang/store';
import type { FilterQuery, Model } from 'mongoose';
import type { Case, TerminatedCaseRef, TerminationChecker, TerminationQuery } from '../../domain';
import type { TerminatedMatterDocument } from './case-model';

export interface TerminatedMatter extends TerminatedCaseRef {
  readonly terminatedAt: Date;
  readonly regionPath: string;
  readonly tenantId: string | null;
  readonly locationRegionCode: string;
}

/**
 * Matters terminated after re-review (终结), as intake learns them from the hearing service's
 * `CaseTerminated` events: each is kept with the terminated case's petitioner keys, base subject
 * and county, so a new petition of the same people about the same matter is recognised even in
 * another county. Intake holds the record itself instead of asking the hearing service, so a
 * registration does not depend on that service being up.
 */
export class MongoTerminationChecker implements TerminationChecker {
  constructor(private readonly model: Model<TerminatedMatterDocument>) {}

  async findTerminated(query: TerminationQuery): Promise<TerminatedCaseRef | null> {
    const or: FilterQuery<TerminatedMatterDocument>[] = [];
    if (query.priorCaseIds.length > 0) or.push({ _id: { $in: [...query.priorCaseIds] } });
    if (query.petitionerKeys.length > 0) {
      or.push({
        petitionerKeys: { $in: [...query.petitionerKeys] },
        subjectRoot: query.subjectRoot,
        countyCode: query.countyCode,
      });
    }
    if (or.length === 0) return null;
    const found = await this.model
      .findOne({ $or: or }, { _id: 1, caseNumber: 1 })
      .sort({ terminatedAt: 1 })
      .setOptions(crossTenant('termination check'))
      .lean<Pick<TerminatedMatterDocument, '_id' | 'caseNumber'>>()
      .exec();
    return found ? { caseId: found._id, caseNumber: found.caseNumber } : null;
  }

  /**
   * The gRPC CheckTerminated query: one petitioner key, a subject (or its base subject) and a
   * place matched against the terminated matter's place, its ancestors and descendants.
   */
  async findByKey(
    petitionerKey: string,
    subjectCodes: readonly string[],
    locationRegionCode: string,
  ): Promise<TerminatedMatter | null> {
    const filter: FilterQuery<TerminatedMatterDocument> = {
      petitionerKeys: petitionerKey,
      $and: [
        {
          $or: [
            { subjectCode: { $in: [...subjectCodes] } },
            { subjectRoot: { $in: [...subjectCodes] } },
          ],
        },
        {
          $or: [
            { locationRegionCode: { $in: regionAncestry(locationRegionCode) } },
            { locationRegionPath: { $regex: subtreePattern(regionPath(locationRegionCode)) } },
          ],
        },
      ],
    };
    const found = await this.model
      .findOne(filter)
      .sort({ terminatedAt: 1 })
      .setOptions(crossTenant('termination check'))
      .lean<TerminatedMatterDocument>()
      .exec();
    if (!found) return null;
    return {
      caseId: found._id,
      caseNumber: found.caseNumber,
      terminatedAt: found.terminatedAt,
      regionPath: found.regionPath,
      tenantId: found.tenantId ?? null,
      locationRegionCode: found.locationRegionCode,
    };
  }

  /**
   * Records that `terminated` (intake's own case) was terminated; the key is the case id, so a
   * redelivered event changes nothing. Runs as the consumer's system principal.
   */
  async record(terminated: Case, at: Date, eventId: string): Promise<void> {
    const s = terminated.toState();
    try {
      await this.model.create({
        _id: s.id,
        caseNumber: s.caseNumber,
        petitionerKeys: [...s.petitionerKeys],
        subjectCode: s.subjectCode,
        subjectRoot: s.subjectRoot,
        countyCode: s.location.countyCode,
        locationRegionCode: s.location.regionCode,
        locationRegionPath: s.location.regionPath,
        terminatedAt: at,
        eventId,
        regionPath: s.regionPath,
      });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
}
