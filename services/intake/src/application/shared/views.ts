import { Principal } from '@xinfang/principal';
import {
  Attachment,
  AttachmentFile,
  Case,
  CaseLink,
  CaseLocation,
  CaseStatus,
  Channel,
  LegalChannel,
  LegalChannelSuggestion,
  maskPetitioner,
  mayViewPii,
  Nature,
  Office,
  Petitioner,
  Referral,
  Registrar,
  Satisfaction,
  TimelineEntry,
  Urgency,
} from '../../domain';

/** A case as staff see it; ID numbers and phones are masked unless `piiMasked` is false. */
export interface CaseView {
  readonly id: string;
  readonly caseNumber: string;
  readonly tenantId: string | null;
  readonly regionPath: string;
  readonly office: Office;
  readonly channel: Channel;
  readonly nature: Nature;
  readonly subjectCode: string;
  readonly subjectRoot: string;
  readonly title: string;
  readonly narrative: string;
  readonly location: CaseLocation;
  readonly urgency: Urgency;
  readonly petitioners: readonly Petitioner[];
  readonly piiMasked: boolean;
  readonly anonymous: boolean;
  readonly collective: { readonly headcount: number } | null;
  readonly referral: Referral | null;
  readonly attachments: readonly Attachment[];
  /** Uploaded files (GET /cases/:caseId/attachments/:id). */
  readonly files: readonly AttachmentFile[];
  readonly repeat: { readonly of: CaseLink; readonly count: number } | null;
  readonly deferredTo: CaseLink | null;
  readonly competentRegionCode: string;
  readonly skipLevel: boolean;
  readonly legalChannel: LegalChannel | null;
  readonly legalChannelSuggestion: LegalChannelSuggestion | null;
  readonly notices: readonly string[];
  readonly status: CaseStatus;
  readonly handlingWithinLimit: boolean;
  readonly overdue: boolean;
  readonly replied: boolean;
  readonly resolved: boolean;
  readonly timeline: readonly TimelineEntry[];
  readonly satisfaction: Satisfaction | null;
  readonly registeredAt: Date;
  readonly registeredBy: Registrar | null;
}

/** One row of a case list; carries no petitioner data at all. */
export interface CaseSummary {
  readonly id: string;
  readonly caseNumber: string;
  readonly tenantId: string | null;
  readonly regionPath: string;
  readonly channel: Channel;
  readonly nature: Nature;
  readonly subjectCode: string;
  readonly title: string;
  readonly urgency: Urgency;
  readonly status: CaseStatus;
  readonly locationRegionCode: string;
  readonly anonymous: boolean;
  readonly collectiveHeadcount: number | null;
  readonly repeatCount: number;
  readonly skipLevel: boolean;
  readonly legalChannel: LegalChannel['route'] | null;
  readonly registeredAt: Date;
}

export function caseView(aggregate: Case, principal: Principal): CaseView {
  const s = aggregate.toState();
  const piiVisible = mayViewPii(principal, aggregate);
  return {
    id: s.id,
    caseNumber: s.caseNumber,
    tenantId: s.tenantId,
    regionPath: s.regionPath,
    office: s.office,
    channel: s.channel,
    nature: s.nature,
    subjectCode: s.subjectCode,
    subjectRoot: s.subjectRoot,
    title: s.title,
    narrative: s.narrative,
    location: s.location,
    urgency: s.urgency,
    petitioners: piiVisible ? s.petitioners : s.petitioners.map(maskPetitioner),
    piiMasked: !piiVisible,
    anonymous: s.anonymous,
    collective: s.collective,
    referral: s.referral,
    attachments: s.attachments,
    files: aggregate.files,
    repeat: s.repeat,
    deferredTo: s.deferredTo,
    competentRegionCode: s.competentRegionCode,
    skipLevel: s.skipLevel,
    legalChannel: s.legalChannel,
    legalChannelSuggestion: s.legalChannelSuggestion,
    notices: s.notices,
    status: s.status,
    handlingWithinLimit: aggregate.isHandlingWithinLimit(),
    overdue: s.overdue,
    replied: s.replied,
    resolved: s.resolved,
    timeline: s.timeline,
    satisfaction: s.satisfaction,
    registeredAt: s.registeredAt,
    registeredBy: s.registeredBy,
  };
}

export function caseSummary(aggregate: Case): CaseSummary {
  const s = aggregate.toState();
  return {
    id: s.id,
    caseNumber: s.caseNumber,
    tenantId: s.tenantId,
    regionPath: s.regionPath,
    channel: s.channel,
    nature: s.nature,
    subjectCode: s.subjectCode,
    title: s.title,
    urgency: s.urgency,
    status: s.status,
    locationRegionCode: s.location.regionCode,
    anonymous: s.anonymous,
    collectiveHeadcount: s.collective?.headcount ?? null,
    repeatCount: s.repeat?.count ?? 0,
    skipLevel: s.skipLevel,
    legalChannel: s.legalChannel?.route ?? null,
    registeredAt: s.registeredAt,
  };
}
