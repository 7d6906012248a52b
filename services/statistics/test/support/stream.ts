// Builds realistic case-event streams (the bus envelope with proto3 JSON payloads), as intake,
// routing, supervision and hearing would publish them.
import type { CaseEvent } from '@xinfang/bus';
import {
  caseEvents,
  encodeCaseEvent,
  type CaseEventName,
  type CaseEventPayloads,
} from '@xinfang/contracts';
import { newEventId, newId, regionPath, tenantOf } from '@xinfang/kernel';

type DeepPartial<T> = caseEvents.DeepPartial<T>;

export interface UnitFixture {
  unitId: string;
  name: string;
  regionCode: string;
}

export interface CaseScript {
  caseId?: string;
  caseNumber?: string;
  region: string;
  subject: string;
  subjectName?: string;
  title?: string;
  channel?: caseEvents.Channel;
  nature?: caseEvents.Nature;
  registeredAt: Date;
  collective?: boolean;
  repeat?: boolean;
  skipLevel?: boolean;
  unit?: UnitFixture;
  accepted?: { late: boolean };
  replied?: { late: boolean };
  closed?: { onTime: boolean };
  backlog?: boolean;
  resolved?: boolean;
  satisfaction?: caseEvents.Satisfaction;
  overdue?: { escalateTo: number };
}

export interface ScriptedCase {
  caseId: string;
  caseNumber: string;
  events: CaseEvent[];
}

const SOURCES: Partial<Record<CaseEventName, string>> = {
  CaseRegistered: 'xinfang/intake',
  SatisfactionRated: 'xinfang/intake',
  CaseOverdue: 'xinfang/supervision',
  CaseEscalated: 'xinfang/supervision',
  BacklogFlagged: 'xinfang/supervision',
  CaseResolved: 'xinfang/supervision',
  CaseClosed: 'xinfang/supervision',
};

let sequence = 0;

/** The events of one case's life as scripted, each a day after the previous. */
export function scriptCase(s: CaseScript): ScriptedCase {
  const caseId = s.caseId ?? newId();
  const county = tenantOf(s.region) ?? s.region;
  const caseNumber = s.caseNumber ?? `${county}-2026-${String(++sequence).padStart(6, '0')}`;
  const caseRef = {
    caseId,
    caseNumber,
    tenantId: tenantOf(s.region) ?? '',
    regionPath: regionPath(s.region),
    regionCode: s.region,
  };
  const events: CaseEvent[] = [];
  let day = 0;
  const at = () => new Date(s.registeredAt.getTime() + day++ * 86_400_000 + 3_600_000);
  const add = <N extends CaseEventName>(
    name: N,
    payload: DeepPartial<CaseEventPayloads[N]>,
    actor = { subject: 'u-1', username: `clerk.${county}`, role: 'clerk' },
  ) => {
    const occurred = at();
    const { type, json } = encodeCaseEvent(name, {
      caseRef,
      actor,
      occurredAt: occurred.toISOString(),
      ...payload,
    } as DeepPartial<CaseEventPayloads[N]>);
    events.push({
      id: newEventId(),
      type,
      source: SOURCES[name] ?? 'xinfang/routing',
      time: occurred.toISOString(),
      subject: caseId,
      tenantId: tenantOf(s.region),
      regionPath: regionPath(s.region),
      data: json,
    });
  };
  add('CaseRegistered', {
    channel: s.channel ?? caseEvents.Channel.CHANNEL_VISIT,
    nature: s.nature ?? caseEvents.Nature.NATURE_CLAIM,
    subjectCode: s.subject,
    subjectName: s.subjectName ?? s.subject,
    title: s.title ?? `${s.subject} 事项 ${caseNumber}`,
    locationRegionCode: s.region,
    urgency: caseEvents.Urgency.URGENCY_NORMAL,
    collective: s.collective ?? false,
    headcount: s.collective ? 12 : 1,
    representativeCount: s.collective ? 5 : 0,
    repeatOfCaseId: s.repeat ? 'EARLIER-CASE' : '',
    repeatCount: s.repeat ? 1 : 0,
    skipLevel: s.skipLevel ?? false,
    disposeDueDate: '2026-03-20',
  });
  if (s.unit) {
    add('CaseForwarded', {
      fromUnit: { unitId: `office-${county}`, name: '信访局', regionCode: county },
      toUnit: s.unit,
      acceptanceDueDate: '2026-03-25',
      letterNumber: `转-${caseNumber}`,
    });
  }
  if (s.overdue) {
    add(
      'CaseOverdue',
      {
        clockId: `${caseId}-acceptance`,
        kind: caseEvents.ClockKind.CLOCK_KIND_ACCEPTANCE,
        dueDate: '2026-03-10',
        responsibleUnit: s.unit,
      },
      { subject: 'system', username: 'system', role: 'service' },
    );
    for (let level = 1; level <= s.overdue.escalateTo; level++) {
      add(
        'CaseEscalated',
        {
          level,
          body: level,
          clockId: `${caseId}-acceptance`,
          kind: caseEvents.ClockKind.CLOCK_KIND_ACCEPTANCE,
          overdueSince: '2026-03-11',
          supervisedUnit: s.unit,
        },
        { subject: 'system', username: 'system', role: 'service' },
      );
    }
  }
  if (s.accepted) {
    add(
      'CaseAccepted',
      {
        unit: s.unit,
        unitRole: caseEvents.UnitRole.UNIT_ROLE_LEAD,
        handlingDueDate: '2026-05-20',
        petitionerNotified: true,
        late: s.accepted.late,
      },
      { subject: 'u-2', username: `handler.${county}`, role: 'handler' },
    );
  }
  if (s.backlog) {
    add('BacklogFlagged', {
      ledgerEntryId: `ledger-${caseId}`,
      reason: 'repeat petitions',
      daysOpen: 200,
    });
  }
  if (s.replied) {
    add(
      'CaseReplied',
      {
        unit: s.unit,
        outcome: caseEvents.ReplyOutcome.REPLY_OUTCOME_SUPPORTED,
        opinionSummary: '已处理',
        documentNumber: `复-${caseNumber}`,
        late: s.replied.late,
      },
      { subject: 'u-2', username: `handler.${county}`, role: 'handler' },
    );
  }
  if (s.satisfaction) {
    add(
      'SatisfactionRated',
      {
        satisfaction: s.satisfaction,
        source: caseEvents.RatingSource.RATING_SOURCE_PORTAL,
        ratedUnit: s.unit,
      },
      { subject: 'portal', username: '', role: 'petitioner' },
    );
  }
  if (s.resolved) {
    add('CaseResolved', {
      settlementAgreement: true,
      agreementSignedDate: '2026-03-28',
      ledgerEntryId: s.backlog ? `ledger-${caseId}` : '',
    });
  }
  if (s.closed) {
    add('CaseClosed', {
      reason: caseEvents.ClosureReason.CLOSURE_REASON_REPLIED,
      checklistComplete: true,
      onTime: s.closed.onTime,
      daysOpen: day,
    });
  }
  return { caseId, caseNumber, events };
}

/** Event names of a scripted case, in order. */
export function eventNames(c: ScriptedCase): string[] {
  return c.events.map((e) => e.type.replace('xinfang.case.v1.', ''));
}
