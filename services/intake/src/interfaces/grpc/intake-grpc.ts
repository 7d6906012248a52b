import { caseEvents, intakeV1 } from '@xinfang/contracts';
import { isRegionCode, tenantOf, ValidationError, type FieldIssue } from '@xinfang/kernel';
import { currentPrincipal, ROLES } from '@xinfang/principal';
import { grpcUnary, type GrpcServiceRegistration } from '@xinfang/service-kit';
import {
  CASE_READER_ROLES,
  GetCase,
  GetPetitionerContacts,
  type CaseView,
} from '../../application';
import {
  SubjectTaxonomy,
  type CaseStatus,
  type Channel,
  type LegalRoute,
  type Nature,
  type SubjectCatalog,
  type Urgency,
} from '../../domain';
import type { StoreCaseAudit } from '../../infrastructure/audit/StoreCaseAudit';
import type { MongoPriorCaseFinder } from '../../infrastructure/mongo/MongoPriorCaseFinder';
import type { MongoTerminationChecker } from '../../infrastructure/mongo/MongoTerminationChecker';

export interface IntakeGrpcDeps {
  readonly getCase: GetCase;
  readonly getPetitionerContacts: GetPetitionerContacts;
  readonly priorCases: MongoPriorCaseFinder;
  readonly terminations: MongoTerminationChecker;
  readonly subjects: SubjectCatalog;
  readonly audit: StoreCaseAudit;
}

const STATUS: Record<CaseStatus, intakeV1.CaseStatus> = {
  registered: intakeV1.CaseStatus.CASE_STATUS_REGISTERED,
  forwarded: intakeV1.CaseStatus.CASE_STATUS_ROUTED,
  assigned: intakeV1.CaseStatus.CASE_STATUS_ROUTED,
  accepted: intakeV1.CaseStatus.CASE_STATUS_ACCEPTED,
  extended: intakeV1.CaseStatus.CASE_STATUS_ACCEPTED,
  returned: intakeV1.CaseStatus.CASE_STATUS_RETURNED,
  replied: intakeV1.CaseStatus.CASE_STATUS_REPLIED,
  review: intakeV1.CaseStatus.CASE_STATUS_IN_REVIEW,
  reReview: intakeV1.CaseStatus.CASE_STATUS_IN_REVIEW,
  declined: intakeV1.CaseStatus.CASE_STATUS_DECLINED,
  closed: intakeV1.CaseStatus.CASE_STATUS_CLOSED,
  terminated: intakeV1.CaseStatus.CASE_STATUS_TERMINATED,
};

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

const LEGAL: Record<LegalRoute, caseEvents.LegalChannel> = {
  litigation: caseEvents.LegalChannel.LEGAL_CHANNEL_LITIGATION,
  arbitration: caseEvents.LegalChannel.LEGAL_CHANNEL_ARBITRATION,
  administrativeReconsideration:
    caseEvents.LegalChannel.LEGAL_CHANNEL_ADMINISTRATIVE_RECONSIDERATION,
};

const statusOf = (s: string) =>
  STATUS[s as CaseStatus] ?? intakeV1.CaseStatus.CASE_STATUS_UNSPECIFIED;

const refOf = (c: {
  caseId: string;
  caseNumber: string;
  tenantId: string | null;
  regionPath: string;
}): caseEvents.CaseRef => ({
  caseId: c.caseId,
  caseNumber: c.caseNumber,
  tenantId: c.tenantId ?? '',
  regionPath: c.regionPath,
  regionCode: c.regionPath.split('/').pop() ?? '',
});

const KEY = /^[0-9a-f]{64}$/;
const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

function required(issues: FieldIssue[], field: string, value: string): void {
  if (value.trim() === '') issues.push({ field, reason: 'is required' });
}

function checkKey(issues: FieldIssue[], value: string): void {
  if (value === '') issues.push({ field: 'petitioner_key', reason: 'is required' });
  else if (!KEY.test(value))
    issues.push({ field: 'petitioner_key', reason: 'must be a petitioner key (64 hex digits)' });
}

function checkRegion(issues: FieldIssue[], field: string, value: string): void {
  if (value !== '' && !isRegionCode(value))
    issues.push({ field, reason: `"${value}" is not a region code` });
}

/** A case view as GetCaseResponse; an accusation's informant never reaches a masked caller. */
export function getCaseResponse(view: CaseView): intakeV1.GetCaseResponse {
  const redacted = view.nature === 'accusation' && view.piiMasked;
  return intakeV1.GetCaseResponse.fromPartial({
    caseRef: {
      caseId: view.id,
      caseNumber: view.caseNumber,
      tenantId: view.tenantId ?? '',
      regionPath: view.regionPath,
      regionCode: view.office.regionCode,
    },
    status: statusOf(view.status),
    channel: CHANNEL[view.channel],
    nature: NATURE[view.nature],
    subjectCode: view.subjectCode,
    title: view.title,
    content: view.narrative,
    locationRegionCode: view.location.regionCode,
    urgency: URGENCY[view.urgency],
    registeredAt: view.registeredAt.toISOString(),
    collective: view.collective !== null,
    headcount: view.collective?.headcount ?? view.petitioners.length,
    anonymous: view.anonymous,
    petitioners: redacted
      ? []
      : view.petitioners.map((p) =>
          p.kind === 'anonymous'
            ? { petitionerKey: '', name: '', idNumber: '', phone: '', revealed: false }
            : {
                petitionerKey: '',
                name: p.name,
                idNumber: p.idNumber ?? '',
                phone: p.phone ?? '',
                revealed: !view.piiMasked,
                representative: view.collective !== null,
              },
        ),
    redacted,
    repeatOfCaseId: view.repeat?.of.caseId ?? '',
    repeatCount: view.repeat?.count ?? 0,
    skipLevel: view.skipLevel,
    legalChannel: view.legalChannel !== null,
    legalChannelKind: view.legalChannel
      ? LEGAL[view.legalChannel.route]
      : caseEvents.LegalChannel.LEGAL_CHANNEL_UNSPECIFIED,
    crossJurisdiction: false,
    ...(view.referral
      ? {
          referral: {
            issuer: view.referral.fromOffice ?? view.referral.fromRegionCode,
            reference: view.referral.reference,
            issuerRegionCode: view.referral.fromRegionCode,
            resultReportDueDate: '',
          },
        }
      : {}),
    attachmentIds: [],
  });
}

