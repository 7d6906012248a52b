import { RegionLevel } from '@xinfang/kernel';
import { Channel, LegalRoute, Nature, SatisfactionRating, Urgency } from './vocabulary';

/** CloudEvents `type` values of the events intake publishes on `xinfang.case.v1`. */
export const CASE_EVENT_TYPES = {
  CaseRegistered: 'xinfang.case.v1.CaseRegistered',
  SatisfactionRated: 'xinfang.case.v1.SatisfactionRated',
} as const;
export type CaseEventType = (typeof CASE_EVENT_TYPES)[keyof typeof CASE_EVENT_TYPES];

/** Another case a new one is linked to; carries no content of that case. */
export interface CaseLink {
  readonly caseId: string;
  readonly caseNumber: string;
  /** County tenant of that case; null when a city or province office holds it. */
  readonly tenantId: string | null;
  /** Region path of the office holding that case. */
  readonly regionPath: string;
}

/**
 * Payload of CaseRegistered. It never carries ID numbers, phones, names or addresses of
 * petitioners, nor the narrative.
 */
export interface CaseRegisteredData {
  readonly caseId: string;
  readonly caseNumber: string;
  readonly channel: Channel;
  readonly nature: Nature;
  readonly subjectCode: string;
  readonly subjectRoot: string;
  /** ID- and phone-like text masked; null for an accusation, whose title may name the informant. */
  readonly title: string | null;
  readonly urgency: Urgency;
  readonly location: { readonly regionCode: string; readonly regionPath: string };
  readonly office: { readonly regionCode: string; readonly level: RegionLevel };
  readonly petitionerCount: number;
  readonly anonymous: boolean;
  readonly collective: { readonly headcount: number; readonly representatives: number } | null;
  readonly repeatOf: CaseLink | null;
  readonly repeatCount: number;
  /** A lower level still handles the same matter within its limit (Art. 19). */
  readonly deferredTo: CaseLink | null;
  readonly skipLevel: boolean;
  readonly competentRegionCode: string;
  readonly legalChannel: { readonly route: LegalRoute; readonly reason: string } | null;
  readonly referral: {
    readonly fromRegionCode: string;
    readonly reference: string;
    readonly referredOn: string | null;
  } | null;
  readonly attachmentCount: number;
  readonly registeredAt: string;
}

export interface SatisfactionRatedData {
  readonly caseId: string;
  readonly caseNumber: string;
  readonly rating: SatisfactionRating;
  readonly ratedAt: string;
}

interface EventOf<T extends CaseEventType, D> {
  /** Unique id; consumers de-duplicate on it (CloudEvents `id`). */
  readonly id: string;
  readonly type: T;
  /** The case id: the Kafka key and CloudEvents `subject`. */
  readonly caseId: string;
  /** County tenant; null for a case held at city or province level. */
  readonly tenantId: string | null;
  readonly regionPath: string;
  /** ISO 8601 time of the change (CloudEvents `time`). */
  readonly time: string;
  readonly data: D;
}

export type CaseRegistered = EventOf<typeof CASE_EVENT_TYPES.CaseRegistered, CaseRegisteredData>;
export type SatisfactionRated = EventOf<
  typeof CASE_EVENT_TYPES.SatisfactionRated,
  SatisfactionRatedData
>;
export type CaseEvent = CaseRegistered | SatisfactionRated;
