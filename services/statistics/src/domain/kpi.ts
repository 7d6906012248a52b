import { caseEvents } from '@xinfang/contracts';
import { regionAncestry, regionLevel, regionPath, RegionLevel, toLocalDate } from '@xinfang/kernel';
import type { CaseView, UnitSummary } from './case-view';
import { occurredAt, ProjectedEvent } from './events';

/** What the counters count. Each is a number of cases (or ratings) in a month. */
export const METRICS = [
  'registered',
  'collective',
  'repeat',
  'skipLevel',
  'accepted',
  'acceptedOnTime',
  'replied',
  'repliedOnTime',
  'closed',
  'closedOnTime',
  'resolved',
  'backlogFlagged',
  'backlogResolved',
  'rated',
  'satisfied',
  'overdue',
  'escalated',
] as const;
export type Metric = (typeof METRICS)[number];
export type MetricValues = Record<Metric, number>;

/** Cases sent to a unit as lead unit: the basis of the most-complained-about units (Art. 41). */
export const UNIT_METRIC = 'unitCases';

/**
 * One contribution of one event to the counters. Its id is derived from the event (or, for
 * once-per-case metrics, from the case), so writing it again is a no-op.
 */
export interface CounterFact {
  id: string;
  metric: Metric | typeof UNIT_METRIC;
  caseId: string;
  eventId: string;
  /** The case's region when the event happened. */
  regionCode: string;
  regionPath: string;
  /** `YYYY-MM` in Asia/Shanghai of the event. */
  month: string;
  subjectCode: string;
  unit: UnitSummary | null;
  at: Date;
}

export function emptyValues(): MetricValues {
  return Object.fromEntries(METRICS.map((m) => [m, 0])) as MetricValues;
}

/** `YYYY-MM` of an instant in Asia/Shanghai. */
export function monthOf(instant: Date): string {
  return toLocalDate(instant).slice(0, 7);
}

/**
 * The counter facts an event adds, given the case's view before and after it. Facts that may
 * happen once per case (went overdue, entered the backlog) are keyed by the case, the others by
 * the event.
 */
export function factsFor(
  before: CaseView | undefined,
  after: CaseView,
  event: ProjectedEvent,
): CounterFact[] {
  const at = occurredAt(event);
  const base = {
    caseId: after.caseId,
    eventId: event.id,
    regionCode: after.regionCode,
    regionPath: after.regionPath,
    month: monthOf(at),
    subjectCode: after.subjectCode,
    unit: null,
    at,
  };
  const facts: CounterFact[] = [];
  const perEvent = (metric: Metric, when = true) => {
    if (when) facts.push({ ...base, id: `${event.id}:${metric}`, metric });
  };
  const perCase = (metric: Metric, key: string = metric) => {
    facts.push({ ...base, id: `${after.caseId}:${key}`, metric });
  };
  const toUnit = (ref: caseEvents.UnitRef | undefined) => {
    if (ref?.unitId) {
      facts.push({
        ...base,
        id: `${event.id}:${UNIT_METRIC}`,
        metric: UNIT_METRIC,
        unit: { unitId: ref.unitId, name: ref.name, regionCode: ref.regionCode },
      });
    }
  };
  const d = event.decoded;
  switch (d.name) {
    case 'CaseRegistered':
      perCase('registered');
      if (after.collective) perCase('collective');
      if (after.repeat) perCase('repeat');
      if (after.skipLevel) perCase('skipLevel');
      break;
    case 'CaseForwarded':
    case 'CaseAssigned':
    case 'CaseRerouted':
      toUnit(d.payload.toUnit);
      break;
    case 'CaseAccepted':
      if (d.payload.unitRole !== caseEvents.UnitRole.UNIT_ROLE_CO) {
        perEvent('accepted');
        perEvent('acceptedOnTime', !d.payload.late);
      }
      break;
    case 'CaseReplied':
      perEvent('replied');
      perEvent('repliedOnTime', !d.payload.late);
      break;
    case 'CaseClosed':
      perEvent('closed');
      perEvent('closedOnTime', d.payload.onTime);
      break;
    case 'CaseResolved':
      perCase('resolved');
      if (d.payload.ledgerEntryId !== '' || before?.backlog) perCase('backlogResolved');
      break;
    case 'BacklogFlagged':
      perCase('backlogFlagged');
      break;
    case 'SatisfactionRated': {
      // One rating per case and stage counts: the first one given.
      const stage = d.payload.stage;
      if (d.payload.satisfaction !== caseEvents.Satisfaction.SATISFACTION_UNSPECIFIED) {
        perCase('rated', `rated:${stage}`);
        if (
          d.payload.satisfaction === caseEvents.Satisfaction.SATISFACTION_SATISFIED ||
          d.payload.satisfaction === caseEvents.Satisfaction.SATISFACTION_BASICALLY_SATISFIED
        )
          perCase('satisfied', `satisfied:${stage}`);
      }
      break;
    }
    case 'CaseOverdue':
      if (!before?.everOverdue) perCase('overdue');
      break;
    case 'CaseEscalated':
      perCase('escalated', `escalated:${d.payload.level}`);
      break;
    default:
      break;
  }
  return facts;
}

/** Subject buckets a subject code counts in: all, its top category, and itself. */
export const ALL_SUBJECTS = '*';
export const UNCLASSIFIED = 'unclassified';

export function subjectBuckets(subjectCode: string): string[] {
  if (!subjectCode) return [ALL_SUBJECTS, UNCLASSIFIED];
  const top = subjectCode.split('.')[0]!;
  return top === subjectCode ? [ALL_SUBJECTS, top] : [ALL_SUBJECTS, top, subjectCode];
}

