import { regionPath } from '@xinfang/kernel';
import { ROLES } from '@xinfang/principal';
import { route, type Route } from '@xinfang/service-kit';
import type { Response } from 'express';
import type { BuildReports, GetCaseDetail, GetKpis, SearchCases } from '../../application';
import type { CaseView } from '../../domain';
import { csvLine } from '../../infrastructure/reports/csv';
import {
  AnnualReportQuery,
  CaseExportQuery,
  CaseIdParams,
  CasePageView,
  caseQueryOf,
  CaseSearchQuery,
  caseSummaryOf,
  CaseSummaryView,
  KpiQuery,
  KpisView,
  kpisViewOf,
  MonthlyReportQuery,
  RollupView,
  TimelineView,
  timelineOf,
} from './schemas';

/** Who reads statistics: analysts, supervisors, operators and clerks (their subtree only). */
export const READERS = [ROLES.analyst, ROLES.supervisor, ROLES.operator, ROLES.clerk] as const;

/** The use cases of the active projection generation (they change when a rebuild switches). */
export interface StatisticsUseCases {
  searchCases: SearchCases;
  caseDetail: GetCaseDetail;
  kpis: GetKpis;
  reports: BuildReports;
  exportAudit: (
    regionPath: string,
    rows: number,
    filters: Record<string, unknown>,
  ) => Promise<void>;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const CSV_COLUMNS: ReadonlyArray<[string, (v: CaseView) => string | number | boolean | null]> = [
  ['caseId', (v) => v.caseId],
  ['caseNumber', (v) => v.caseNumber],
  ['regionCode', (v) => v.regionCode],
  ['status', (v) => v.status],
  ['channel', (v) => v.channel],
  ['nature', (v) => v.nature],
  ['subjectCode', (v) => v.subjectCode],
  ['subjectName', (v) => v.subjectName],
  ['title', (v) => v.title],
  ['registeredAt', (v) => (v.registeredAt ? new Date(v.registeredAt).toISOString() : null)],
  ['unitId', (v) => v.currentUnit?.unitId ?? null],
  ['unitName', (v) => v.currentUnit?.name ?? null],
  ['overdue', (v) => v.overdue],
  ['escalationLevel', (v) => v.escalationLevel],
  ['closed', (v) => v.closed],
  ['resolved', (v) => v.resolved],
  ['satisfaction', (v) => v.satisfaction],
];

function sendFile(res: Response, type: string, name: string, body: Buffer): void {
  res.status(200);
  res.setHeader('content-type', type);
  res.setHeader('content-disposition', `attachment; filename="${name}"`);
  res.setHeader('cache-control', 'no-store');
  res.end(body);
}

export function statisticsRoutes(uses: () => StatisticsUseCases, exportMaxRows: number): Route[] {
  const auth = { roles: READERS };
  return [
    route({
      method: 'get',
      path: '/cases',
      summary: 'Search the case projection',
      description:
        'Filters combine with AND. Pages are ordered newest registration first and continue with ' +
        '`cursor` (keyset paging: a deep page costs what the first one costs).',
      tags: ['cases'],
      auth,
      query: CaseSearchQuery,
      responses: { 200: CasePageView },
      handler: async ({ query }) => {
        const { limit, cursor, ...filters } = query;
        const page = await uses().searchCases.page(caseQueryOf(filters), limit, cursor);
        return {
          status: 200,
          body: { items: page.items.map(caseSummaryOf), nextCursor: page.nextCursor },
        };
      },
    }),
    route({
      method: 'get',
      path: '/cases.csv',
      summary: 'Export the matching cases as CSV',
      description: `Same filters as GET /cases; at most ${exportMaxRows} rows. The export is audit-logged.`,
      tags: ['cases', 'exports'],
      auth,
      query: CaseExportQuery,
      responses: { 200: { description: 'CSV (UTF-8 with BOM)', contentType: 'text/csv' } },
      handler: async ({ query, res, principal }) => {
        const u = uses();
        const q = caseQueryOf(query);
        res.status(200);
        res.setHeader('content-type', 'text/csv; charset=utf-8');
        res.setHeader('content-disposition', 'attachment; filename="cases.csv"');
        res.setHeader('cache-control', 'no-store');
        res.write('\uFEFF' + csvLine(CSV_COLUMNS.map(([name]) => name)));
        let rows = 0;
        for await (const view of u.searchCases.all(q, exportMaxRows)) {
          if (!res.write(csvLine(CSV_COLUMNS.map(([, cell]) => cell(view))))) {
            await new Promise((resolve) => res.once('drain', resolve));
          }
          rows += 1;
        }
        const where = query.region ? regionPath(query.region) : principal.scopePaths[0]!;
        await u.exportAudit(where, rows, query as Record<string, unknown>);
        res.end();
      },
    }),
    route({
      method: 'get',
      path: '/cases/:caseId',
      summary: 'One case of the projection',
      tags: ['cases'],
      auth,
      params: CaseIdParams,
      responses: { 200: CaseSummaryView },
      handler: async ({ params }) => {
        const view = await uses().caseDetail.view(params.caseId);
        return { status: 200, body: caseSummaryOf(view) };
      },
    }),
    route({
      method: 'get',
      path: '/cases/:caseId/timeline',
      summary: "A case's history across all services",
      tags: ['cases'],
      auth,
      params: CaseIdParams,
      responses: { 200: TimelineView },
      handler: async ({ params }) => {
        const { entries } = await uses().caseDetail.history(params.caseId);
        return { status: 200, body: timelineOf(params.caseId, entries) };
      },
    }),
    route({
      method: 'get',
      path: '/kpis',
      summary: 'KPIs of a region and its subtree over a period',
      description:
        'Read from pre-aggregated monthly counters. `subject` is a subject code or category.',
      tags: ['kpis'],
      auth,
      query: KpiQuery,
      responses: { 200: KpisView },
      handler: async ({ query }) => {
        const k = uses().kpis;
        const region = query.region ?? k.defaultRegion();
        return { status: 200, body: kpisViewOf(await k.kpis(region, query.period, query.subject)) };
      },
    }),
    route({
      method: 'get',
      path: '/kpis/rollup',
      summary: 'KPIs of a region with the breakdown by its child regions',
      tags: ['kpis'],
      auth,
      query: KpiQuery,
      responses: { 200: RollupView },
      handler: async ({ query }) => {
        const k = uses().kpis;
        const region = query.region ?? k.defaultRegion();
        const r = await k.rollup(region, query.period, query.subject);
        return {
          status: 200,
          body: { region: kpisViewOf(r.region), children: r.children.map(kpisViewOf) },
        };
      },
    }),
    route({
      method: 'get',
      path: '/reports/monthly.xlsx',
      summary: 'Monthly report (月报) as XLSX',
      tags: ['reports'],
      auth,
      query: MonthlyReportQuery,
      responses: { 200: { description: 'The workbook', contentType: XLSX } },
      handler: async ({ query, res }) => {
        const u = uses();
        const region = query.region ?? u.kpis.defaultRegion();
        const { file } = await u.reports.monthly(region, query.month);
        sendFile(res, XLSX, `monthly-${region}-${query.month}.xlsx`, file);
      },
    }),
    route({
      method: 'get',
      path: '/reports/annual.xlsx',
      summary: 'Annual statistics report (年度统计报告, Art. 41) as XLSX',
      tags: ['reports'],
      auth,
      query: AnnualReportQuery,
      responses: { 200: { description: 'The workbook', contentType: XLSX } },
      handler: async ({ query, res }) => {
        const u = uses();
        const region = query.region ?? u.kpis.defaultRegion();
        const { file } = await u.reports.annual(region, query.year);
        sendFile(res, XLSX, `annual-${region}-${query.year}.xlsx`, file);
      },
    }),
  ];
}
