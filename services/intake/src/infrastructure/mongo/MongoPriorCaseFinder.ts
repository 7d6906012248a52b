import { regionPath, subtreePattern } from '@xinfang/kernel';
import { crossTenant } from '@xinfang/store';
import type { FilterQuery } from 'mongoose';
import type { PriorCaseFinder, PriorCaseQuery, PriorCaseRef } from '../../domain';
import type { CaseDocument, CaseModel } from './case-model';

/** Reference fields only: nothing of the content or the petitioners leaves this query. */
const REF_FIELDS = {
  _id: 1,
  caseNumber: 1,
  tenantId: 1,
  regionPath: 1,
  status: 1,
  handlingWithinLimit: 1,
  registeredAt: 1,
  subjectCode: 1,
  'location.regionCode': 1,
} as const;

type RefDocument = Pick<
  CaseDocument,
  | '_id'
  | 'caseNumber'
  | 'tenantId'
  | 'regionPath'
  | 'status'
  | 'handlingWithinLimit'
  | 'registeredAt'
  | 'subjectCode'
> & { location?: { regionCode?: string } };

/** A prior case with what the gRPC API adds (registration time, subject, place). */
export interface PriorCaseMatch extends PriorCaseRef {
  readonly registeredAt: Date;
  readonly subjectCode: string;
  readonly locationRegionCode: string;
}

export interface PriorCaseSearch {
  readonly petitionerKeys: readonly string[];
  /** Matches the subject code or the base subject it refines; empty for any subject. */
  readonly subjectCode?: string;
  /** Cases located in this region or below it. */
  readonly locationRegionCode?: string;
  readonly registeredSince?: Date;
  readonly excludeCaseId?: string;
  readonly limit: number;
}

/**
 * Repeat detection across the province (重信重访): a deliberate cross-tenant read of the cases
 * collection, by the petitioners' keyed hashes, that returns references only, so one county
 * learns that another holds the matter without learning anything of it.
 */
export class MongoPriorCaseFinder implements PriorCaseFinder {
  constructor(private readonly model: CaseModel) {}

  async findPriorCases(query: PriorCaseQuery): Promise<PriorCaseRef[]> {
    if (query.petitionerKeys.length === 0) return [];
    const docs = await this.model
      .find(
        {
          petitionerKeys: { $in: [...query.petitionerKeys] },
          subjectRoot: query.subjectRoot,
          'location.countyCode': query.countyCode,
        },
        REF_FIELDS,
      )
      .sort({ registeredAt: 1, _id: 1 })
      .setOptions(crossTenant('repeat detection'))
      .lean<RefDocument[]>()
      .exec();
    return docs.map(toRef);
  }

  /** The gRPC FindPriorCases query: newest first, with the total number of matches. */
  async search(query: PriorCaseSearch): Promise<{ cases: PriorCaseMatch[]; total: number }> {
    if (query.petitionerKeys.length === 0) return { cases: [], total: 0 };
    const filter: FilterQuery<CaseDocument> = {
      petitionerKeys: { $in: [...query.petitionerKeys] },
    };
    const and: FilterQuery<CaseDocument>[] = [];
    if (query.subjectCode) {
      and.push({ $or: [{ subjectCode: query.subjectCode }, { subjectRoot: query.subjectCode }] });
    }
    if (query.locationRegionCode) {
      and.push({
        'location.regionPath': { $regex: subtreePattern(regionPath(query.locationRegionCode)) },
      });
    }
    if (query.registeredSince) and.push({ registeredAt: { $gte: query.registeredSince } });
    if (query.excludeCaseId) and.push({ _id: { $ne: query.excludeCaseId } });
    if (and.length > 0) filter.$and = and;
    const docs = await this.model
      .find(filter, REF_FIELDS)
      .sort({ registeredAt: -1, _id: -1 })
      .setOptions(crossTenant('repeat detection'))
      .lean<RefDocument[]>()
      .exec();
    return {
      total: docs.length,
      cases: docs.slice(0, query.limit).map((d) => ({
        ...toRef(d),
        registeredAt: new Date(d.registeredAt),
        subjectCode: d.subjectCode,
        locationRegionCode: d.location?.regionCode ?? '',
      })),
    };
  }
}

function toRef(d: RefDocument): PriorCaseRef {
  return {
    caseId: d._id,
    caseNumber: d.caseNumber,
    tenantId: d.tenantId ?? null,
    regionPath: d.regionPath,
    status: d.status,
    handlingWithinLimit: d.handlingWithinLimit,
  };
}
