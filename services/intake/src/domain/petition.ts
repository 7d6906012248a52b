import {
  FieldIssue,
  isRegionCode,
  isWithin,
  regionAncestry,
  regionLevel,
  RegionLevel,
  regionPath,
  tenantOf,
  ValidationError,
} from '@xinfang/kernel';
import { shanghaiDate } from './case-number';
import { idNumberProblem, normalizeIdNumber, normalizePhone, phoneProblem } from './identity';
import { LegalChannel, LegalChannelSuggestion, suggestLegalChannel } from './legal-channel';
import { Petitioner } from './petitioner';
import { IntakePolicy } from './policy';
import { SubjectTaxonomy } from './subject';
import {
  ANONYMOUS_NATURES,
  Channel,
  CHANNELS,
  LEGAL_ROUTES,
  LegalRoute,
  Nature,
  NATURES,
  Urgency,
  URGENCIES,
} from './vocabulary';

/** A petitioner as entered: anonymous, or a name with an ID number, a phone and/or an address. */
export interface PetitionerDraft {
  readonly anonymous?: boolean;
  readonly name?: string | null;
  readonly idNumber?: string | null;
  readonly phone?: string | null;
  readonly address?: string | null;
}

/** A case handed down by a higher level (上级交办), with the referrer's own reference. */
export interface ReferralDraft {
  readonly fromRegionCode: string;
  readonly reference: string;
  readonly fromOffice?: string | null;
  /** Calendar date of the referral, `YYYY-MM-DD`. */
  readonly referredOn?: string | null;
}

export interface AttachmentDraft {
  readonly name: string;
  readonly sizeBytes: number;
  readonly contentType: string;
}

/** A petition as entered by a clerk or submitted online, before any rule was checked. */
export interface PetitionDraft {
  readonly channel: Channel;
  readonly nature: Nature;
  readonly subjectCode: string;
  readonly title: string;
  readonly narrative: string;
  readonly location: { readonly regionCode: string; readonly address?: string | null };
  readonly urgency?: Urgency;
  readonly petitioners: readonly PetitionerDraft[];
  readonly collective?: { readonly headcount: number } | null;
  readonly referral?: ReferralDraft | null;
  /** The level that must handle the matter when it is not the county of its location. */
  readonly competentRegionCode?: string | null;
  /** Set by the clerk when the matter belongs to a legal procedure. */
  readonly legalChannel?: { readonly route: LegalRoute; readonly reason: string } | null;
  readonly attachments?: readonly AttachmentDraft[];
}

/** The petition office a case is registered at. */
export interface Office {
  readonly regionCode: string;
  readonly level: RegionLevel;
  readonly regionPath: string;
}

export interface CaseLocation {
  readonly regionCode: string;
  readonly regionPath: string;
  /** The county the place lies in; repeat detection compares places at this level. */
  readonly countyCode: string;
  readonly address: string | null;
}

export interface Referral {
  readonly fromRegionCode: string;
  readonly reference: string;
  readonly fromOffice: string | null;
  readonly referredOn: string | null;
}

export type Attachment = AttachmentDraft;

declare const checked: unique symbol;

/** A petition that passed every intake rule; only `parsePetition` makes one. */
export interface ValidPetition {
  readonly [checked]: true;
  readonly office: Office;
  readonly channel: Channel;
  readonly nature: Nature;
  readonly subjectCode: string;
  /** The base subject, compared across the province. */
  readonly subjectRoot: string;
  readonly title: string;
  readonly narrative: string;
  readonly location: CaseLocation;
  readonly urgency: Urgency;
  readonly petitioners: readonly Petitioner[];
  readonly anonymous: boolean;
  readonly collective: { readonly headcount: number } | null;
  readonly referral: Referral | null;
  readonly competentRegionCode: string;
  readonly legalChannel: LegalChannel | null;
  readonly legalChannelSuggestion: LegalChannelSuggestion | null;
  readonly attachments: readonly Attachment[];
}

