import { loadHolidayCalendar } from '@xinfang/kernel';
import {
  Appeal,
  DEFAULT_HEARING_POLICY,
  type AppealStage,
  type PanelMember,
  type UnitRef,
} from '../../src/domain';

export const calendar = loadHolidayCalendar([2025, 2026]);
export const policy = DEFAULT_HEARING_POLICY;

/** 10:00 Shanghai time on a date. */
export const at = (date: string, time = '10:00') => new Date(`${date}T${time}:00+08:00`);

export const HANDLING_UNIT: UnitRef = {
  unitId: 'unit-hr-441481',
  name: '兴宁市人力资源和社会保障局',
  regionCode: '441481',
};
export const CITY: UnitRef = { unitId: '', name: '梅州市', regionCode: '441400' };
export const PROVINCE: UnitRef = { unitId: '', name: '广东省', regionCode: '440000' };
export const OFFICER = {
  subject: 'sub-officer',
  username: 'hearing-officer.440000',
  role: 'hearing-officer',
};
export const CLERK = { subject: 'sub-clerk', username: 'clerk.441400', role: 'clerk' };

let seq = 0;
export const anId = (prefix = 'X') => `${prefix}${String(++seq).padStart(6, '0')}`;

export function anAppeal(stage: AppealStage = 'reReview', requestedAt = at('2026-03-02')): Appeal {
  return Appeal.request(
    {
      id: anId('A'),
      stage,
      caseRef: {
        caseId: '01JCASE0000000000000000001',
        caseNumber: 'XF441481-20260105-000001',
        tenantId: '441481',
        regionPath: '/440000/441400/441481',
        regionCode: '441481',
      },
      subjectCode: 'labor.wages',
      locationRegionCode: '441481',
      authority: stage === 'review' ? CITY : PROVINCE,
      appealedUnit: stage === 'review' ? HANDLING_UNIT : CITY,
      reviewId: stage === 'review' ? '' : 'R1',
      grounds: '对答复意见不服',
      requestedAt,
      requestedBy: CLERK,
      requestDueDate: '2026-03-20',
    },
    policy,
    calendar,
  );
}

export function aHost(name = '陈主持'): PanelMember {
  return {
    id: anId('H'),
    name,
    kind: 'host',
    subject: 'sub-officer',
    unitId: '',
    organisation: '',
    relations: [],
  };
}

export function aMember(name: string, extra: Partial<PanelMember> = {}): PanelMember {
  return {
    id: anId('M'),
    name,
    kind: 'monitor',
    subject: '',
    unitId: '',
    organisation: '',
    relations: [],
    ...extra,
  };
}

export const PARTIES = [
  { name: '张三', side: 'petitioner' as const, unitId: '' },
  { name: '李科长', side: 'unit' as const, unitId: 'unit-hr-441481' },
];