/** `IntakeService` of xinfang.intake.v1 for other services (port 9101). */
export function intakeGrpcService(deps: IntakeGrpcDeps): GrpcServiceRegistration {
  const implementation: intakeV1.IntakeServiceServer = {
    getCase: grpcUnary(async (request: intakeV1.GetCaseRequest) => {
      const issues: FieldIssue[] = [];
      required(issues, 'case_id', request.caseId);
      if (issues.length > 0) throw new ValidationError(issues);
      const view = await deps.getCase.execute(currentPrincipal(), request.caseId);
      await deps.audit.record('read', view, { via: 'grpc', piiMasked: view.piiMasked });
      return getCaseResponse(view);
    }),

    findPriorCases: grpcUnary(async (request: intakeV1.FindPriorCasesRequest) => {
      const issues: FieldIssue[] = [];
      checkKey(issues, request.petitionerKey);
      checkRegion(issues, 'location_region_code', request.locationRegionCode);
      if (request.limit < 0 || request.limit > MAX_LIMIT)
        issues.push({ field: 'limit', reason: `must be from 0 to ${MAX_LIMIT}` });
      const since = request.registeredSince ? new Date(request.registeredSince) : undefined;
      if (since && Number.isNaN(since.getTime()))
        issues.push({ field: 'registered_since', reason: 'is not a time' });
      if (issues.length > 0) throw new ValidationError(issues);
      const found = await deps.priorCases.search({
        petitionerKeys: [request.petitionerKey],
        subjectCode: request.subjectCode || undefined,
        locationRegionCode: request.locationRegionCode || undefined,
        registeredSince: since,
        excludeCaseId: request.excludeCaseId || undefined,
        limit: request.limit || DEFAULT_LIMIT,
      });
      await deps.audit.recordEach(
        'prior-case-lookup',
        found.cases.map((c) => ({ id: c.caseId, regionPath: c.regionPath })),
        { via: 'grpc' },
      );
      return intakeV1.FindPriorCasesResponse.fromPartial({
        total: found.total,
        cases: found.cases.map((c) => ({
          caseRef: refOf(c),
          registeredAt: c.registeredAt.toISOString(),
          status: statusOf(c.status),
          subjectCode: c.subjectCode,
        })),
      });
    }),

    checkTerminated: grpcUnary(async (request: intakeV1.CheckTerminatedRequest) => {
      const issues: FieldIssue[] = [];
      checkKey(issues, request.petitionerKey);
      required(issues, 'subject_code', request.subjectCode);
      required(issues, 'location_region_code', request.locationRegionCode);
      checkRegion(issues, 'location_region_code', request.locationRegionCode);
      if (issues.length > 0) throw new ValidationError(issues);
      const tenant = tenantOf(request.locationRegionCode) ?? request.locationRegionCode;
      const taxonomy = SubjectTaxonomy.withExtensions(await deps.subjects.extensionsFor(tenant));
      const codes = taxonomy.has(request.subjectCode)
        ? [...new Set([request.subjectCode, taxonomy.rootOf(request.subjectCode)])]
        : [request.subjectCode];
      const found = await deps.terminations.findByKey(
        request.petitionerKey,
        codes,
        request.locationRegionCode,
      );
      if (!found) return intakeV1.CheckTerminatedResponse.fromPartial({ terminated: false });
      await deps.audit.record(
        'prior-case-lookup',
        { id: found.caseId, regionPath: found.regionPath },
        { via: 'grpc', terminated: true },
      );
      return intakeV1.CheckTerminatedResponse.fromPartial({
        terminated: true,
        caseRef: refOf({ ...found }),
        terminatedAt: found.terminatedAt.toISOString(),
      });
    }),

    getPetitionerContacts: grpcUnary(async (request: intakeV1.GetPetitionerContactsRequest) => {
      const issues: FieldIssue[] = [];
      required(issues, 'case_id', request.caseId);
      if (issues.length > 0) throw new ValidationError(issues);
      const found = await deps.getPetitionerContacts.execute(currentPrincipal(), request.caseId);
      await deps.audit.record('contact-read', found.case, {
        via: 'grpc',
        contacts: found.contacts.length,
      });
      return intakeV1.GetPetitionerContactsResponse.fromPartial({
        contacts: found.contacts.map((c) => ({
          name: c.name,
          phone: c.phone ?? '',
          postalAddress: c.postalAddress ?? '',
        })),
      });
    }),
  };
  const roles = [...CASE_READER_ROLES];
  return {
    definition: intakeV1.IntakeServiceService,
    implementation,
    roles: {
      getCase: roles,
      findPriorCases: roles,
      checkTerminated: roles,
      // the use case narrows this further to the allow-listed clients
      getPetitionerContacts: [ROLES.service],
    },
  };
}