export interface PetitionRules {
  readonly policy: IntakePolicy;
  readonly subjects: SubjectTaxonomy;
  /** Region codes the deployment knows (looked up beforehand); others are refused. */
  readonly knownRegions: ReadonlySet<string>;
  readonly today: Date;
}

/** The office for a region code of any level. */
export function officeAt(regionCode: string): Office {
  return { regionCode, level: regionLevel(regionCode), regionPath: regionPath(regionCode) };
}

/**
 * The unit that numbers an office's cases and sets its intake policy: the county for a county or
 * township office, the office's own region for a city or province office.
 */
export function officeScopeCode(office: Office): string {
  return tenantOf(office.regionCode) ?? office.regionCode;
}

/** The region codes a draft names, so they can be looked up before `parsePetition`. */
export function regionCodesOf(draft: PetitionDraft): string[] {
  const codes = [
    draft.location.regionCode,
    draft.competentRegionCode,
    draft.referral?.fromRegionCode,
  ];
  return [...new Set(codes.filter((c): c is string => typeof c === 'string' && isRegionCode(c)))];
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real `YYYY-MM-DD` date no later than today in Asia/Shanghai. */
function isPastOrTodayDate(value: string, today: Date): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value && value <= shanghaiDate(today);
}

function blank(value: string | null | undefined): boolean {
  return value === null || value === undefined || value.trim().length === 0;
}

function orNull(value: string | null | undefined): string | null {
  return blank(value) ? null : value!.trim();
}

/**
 * Checks a draft against every intake rule and returns the normalized petition, or throws one
 * ValidationError naming each offending field (`petitioners.0.idNumber`, `collective.headcount`).
 */
