import { caseEvents, statisticsV1 } from '@xinfang/contracts';
import { isRegionCode, ValidationError } from '@xinfang/kernel';
import { ROLES } from '@xinfang/principal';
import { grpcUnary, type GrpcServiceRegistration } from '@xinfang/service-kit';
import { CaseView, Kpis, monthsOfDays, ratio, Ratio } from '../../domain';
import { READERS, type StatisticsUseCases } from '../http/routes';

/** `online` → Channel.CHANNEL_ONLINE (0 when unknown). */
function enumValue(name: string | null, values: Record<string, number | string>, prefix: string) {
  if (!name) return 0;
  const key = `${prefix}${name.replace(/([A-Z])/g, '_$1').toUpperCase()}`;
  const value = values[key];
  return typeof value === 'number' ? value : 0;
}

const E = caseEvents as unknown as Record<string, Record<string, number | string>>;

function summaryOf(v: CaseView): statisticsV1.GetCaseSummaryResponse {
  return {
    caseRef: {
      caseId: v.caseId,
      caseNumber: v.caseNumber,
      tenantId: v.tenantId ?? '',
      regionPath: v.regionPath,
      regionCode: v.regionCode,
    },
    channel: enumValue(v.channel, E.Channel!, 'CHANNEL_'),
    nature: enumValue(v.nature, E.Nature!, 'NATURE_'),
    subjectCode: v.subjectCode,
    title: v.title,
    registeredAt: v.registeredAt ? new Date(v.registeredAt).toISOString() : undefined,
    currentUnit: v.currentUnit ?? undefined,
    lastEventType: v.lastEventType,
    lastEventAt: new Date(v.lastEventAt).toISOString(),
    eventCount: v.eventCount,
    overdue: v.overdue,
    escalationLevel: v.escalationLevel,
    replyOutcome: enumValue(v.replyOutcome, E.ReplyOutcome!, 'REPLY_OUTCOME_'),
    satisfaction: enumValue(v.satisfaction, E.Satisfaction!, 'SATISFACTION_'),
    closed: v.closed,
    resolved: v.resolved,
    terminated: v.terminated,
  };
}

function minus(a: Ratio, b: Ratio): Ratio {
  return ratio(a.numerator - b.numerator, a.denominator - b.denominator);
}

/** The region's own figures: its subtree's minus its children's. */
function ownOnly(total: Kpis, children: Kpis[]): Kpis {
  const sum = (pick: (k: Kpis) => number) =>
    pick(total) - children.reduce((n, c) => n + pick(c), 0);
  const rsum = (pick: (k: Kpis) => Ratio) =>
    children.reduce((r, c) => minus(r, pick(c)), pick(total));
  return {
    ...total,
    registered: sum((k) => k.registered),
    accepted: sum((k) => k.accepted),
    replied: sum((k) => k.replied),
    closed: sum((k) => k.closed),
    collective: sum((k) => k.collective),
    repeat: sum((k) => k.repeat),
    skipLevel: sum((k) => k.skipLevel),
    overdue: sum((k) => k.overdue),
    onTimeAcceptance: rsum((k) => k.onTimeAcceptance),
    onTimeReply: rsum((k) => k.onTimeReply),
    onTimeClosure: rsum((k) => k.onTimeClosure),
    resolution: rsum((k) => k.resolution),
    satisfaction: rsum((k) => k.satisfaction),
  };
}

export function statisticsGrpcService(uses: () => StatisticsUseCases): GrpcServiceRegistration {
  const implementation: statisticsV1.StatisticsServiceServer = {
    getCaseSummary: grpcUnary(async (req: statisticsV1.GetCaseSummaryRequest) => {
      if (!req.caseId) throw new ValidationError('case_id', 'is required');
      return summaryOf(await uses().caseDetail.view(req.caseId));
    }),
    getKpis: grpcUnary(async (req: statisticsV1.GetKpisRequest) => {
      if (!isRegionCode(req.regionCode))
        throw new ValidationError('region_code', 'must be a region code such as 441481');
      if (!req.period) throw new ValidationError('period', 'is required');
      const range = monthsOfDays(req.period.startDate, req.period.endDate);
      if ('reason' in range) throw new ValidationError('period', range.reason);
      const subject = req.subjectCode || undefined;
      const k = uses().kpis;
      let kpis: Kpis;
      if (req.includeSubtree) kpis = await k.kpis(req.regionCode, range.range, subject);
      else {
        const r = await k.rollup(req.regionCode, range.range, subject);
        kpis = ownOnly(r.region, r.children);
      }
      return {
        regionCode: kpis.regionCode,
        period: { startDate: kpis.period.start, endDate: kpis.period.end },
        registered: kpis.registered,
        accepted: kpis.accepted,
        replied: kpis.replied,
        closed: kpis.closed,
        collective: kpis.collective,
        repeat: kpis.repeat,
        skipLevel: kpis.skipLevel,
        overdue: kpis.overdue,
        onTimeAcceptance: kpis.onTimeAcceptance,
        onTimeReply: kpis.onTimeReply,
        onTimeClosure: kpis.onTimeClosure,
        resolution: kpis.resolution,
        satisfaction: kpis.satisfaction,
        asOf: kpis.asOf.toISOString(),
      };
    }),
  };
  const roles = [...READERS, ROLES.service];
  return {
    definition: statisticsV1.StatisticsServiceService,
    implementation,
    roles: { getCaseSummary: roles, getKpis: roles },
  };
}