/** The bucket a subject filter reads; subject codes are `category` or `category.sub`. */
export function bucketOf(subject: string | undefined): string {
  return subject && subject.length > 0 ? subject : ALL_SUBJECTS;
}

/** Identifies one counter document: a region, a month, a subject bucket. */
export interface CounterKey {
  id: string;
  regionCode: string;
  regionPath: string;
  level: RegionLevel;
  month: string;
  bucket: string;
}

export function counterKey(regionCode: string, month: string, bucket: string): CounterKey {
  return {
    id: `${regionCode}:${month}:${bucket}`,
    regionCode,
    regionPath: regionPath(regionCode),
    level: regionLevel(regionCode),
    month,
    bucket,
  };
}

/** Every counter a fact adds to: its region and each region above it, in each of its buckets. */
export function counterKeysOf(fact: CounterFact): CounterKey[] {
  const keys: CounterKey[] = [];
  for (const region of regionAncestry(fact.regionCode)) {
    for (const bucket of subjectBuckets(fact.subjectCode)) {
      keys.push(counterKey(region, fact.month, bucket));
    }
  }
  return keys;
}

/** Additions to one counter document from a batch of facts. */
export interface CounterIncrement {
  key: CounterKey;
  values: Partial<MetricValues>;
  units: Record<string, { unit: UnitSummary; count: number }>;
}

/** Sums a batch of facts into one increment per counter document. */
export function incrementsOf(facts: readonly CounterFact[]): CounterIncrement[] {
  const byKey = new Map<string, CounterIncrement>();
  for (const fact of facts) {
    for (const key of counterKeysOf(fact)) {
      let inc = byKey.get(key.id);
      if (!inc) {
        inc = { key, values: {}, units: {} };
        byKey.set(key.id, inc);
      }
      if (fact.metric === UNIT_METRIC) {
        if (!fact.unit) continue;
        const k = unitField(fact.unit.unitId);
        const entry = inc.units[k] ?? { unit: fact.unit, count: 0 };
        entry.count += 1;
        entry.unit = fact.unit;
        inc.units[k] = entry;
      } else {
        inc.values[fact.metric] = (inc.values[fact.metric] ?? 0) + 1;
      }
    }
  }
  return [...byKey.values()];
}

/** A unit id as a field name (no dots or dollars in document keys). */
export function unitField(unitId: string): string {
  return unitId.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** A rate with its parts, so roll-ups add numerators and denominators. */
export interface Ratio {
  numerator: number;
  denominator: number;
  value: number;
}

export function ratio(numerator: number, denominator: number): Ratio {
  return {
    numerator,
    denominator,
    value: denominator === 0 ? 0 : Math.round((numerator / denominator) * 10_000) / 10_000,
  };
}

export interface UnitCount {
  unitId: string;
  name: string;
  regionCode: string;
  cases: number;
}

/** The KPIs of a region over a period (DESIGN glossary: 按期受理率 … 满意率). */
export interface Kpis {
  regionCode: string;
  period: { start: string; end: string };
  subject: string;
  registered: number;
  accepted: number;
  replied: number;
  closed: number;
  resolved: number;
  collective: number;
  repeat: number;
  skipLevel: number;
  overdue: number;
  escalated: number;
  backlogFlagged: number;
  backlogResolved: number;
  onTimeAcceptance: Ratio;
  onTimeReply: Ratio;
  onTimeClosure: Ratio;
  resolution: Ratio;
  satisfaction: Ratio;
  /** 重复信访率: repeat petitions over registrations. */
  repeatRate: Ratio;
  /** Units that received the most cases as lead unit, most first. */
  topUnits: UnitCount[];
  asOf: Date;
}

/** Adds counter documents up into KPIs. */
export function kpisFrom(
  regionCode: string,
  period: { start: string; end: string },
  subject: string,
  docs: ReadonlyArray<{
    values: Partial<MetricValues>;
    units: Record<string, { unit: UnitSummary; count: number }>;
    updatedAt: Date;
  }>,
  topUnitCount = 10,
  now: Date = new Date(),
): Kpis {
  const v = emptyValues();
  const units = new Map<string, UnitCount>();
  let asOf: Date | undefined;
  for (const doc of docs) {
    for (const m of METRICS) v[m] += doc.values[m] ?? 0;
    for (const { unit, count } of Object.values(doc.units ?? {})) {
      const u = units.get(unit.unitId) ?? { ...unit, cases: 0 };
      u.cases += count;
      u.name = unit.name || u.name;
      units.set(unit.unitId, u);
    }
    if (!asOf || doc.updatedAt > asOf) asOf = doc.updatedAt;
  }
  return {
    regionCode,
    period,
    subject,
    registered: v.registered,
    accepted: v.accepted,
    replied: v.replied,
    closed: v.closed,
    resolved: v.resolved,
    collective: v.collective,
    repeat: v.repeat,
    skipLevel: v.skipLevel,
    overdue: v.overdue,
    escalated: v.escalated,
    backlogFlagged: v.backlogFlagged,
    backlogResolved: v.backlogResolved,
    onTimeAcceptance: ratio(v.acceptedOnTime, v.accepted),
    onTimeReply: ratio(v.repliedOnTime, v.replied),
    onTimeClosure: ratio(v.closedOnTime, v.closed),
    resolution: ratio(v.resolved, v.closed),
    satisfaction: ratio(v.satisfied, v.rated),
    repeatRate: ratio(v.repeat, v.registered),
    topUnits: [...units.values()]
      .sort((a, b) => b.cases - a.cases || a.unitId.localeCompare(b.unitId))
      .slice(0, topUnitCount),
    asOf: asOf ?? now,
  };
}