export function parsePetition(
  draft: PetitionDraft,
  office: Office,
  rules: PetitionRules,
): ValidPetition {
  const { policy, subjects, knownRegions, today } = rules;
  const issues: FieldIssue[] = [];
  const issue = (field: string, reason: string) => issues.push({ field, reason });
  const text = (field: string, value: string, max: number) => {
    if (blank(value)) issue(field, 'is required');
    else if (value.trim().length > max) issue(field, `must be at most ${max} characters`);
  };
  const region = (field: string, code: string, levels: readonly RegionLevel[]): boolean => {
    if (!isRegionCode(code)) return (issue(field, `"${code}" is not a region code`), false);
    if (!levels.includes(regionLevel(code)))
      return (issue(field, `must be a ${levels.join(' or ')} code`), false);
    if (!knownRegions.has(code))
      return (issue(field, `"${code}" is not a region of this deployment`), false);
    return true;
  };

  const oneOf = <T extends string>(field: string, value: T | undefined, allowed: readonly T[]) => {
    if (value !== undefined && !allowed.includes(value))
      issue(field, `must be one of ${allowed.join(', ')}`);
  };
  oneOf('channel', draft.channel, CHANNELS);
  oneOf('nature', draft.nature, NATURES);
  oneOf('urgency', draft.urgency, URGENCIES);
  oneOf('legalChannel.route', draft.legalChannel?.route, LEGAL_ROUTES);

  text('title', draft.title, policy.text.titleMaxLength);
  text('narrative', draft.narrative, policy.text.narrativeMaxLength);
  if (!subjects.has(draft.subjectCode))
    issue('subjectCode', `"${draft.subjectCode}" is not a known subject`);

  const locationOk = region('location.regionCode', draft.location.regionCode, [
    'county',
    'township',
  ]);
  if ((draft.location.address ?? '').trim().length > policy.text.addressMaxLength) {
    issue('location.address', `must be at most ${policy.text.addressMaxLength} characters`);
  }
  const countyCode = locationOk ? tenantOf(draft.location.regionCode)! : null;

  let competentRegionCode = countyCode ?? '';
  if (!blank(draft.competentRegionCode) && countyCode) {
    const code = draft.competentRegionCode!;
    if (region('competentRegionCode', code, ['province', 'city', 'county'])) {
      if (regionAncestry(countyCode).includes(code)) competentRegionCode = code;
      else issue('competentRegionCode', 'must be the county of the matter or a level above it');
    }
  }

  const petitioners = parsePetitioners(draft, policy, today, issue);
  const anonymous = petitioners.length > 0 && petitioners.every((p) => p.kind === 'anonymous');

  const collective = draft.collective ?? null;
  const { minHeadcount, maxRepresentatives } = policy.collective;
  if (collective) {
    if (draft.channel !== 'visit') issue('collective', 'only a visit can be collective');
    if (!Number.isInteger(collective.headcount) || collective.headcount < minHeadcount) {
      issue('collective.headcount', `a collective visit has at least ${minHeadcount} people`);
    } else if (collective.headcount < draft.petitioners.length) {
      issue('collective.headcount', 'is smaller than the number of representatives');
    }
    if (draft.petitioners.length > maxRepresentatives) {
      issue(
        'petitioners',
        `a collective visit records at most ${maxRepresentatives} representatives`,
      );
    }
    draft.petitioners.forEach((p, i) => {
      if (p.anonymous)
        issue(
          `petitioners.${i}.anonymous`,
          'representatives of a collective visit give their names',
        );
    });
  } else if (draft.channel === 'visit' && draft.petitioners.length >= minHeadcount) {
    issue(
      'collective',
      `a visit by ${minHeadcount} or more people is a collective visit; give collective.headcount`,
    );
  } else if (draft.petitioners.length > policy.maxPetitioners) {
    issue('petitioners', `at most ${policy.maxPetitioners} petitioners can be named on one case`);
  }

  const referral = parseReferral(draft, office, today, issue, region);

  let legalChannel: LegalChannel | null = null;
  if (draft.legalChannel) {
    text('legalChannel.reason', draft.legalChannel.reason, policy.text.reasonMaxLength);
    legalChannel = { route: draft.legalChannel.route, reason: draft.legalChannel.reason.trim() };
  }

  const attachments = draft.attachments ?? [];
  const limits = policy.attachments;
  if (attachments.length > limits.maxCount)
    issue('attachments', `at most ${limits.maxCount} attachments`);
  attachments.forEach((a, i) => {
    text(`attachments.${i}.name`, a.name, 255);
    if (!limits.allowedContentTypes.includes(a.contentType)) {
      issue(
        `attachments.${i}.contentType`,
        `must be one of ${limits.allowedContentTypes.join(', ')}`,
      );
    }
    if (!Number.isInteger(a.sizeBytes) || a.sizeBytes <= 0)
      issue(`attachments.${i}.sizeBytes`, 'must be a positive whole number');
    else if (a.sizeBytes > limits.maxSizeBytes)
      issue(`attachments.${i}.sizeBytes`, `must be at most ${limits.maxSizeBytes} bytes`);
  });

  if (issues.length > 0) throw new ValidationError(issues);

  const narrative = draft.narrative.trim();
  const petition: Omit<ValidPetition, typeof checked> = {
    office,
    channel: draft.channel,
    nature: draft.nature,
    subjectCode: draft.subjectCode,
    subjectRoot: subjects.rootOf(draft.subjectCode),
    title: draft.title.trim(),
    narrative,
    location: {
      regionCode: draft.location.regionCode,
      regionPath: regionPath(draft.location.regionCode),
      countyCode: countyCode!,
      address: orNull(draft.location.address),
    },
    urgency: draft.urgency ?? 'normal',
    petitioners,
    anonymous,
    collective: collective ? { headcount: collective.headcount } : null,
    referral,
    competentRegionCode,
    legalChannel,
    legalChannelSuggestion: suggestLegalChannel(narrative, policy.legalChannelKeywords),
    attachments: attachments.map((a) => ({
      name: a.name.trim(),
      sizeBytes: a.sizeBytes,
      contentType: a.contentType,
    })),
  };
  return petition as ValidPetition;
}

