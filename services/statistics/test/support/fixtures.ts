// The demo stream the tests publish: cases in 441481 and 441422 (city 441400) and 441322 (city
// 441300), all registered in March 2026 (Asia/Shanghai).
import { caseEvents } from '@xinfang/contracts';
import { scriptCase, type ScriptedCase, type UnitFixture } from './stream';

export const U1: UnitFixture = {
  unitId: 'unit-441481-hrss',
  name: '兴宁市人力资源和社会保障局',
  regionCode: '441481',
};
export const U2: UnitFixture = {
  unitId: 'unit-441481-nr',
  name: '兴宁市自然资源局',
  regionCode: '441481',
};
export const U3: UnitFixture = {
  unitId: 'unit-441422-hrss',
  name: '大埔县人力资源和社会保障局',
  regionCode: '441422',
};
export const U4: UnitFixture = {
  unitId: 'unit-441322-hrss',
  name: '博罗县人力资源和社会保障局',
  regionCode: '441322',
};

const march = (day: number) => new Date(Date.UTC(2026, 2, day, 1, 0, 0));

export interface DemoStream {
  /** 441481001: handled on time, resolved, satisfied. */
  a: ScriptedCase;
  /** 441481002: collective repeat petition, accepted and replied late, unsatisfied. */
  b: ScriptedCase;
  /** 441481: skip-level, overdue and escalated to level 1, still open. */
  c: ScriptedCase;
  /** 441422100: backlog case resolved, basically satisfied. */
  d: ScriptedCase;
  /** 441422: registered only. */
  e: ScriptedCase;
  /** 441322100: accepted on time. */
  f: ScriptedCase;
  all: ScriptedCase[];
}

export function demoStream(): DemoStream {
  const S = caseEvents.Satisfaction;
  const a = scriptCase({
    region: '441481001',
    subject: 'labor.wages',
    subjectName: '劳动社保/拖欠工资',
    title: '某工地拖欠农民工工资',
    registeredAt: march(2),
    unit: U1,
    accepted: { late: false },
    replied: { late: false },
    satisfaction: S.SATISFACTION_SATISFIED,
    resolved: true,
    closed: { onTime: true },
  });
  const b = scriptCase({
    region: '441481002',
    subject: 'labor.wages',
    subjectName: '劳动社保/拖欠工资',
    title: '工厂集体讨薪',
    channel: caseEvents.Channel.CHANNEL_LETTER,
    registeredAt: march(3),
    collective: true,
    repeat: true,
    unit: U1,
    accepted: { late: true },
    replied: { late: true },
    satisfaction: S.SATISFACTION_UNSATISFIED,
    closed: { onTime: false },
  });
  const c = scriptCase({
    region: '441481',
    subject: 'land.expropriation',
    subjectName: '国土资源/征地补偿',
    title: '征地补偿款未到位',
    channel: caseEvents.Channel.CHANNEL_ONLINE,
    registeredAt: march(4),
    skipLevel: true,
    unit: U2,
    overdue: { escalateTo: 1 },
    accepted: { late: false },
  });
  const d = scriptCase({
    region: '441422100',
    subject: 'labor.social-insurance',
    subjectName: '劳动社保/社会保险',
    title: '社保断缴补缴',
    registeredAt: march(5),
    unit: U3,
    accepted: { late: false },
    backlog: true,
    replied: { late: false },
    satisfaction: S.SATISFACTION_BASICALLY_SATISFIED,
    resolved: true,
    closed: { onTime: true },
  });
  const e = scriptCase({
    region: '441422',
    subject: 'environment.noise',
    subjectName: '生态环境/噪声',
    title: '夜间施工噪声',
    nature: caseEvents.Nature.NATURE_SUGGESTION,
    registeredAt: march(6),
  });
  const f = scriptCase({
    region: '441322100',
    subject: 'labor.wages',
    subjectName: '劳动社保/拖欠工资',
    title: '餐馆拖欠工资',
    registeredAt: march(7),
    unit: U4,
    accepted: { late: false },
  });
  return { a, b, c, d, e, f, all: [a, b, c, d, e, f] };
}
