import type { EventInput } from '@xinfang/bus';
import { caseEvents, encodeCaseEvent } from '@xinfang/contracts';
import { regionLevel, type RegionLevel } from '@xinfang/kernel';
import {
  type CaseEvent,
  type CaseState,
  type Channel,
  type LegalRoute,
  type Nature,
  type SatisfactionRating,
  type Urgency,
  CASE_EVENT_TYPES,
} from '../../domain';

const CHANNEL: Record<Channel, caseEvents.Channel> = {
  letter: caseEvents.Channel.CHANNEL_LETTER,
  visit: caseEvents.Channel.CHANNEL_VISIT,
  online: caseEvents.Channel.CHANNEL_ONLINE,
  phone: caseEvents.Channel.CHANNEL_PHONE,
  referral: caseEvents.Channel.CHANNEL_REFERRAL,
};

const NATURE: Record<Nature, caseEvents.Nature> = {
  suggestion: caseEvents.Nature.NATURE_SUGGESTION,
  accusation: caseEvents.Nature.NATURE_ACCUSATION,
  claim: caseEvents.Nature.NATURE_CLAIM,
};

const URGENCY: Record<Urgency, caseEvents.Urgency> = {
  normal: caseEvents.Urgency.URGENCY_NORMAL,
  urgent: caseEvents.Urgency.URGENCY_URGENT,
  critical: caseEvents.Urgency.URGENCY_EXTRA_URGENT,
};

const LEVEL: Record<RegionLevel, caseEvents.RegionLevel> = {
  province: caseEvents.RegionLevel.REGION_LEVEL_PROVINCE,
  city: caseEvents.RegionLevel.REGION_LEVEL_CITY,
  county: caseEvents.RegionLevel.REGION_LEVEL_COUNTY,
  township: caseEvents.RegionLevel.REGION_LEVEL_TOWNSHIP,
};

const LEGAL: Record<LegalRoute, caseEvents.LegalChannel> = {
  litigation: caseEvents.LegalChannel.LEGAL_CHANNEL_LITIGATION,
  arbitration: caseEvents.LegalChannel.LEGAL_CHANNEL_ARBITRATION,
  administrativeReconsideration:
    caseEvents.LegalChannel.LEGAL_CHANNEL_ADMINISTRATIVE_RECONSIDERATION,
};

const SATISFACTION: Record<SatisfactionRating, caseEvents.Satisfaction> = {
  satisfied: caseEvents.Satisfaction.SATISFACTION_SATISFIED,
  basicallySatisfied: caseEvents.Satisfaction.SATISFACTION_BASICALLY_SATISFIED,
  dissatisfied: caseEvents.Satisfaction.SATISFACTION_UNSATISFIED,
};

/** The `CaseRef` every public event carries. */
export function caseRefOf(state: CaseState): caseEvents.CaseRef {
  return {
    caseId: state.id,
    caseNumber: state.caseNumber,
    tenantId: state.tenantId ?? '',
    regionPath: state.regionPath,
    regionCode: state.office.regionCode,
  };
}

const PETITIONER_ACTOR: caseEvents.Actor = {
  subject: '',
  username: '',
  role: 'petitioner',
  unitId: '',
};

/**
 * A domain event as the outbox keeps it: the proto3 JSON of its `xinfang.case.v1` message (the
 * public contract), so the relay publishes it as is. Personal data never enters: no names, ID
 * numbers, phones, addresses or narrative, and no petitioner keys for an accusation (Art. 30).
 */
export function outboxEventOf(
  event: CaseEvent,
  state: CaseState,
): EventInput & { subject: string } {
  const caseRef = caseRefOf(state);
  const base = { id: event.id, subject: event.caseId, time: new Date(event.time) };
  switch (event.type) {
    case CASE_EVENT_TYPES.CaseRegistered: {
      const d = event.data;
      const actor = state.registeredBy
        ? {
            subject: state.registeredBy.subject,
            username: state.registeredBy.username,
            role: 'clerk',
            unitId: '',
          }
        : PETITIONER_ACTOR;
      const { json, type } = encodeCaseEvent('CaseRegistered', {
        caseRef,
        actor,
        occurredAt: d.registeredAt,
        channel: CHANNEL[d.channel],
        nature: NATURE[d.nature],
        subjectCode: d.subjectCode,
        title: d.title ?? '',
        locationRegionCode: d.location.regionCode,
        urgency: URGENCY[d.urgency],
        collective: d.collective !== null,
        headcount: d.collective?.headcount ?? d.petitionerCount,
        representativeCount: d.collective?.representatives ?? 0,
        anonymous: d.anonymous,
        petitionerKeys: d.nature === 'accusation' ? [] : [...state.petitionerKeys],
        repeatOfCaseId: d.repeatOf?.caseId ?? '',
        repeatCount: d.repeatCount,
        skipLevel: d.skipLevel,
        competentLevel: d.skipLevel
          ? LEVEL[regionLevel(d.competentRegionCode)]
          : caseEvents.RegionLevel.REGION_LEVEL_UNSPECIFIED,
        legalChannel: d.legalChannel !== null,
        legalChannelKind: d.legalChannel
          ? LEGAL[d.legalChannel.route]
          : caseEvents.LegalChannel.LEGAL_CHANNEL_UNSPECIFIED,
        legalChannelReason: d.legalChannel?.reason ?? '',
        crossJurisdiction: false,
        ...(d.referral
          ? {
              referral: {
                issuer: state.referral?.fromOffice ?? d.referral.fromRegionCode,
                reference: d.referral.reference,
                issuerRegionCode: d.referral.fromRegionCode,
                resultReportDueDate: '',
              },
            }
          : {}),
        receivedAt: d.registeredAt,
        registeringOffice: { unitId: '', name: '', regionCode: d.office.regionCode },
        disposeDueDate: '',
      });
      return { ...base, type, data: json };
    }
    case CASE_EVENT_TYPES.SatisfactionRated: {
      const { json, type } = encodeCaseEvent('SatisfactionRated', {
        caseRef,
        actor: PETITIONER_ACTOR,
        occurredAt: event.data.ratedAt,
        satisfaction: SATISFACTION[event.data.rating],
        source: caseEvents.RatingSource.RATING_SOURCE_PORTAL,
        stage: caseEvents.ReviewStage.REVIEW_STAGE_UNSPECIFIED,
      });
      return { ...base, type, data: json };
    }
  }
}
