import { caseEvents } from '@xinfang/contracts';
import { RegionLevel } from '@xinfang/kernel';
import {
  ContactMethod,
  LegalChannel,
  Nature,
  ReplyOutcome,
  RouteMode,
  UnitRole,
} from '../../domain';

// The domain's words and the contract's enum values, both ways where routing reads them.

export const NATURE_TO_PROTO: Record<Nature, caseEvents.Nature> = {
  suggestion: caseEvents.Nature.NATURE_SUGGESTION,
  accusation: caseEvents.Nature.NATURE_ACCUSATION,
  claim: caseEvents.Nature.NATURE_CLAIM,
};

export const LEGAL_CHANNEL_TO_PROTO: Record<LegalChannel, caseEvents.LegalChannel> = {
  litigation: caseEvents.LegalChannel.LEGAL_CHANNEL_LITIGATION,
  arbitration: caseEvents.LegalChannel.LEGAL_CHANNEL_ARBITRATION,
  laborArbitration: caseEvents.LegalChannel.LEGAL_CHANNEL_LABOR_ARBITRATION,
  administrativeReconsideration:
    caseEvents.LegalChannel.LEGAL_CHANNEL_ADMINISTRATIVE_RECONSIDERATION,
  other: caseEvents.LegalChannel.LEGAL_CHANNEL_OTHER,
};

export const ROUTE_MODE_TO_PROTO: Record<RouteMode, caseEvents.RouteMode> = {
  forward: caseEvents.RouteMode.ROUTE_MODE_FORWARD,
  assign: caseEvents.RouteMode.ROUTE_MODE_ASSIGN,
};

export const UNIT_ROLE_TO_PROTO: Record<UnitRole, caseEvents.UnitRole> = {
  lead: caseEvents.UnitRole.UNIT_ROLE_LEAD,
  co: caseEvents.UnitRole.UNIT_ROLE_CO,
};

export const REPLY_OUTCOME_TO_PROTO: Record<ReplyOutcome, caseEvents.ReplyOutcome> = {
  supported: caseEvents.ReplyOutcome.REPLY_OUTCOME_SUPPORTED,
  partlySupported: caseEvents.ReplyOutcome.REPLY_OUTCOME_PARTLY_SUPPORTED,
  notSupported: caseEvents.ReplyOutcome.REPLY_OUTCOME_NOT_SUPPORTED,
};

export const CONTACT_METHOD_TO_PROTO: Record<ContactMethod, caseEvents.ContactMethod> = {
  phone: caseEvents.ContactMethod.CONTACT_METHOD_PHONE,
  visit: caseEvents.ContactMethod.CONTACT_METHOD_VISIT,
  sms: caseEvents.ContactMethod.CONTACT_METHOD_SMS,
  letter: caseEvents.ContactMethod.CONTACT_METHOD_LETTER,
  online: caseEvents.ContactMethod.CONTACT_METHOD_ONLINE,
  inOffice: caseEvents.ContactMethod.CONTACT_METHOD_IN_OFFICE,
};

export const REGION_LEVEL_TO_PROTO: Record<RegionLevel, caseEvents.RegionLevel> = {
  province: caseEvents.RegionLevel.REGION_LEVEL_PROVINCE,
  city: caseEvents.RegionLevel.REGION_LEVEL_CITY,
  county: caseEvents.RegionLevel.REGION_LEVEL_COUNTY,
  township: caseEvents.RegionLevel.REGION_LEVEL_TOWNSHIP,
};

/** The inverse of a mapping; unspecified (0) and unknown values become null. */
export function inverse<K extends string, V extends number>(map: Record<K, V>): (v: V) => K | null {
  const back = new Map<number, K>(Object.entries(map).map(([k, v]) => [v as number, k as K]));
  return (v) => back.get(v) ?? null;
}

export const natureFromProto = inverse(NATURE_TO_PROTO);
export const legalChannelFromProto = inverse(LEGAL_CHANNEL_TO_PROTO);
export const regionLevelFromProto = inverse(REGION_LEVEL_TO_PROTO);
