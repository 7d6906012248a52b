import { Principal, principalFromClaims, Role } from '@xinfang/principal';
import {
  CaseView,
  Deadlines,
  RoutingCase,
  Unit,
  UnitKind,
  CaseRegistration,
} from '../../src/domain';
import { DEFAULT_CLOCK_POLICY } from '@xinfang/kernel';
import { TEST_CALENDAR } from './doubles';

/** Monday 2 March 2026, 10:00 in Shanghai. */
export const MONDAY = new Date('2026-03-02T02:00:00Z');

export const deadlines = new Deadlines(DEFAULT_CLOCK_POLICY, TEST_CALENDAR);

/** Instant `days` calendar days after `from`. */
export function daysAfter(from: Date, days: number): Date {
  return new Date(from.getTime() + days * 24 * 60 * 60 * 1000);
}

/** A staff member as the token would make them, e.g. `staff('clerk', '441481')`. */
export function staff(role: Role | Role[], regionCode: string, username?: string): Principal {
  const roles = Array.isArray(role) ? role : [role];
  const name = username ?? `${roles[0]}.${regionCode}`;
  return principalFromClaims({
    sub: `sub-${name}`,
    preferred_username: name,
    regions: [regionCode],
    realm_access: { roles },
  });
}

export function aUnit(
  overrides: Partial<{
    id: string;
    name: string;
    kind: UnitKind;
    regionCode: string;
    subjectCodes: string[];
    isLocalGovernment: boolean;
  }> = {},
): Unit {
  return Unit.create(
    {
      id: overrides.id ?? 'u-test',
      name: overrides.name ?? '测试单位',
      kind: overrides.kind ?? 'department',
      regionCode: overrides.regionCode ?? '441481',
      subjectCodes: overrides.subjectCodes ?? [],
      contacts: [{ name: '信访科', phone: '0753-0000000', email: null }],
      isLocalGovernment: overrides.isLocalGovernment ?? false,
    },
    MONDAY,
  );
}

/**
 * The demo tree's units: the province and city governments, Xingning (441481) with its
 * government, petition bureau, human-resources and natural-resources bureaus and two township
 * governments, and Pingyuan (441422) with its government.
 */
export const UNITS = {
  province: {
    id: 'gd-gov',
    name: '广东省人民政府',
    kind: 'government',
    regionCode: '440000',
    isLocalGovernment: true,
    parent: null,
  },
  city: {
    id: 'mz-gov',
    name: '梅州市人民政府',
    kind: 'government',
    regionCode: '441400',
    isLocalGovernment: true,
    parent: 'gd-gov',
  },
  cityOffice: {
    id: 'mz-xfj',
    name: '梅州市信访局',
    kind: 'petitionOffice',
    regionCode: '441400',
    isLocalGovernment: false,
    parent: 'mz-gov',
  },
  county: {
    id: 'xn-gov',
    name: '兴宁市人民政府',
    kind: 'government',
    regionCode: '441481',
    isLocalGovernment: true,
    parent: 'mz-gov',
  },
  office: {
    id: 'xn-xfj',
    name: '兴宁市信访局',
    kind: 'petitionOffice',
    regionCode: '441481',
    isLocalGovernment: false,
    parent: 'xn-gov',
  },
  hr: {
    id: 'xn-rsj',
    name: '兴宁市人力资源和社会保障局',
    kind: 'department',
    regionCode: '441481',
    isLocalGovernment: false,
    parent: 'xn-gov',
    subjects: ['labour-social-security'],
  },
  land: {
    id: 'xn-zrzyj',
    name: '兴宁市自然资源局',
    kind: 'department',
    regionCode: '441481',
    isLocalGovernment: false,
    parent: 'xn-gov',
    subjects: ['land-acquisition'],
  },
  town1: {
    id: 'xn-t1',
    name: '兴田街道办事处',
    kind: 'township',
    regionCode: '441481001',
    isLocalGovernment: true,
    parent: 'xn-gov',
  },
  town2: {
    id: 'xn-t2',
    name: '福兴街道办事处',
    kind: 'township',
    regionCode: '441481002',
    isLocalGovernment: true,
    parent: 'xn-gov',
  },
  pingyuan: {
    id: 'py-gov',
    name: '平远县人民政府',
    kind: 'government',
    regionCode: '441422',
    isLocalGovernment: true,
    parent: 'mz-gov',
  },
} as const;

export type UnitKey = keyof typeof UNITS;

/** The directory as units with their superiors set. */
export function directory(): Unit[] {
  return Object.values(UNITS).map((u) => {
    const unit = Unit.create(
      {
        id: u.id,
        name: u.name,
        kind: u.kind,
        regionCode: u.regionCode,
        subjectCodes: 'subjects' in u ? [...u.subjects] : [],
        contacts: [],
        isLocalGovernment: u.isLocalGovernment,
      },
      MONDAY,
    );
    const state = unit.toState();
    return Unit.restore({ ...state, parentUnitId: u.parent });
  });
}

export function ref(key: UnitKey) {
  const u = UNITS[key];
  return { unitId: u.id, name: u.name, regionCode: u.regionCode };
}

export function aRegistration(overrides: Partial<CaseRegistration> = {}): CaseRegistration {
  return {
    caseId: 'case-1',
    caseNumber: 'XF-441481-20260302-000001',
    tenantId: '441481',
    regionCode: '441481001',
    subjectCode: 'labour-social-security.wages',
    nature: 'claim',
    legalChannel: false,
    legalChannelKind: null,
    crossJurisdiction: false,
    competentLevel: null,
    accusedUnitIds: [],
    receivedAt: MONDAY,
    registeredAt: MONDAY,
    office: ref('office'),
    ...overrides,
  };
}

export function aCase(overrides: Partial<CaseRegistration> = {}): RoutingCase {
  return RoutingCase.open(aRegistration(overrides), deadlines);
}

export function aCaseView(overrides: Partial<CaseView> = {}): CaseView {
  return {
    caseId: 'case-1',
    caseNumber: 'XF-441481-20260302-000001',
    nature: 'accusation',
    subjectCode: 'organisation-personnel',
    title: '反映某单位干部违规收受礼金',
    content: '2026年2月，某局副局长在……收受礼金。',
    anonymous: false,
    petitioners: [
      {
        name: '张三',
        idNumber: '441481199001011234',
        phone: '13800000000',
        address: '兴宁市兴田街道',
      },
    ],
    materials: [{ id: 'att-1', fileName: '转账记录.jpg', contentType: 'image/jpeg' }],
    accusedUnitIds: [],
    redaction: null,
    ...overrides,
  };
}