function parsePetitioners(
  draft: PetitionDraft,
  policy: IntakePolicy,
  today: Date,
  issue: (field: string, reason: string) => void,
): Petitioner[] {
  if (draft.petitioners.length === 0) issue('petitioners', 'at least one petitioner is required');
  const seenIds = new Map<string, number>();
  const seenPhones = new Map<string, number>();
  return draft.petitioners.map((p, i): Petitioner => {
    const field = `petitioners.${i}`;
    if (p.anonymous) {
      if (!ANONYMOUS_NATURES.includes(draft.nature)) {
        issue(`${field}.anonymous`, 'only suggestions and accusations may be anonymous');
      }
      for (const key of ['name', 'idNumber', 'phone', 'address'] as const) {
        if (!blank(p[key])) issue(`${field}.${key}`, 'must be empty for an anonymous petitioner');
      }
      return { kind: 'anonymous' };
    }
    const name = orNull(p.name);
    if (name === null) issue(`${field}.name`, 'is required for a real-name petitioner');
    else if (name.length > policy.text.nameMaxLength)
      issue(`${field}.name`, `must be at most ${policy.text.nameMaxLength} characters`);
    let idNumber = orNull(p.idNumber);
    if (idNumber !== null) {
      idNumber = normalizeIdNumber(idNumber);
      const problem = idNumberProblem(idNumber, today);
      if (problem) issue(`${field}.idNumber`, problem);
      else if (seenIds.has(idNumber))
        issue(`${field}.idNumber`, `repeats petitioners.${seenIds.get(idNumber)}`);
      seenIds.set(idNumber, seenIds.get(idNumber) ?? i);
    }
    let phone = orNull(p.phone);
    if (phone !== null) {
      phone = normalizePhone(phone);
      const problem = phoneProblem(phone);
      if (problem) issue(`${field}.phone`, problem);
      else if (seenPhones.has(phone))
        issue(`${field}.phone`, `repeats petitioners.${seenPhones.get(phone)}`);
      seenPhones.set(phone, seenPhones.get(phone) ?? i);
    }
    const address = orNull(p.address);
    if (address !== null && address.length > policy.text.addressMaxLength) {
      issue(`${field}.address`, `must be at most ${policy.text.addressMaxLength} characters`);
    }
    if (idNumber === null && phone === null && address === null) {
      issue(field, 'a real-name petitioner needs an ID number, a phone or an address');
    }
    return { kind: 'realName', name: name ?? '', idNumber, phone, address };
  });
}

function parseReferral(
  draft: PetitionDraft,
  office: Office,
  today: Date,
  issue: (field: string, reason: string) => void,
  region: (field: string, code: string, levels: readonly RegionLevel[]) => boolean,
): Referral | null {
  const r = draft.referral ?? null;
  if (draft.channel !== 'referral') {
    if (r) issue('referral', 'only a case on the referral channel carries a referral');
    return null;
  }
  if (!r) {
    issue('referral', 'is required for a referred case');
    return null;
  }
  const fromOk = region('referral.fromRegionCode', r.fromRegionCode, [
    'province',
    'city',
    'county',
  ]);
  if (
    fromOk &&
    (r.fromRegionCode === office.regionCode ||
      !isWithin(office.regionPath, regionPath(r.fromRegionCode)))
  ) {
    issue('referral.fromRegionCode', 'must be a level above the registering office');
  }
  if (blank(r.reference))
    issue('referral.reference', "is required: the referrer's reference number");
  else if (r.reference.trim().length > 64)
    issue('referral.reference', 'must be at most 64 characters');
  if (!blank(r.referredOn) && !isPastOrTodayDate(r.referredOn!, today)) {
    issue('referral.referredOn', 'must be a date (YYYY-MM-DD) not in the future');
  }
  return {
    fromRegionCode: r.fromRegionCode,
    reference: r.reference.trim(),
    fromOffice: orNull(r.fromOffice),
    referredOn: orNull(r.referredOn),
  };
}
