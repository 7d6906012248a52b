import { regionPath } from '@xinfang/kernel';
import { Principal, Role } from '@xinfang/principal';
import { Actor, CaseFact, CaseRef, UnitRef } from '../../src/domain';

/** An instant given in Shanghai local time: `sh('2025-09-20 10:00')`. */
export function sh(local: string): Date {
  const [date, time = '00:00'] = local.split(' ');
  const withSeconds = time.length === 5 ? `${time}:00` : time;
  return new Date(`${date}T${withSeconds}+08:00`);
}

export const COUNTY = '441481';

export function caseRef(n = 1, county = COUNTY): CaseRef {
  const id = `case-${String(n).padStart(4, '0')}`;
  return {
    caseId: id,
    caseNumber: `XF-${county}-20250920-${String(n).padStart(6, '0')}`,
    tenantId: county,
    regionPath: regionPath(county),
    regionCode: county,
  };
}

export const OFFICE: UnitRef = { unitId: 'unit-office', name: '兴宁市信访局', regionCode: COUNTY };
export const LABOUR: UnitRef = {
  unitId: 'unit-labour',
  name: '兴宁市人力资源和社会保障局',
  regionCode: COUNTY,
};
export const CITY_BUREAU: UnitRef = {
  unitId: 'unit-city',
  name: '梅州市信访局',
  regionCode: '441400',
};

export const CLERK: Actor = {
  subject: 'u-clerk',
  username: 'clerk.441481',
  role: 'clerk',
  unitId: null,
};
export const HANDLER: Actor = {
  subject: 'u-handler',
  username: 'handler.441481',
  role: 'handler',
  unitId: LABOUR.unitId,
};

export function principal(
  roles: Role[],
  regionCode = COUNTY,
  subject = `u-${roles[0]}`,
): Principal {
  const tenant = regionCode.length === 6 && !regionCode.endsWith('00') ? regionCode : null;
  return {
    kind: 'user',
    subject,
    username: `${roles[0]}.${regionCode}`,
    roles,
    regionCodes: [regionCode],
    scopePaths: [regionPath(regionCode)],
    tenantId: tenant,
    level: null,
  };
}

type Fact<N extends CaseFact['name']> = Extract<CaseFact, { name: N }>;
type Extra<N extends CaseFact['name']> = Omit<Fact<N>, 'name' | 'caseRef' | 'actor' | 'occurredAt'>;

const DEFAULTS: { [N in CaseFact['name']]?: Extra<N> } = {
  CaseRegistered: {
    channel: 'letter',
    receivedAt: null,
    collective: false,
    headcount: 1,
    repeatCount: 0,
    repeatOfCaseId: null,
    subjectCode: 'labor.wages',
    title: '某工地拖欠农民工工资',
    registeringOffice: OFFICE,
  },
  CaseForwarded: { fromUnit: OFFICE, toUnit: LABOUR, letterNumber: '兴信转〔2025〕1号' },
  CaseAssigned: {
    fromUnit: OFFICE,
    toUnit: LABOUR,
    letterNumber: '兴信交〔2025〕1号',
    resultReportDueDate: null,
  },
  CaseAccepted: { unit: LABOUR, unitRole: 'lead' },
  CaseNotAccepted: { unit: LABOUR },
  CaseReturned: { unit: LABOUR, withinWindow: true },
  CaseExtended: { unit: LABOUR, days: 30 },
  CaseReplied: { unit: LABOUR, documentNumber: '兴人社复〔2025〕7号', deliveredAt: null },
  CaseResultReported: { unit: LABOUR, signedBy: null },
  ReviewRequested: { reviewId: 'rev-1', authority: CITY_BUREAU },
  ReviewDecided: { reviewId: 'rev-1', deliveredAt: null },
  ReReviewRequested: { reReviewId: 'rr-1', authority: CITY_BUREAU },
  ReReviewDecided: { reReviewId: 'rr-1' },
  HearingScheduled: { hearingId: 'h-1', stage: 'reReview' },
  HearingHeld: { hearingId: 'h-1', stage: 'reReview' },
  SatisfactionRated: {
    satisfaction: 'satisfied',
    source: 'portal',
    stage: 'reply',
    ratedUnit: LABOUR,
  },
};

/** A case event of case `n` at a Shanghai local time, with defaults for the other fields. */
export function fact<N extends CaseFact['name']>(
  name: N,
  at: string,
  extra: Partial<Extra<N>> = {},
  n = 1,
): Fact<N> {
  return {
    name,
    caseRef: caseRef(n),
    actor: name === 'CaseRegistered' ? CLERK : HANDLER,
    occurredAt: sh(at),
    ...(DEFAULTS[name] ?? {}),
    ...extra,
  } as unknown as Fact<N>;
}
