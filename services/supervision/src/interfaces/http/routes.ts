import { ROLES, type Role } from '@xinfang/principal';
import { route, type Route } from '@xinfang/service-kit';
import { z } from 'zod';
import {
  AssignCaseLeader,
  AssignCaseLeaderInput,
  backlogPlanInput,
  CloseCase,
  CloseCaseInput,
  CloseNotice,
  CloseNoticeInput,
  FlagBacklog,
  FlagBacklogInput,
  GetCaseClocks,
  IssueSupervisionNotice,
  IssueSupervisionNoticeInput,
  ListLeaderCases,
  ListMissingMonthlyStatus,
  loadVisibleFile,
  RecordClosingDocument,
  RecordClosingDocumentInput,
  RecordFollowUp,
  RecordFollowUpInput,
  RecordMonthlyStatus,
  RecordMonthlyStatusInput,
  RecordSatisfaction,
  RecordSatisfactionInput,
  ResolveCase,
  ResolveCaseInput,
  RespondToNotice,
  RespondToNoticeInput,
  UpdateBacklogPlan,
} from '../../application';
import { month } from '../../application/shared/input';
import type { CaseFileRepository, LedgerRepository, NoticeRepository } from '../../domain';
import { ledgerWorkbook } from '../../infrastructure/export/ledger-xlsx';
import { fieldsIn } from '@xinfang/service-kit';
import {
  CaseLeaderSchema,
  ChecklistSchema,
  ClockListSchema,
  ClosureSchema,
  FollowUpResultSchema,
  LeaderCaseListSchema,
  LedgerEntrySchema,
  MonthlyGapListSchema,
  MonthlyStatusSchema,
  NoticeListSchema,
  NoticeSchema,
  ResolutionSchema,
  SatisfactionResultSchema,
  toJson,
} from './schemas';

export interface SupervisionRouteDeps {
  readonly files: CaseFileRepository;
  readonly notices: NoticeRepository;
  readonly ledger: LedgerRepository;
  readonly getCaseClocks: GetCaseClocks;
  readonly assignCaseLeader: AssignCaseLeader;
  readonly listLeaderCases: ListLeaderCases;
  readonly issueNotice: IssueSupervisionNotice;
  readonly respondToNotice: RespondToNotice;
  readonly closeNotice: CloseNotice;
  readonly flagBacklog: FlagBacklog;
  readonly updateBacklogPlan: UpdateBacklogPlan;
  readonly recordMonthlyStatus: RecordMonthlyStatus;
  readonly listMissingMonthlyStatus: ListMissingMonthlyStatus;
  readonly recordFollowUp: RecordFollowUp;
  readonly recordSatisfaction: RecordSatisfaction;
  readonly recordClosingDocument: RecordClosingDocument;
  readonly closeCase: CloseCase;
  readonly resolveCase: ResolveCase;
}

/** Staff who read a case's clocks and notices. */
const READERS: Role[] = [
  ROLES.clerk,
  ROLES.handler,
  ROLES.unitHead,
  ROLES.caseLeader,
  ROLES.supervisor,
  ROLES.hearingOfficer,
  ROLES.analyst,
  ROLES.operator,
];

const id = z.string().trim().min(1).max(100);
const CaseParams = z.object({ caseId: id });
const NoticeParams = z.object({ noticeId: id });
const EntryParams = z.object({ entryId: id });
const MonthQuery = z.object({ month });

const inCase = { fromParams: ['caseId'] } as const;

/** The REST API of supervision (DESIGN §3): clocks, leaders, notices, ledger, closing. */
export function supervisionRoutes(deps: SupervisionRouteDeps): Route[] {
  return [
    route({
      method: 'get',
      path: '/cases/:caseId/clocks',
      summary: 'The statutory clocks of a case, running or stopped, in start order',
      description: "A case outside the caller's region is 404, as is one supervision never saw.",
      tags: ['clocks'],
      operationId: 'getCaseClocks',
      auth: { roles: READERS },
      params: CaseParams,
      responses: { 200: ClockListSchema },
      handler: async ({ params, principal }) => {
        await loadVisibleFile(deps.files, principal, params.caseId);
        const clocks = await deps.getCaseClocks.execute(principal, params);
        return { status: 200, body: toJson({ clocks }) };
      },
    }),
    route({
      method: 'post',
      path: '/cases/:caseId/leader',
      summary: 'Assign the case-owning leader (领导包案); one leader per case',
      description: 'A second leader is 409 unless `replacesLeaderSubject` names the current one.',
      tags: ['leaders'],
      operationId: 'assignCaseLeader',
      auth: { roles: [ROLES.supervisor, ROLES.unitHead] },
      params: CaseParams,
      body: AssignCaseLeaderInput.omit({ caseId: true }),
      responses: { 201: CaseLeaderSchema },
      handler: async ({ params, body, principal }) => {
        const leader = await fieldsIn(
          'body',
          () => deps.assignCaseLeader.execute(principal, { ...body, caseId: params.caseId }),
          inCase.fromParams,
        );
        return { status: 201, body: toJson(leader) };
      },
    }),
    route({
      method: 'get',
      path: '/leaders/me/cases',
      summary: "The caller's open cases as case-owning leader, each with its clocks",
      tags: ['leaders'],
      operationId: 'listMyLeaderCases',
      auth: { roles: [ROLES.caseLeader, ROLES.supervisor] },
      responses: { 200: LeaderCaseListSchema },
      handler: async ({ principal }) => {
        const cases = await deps.listLeaderCases.execute(principal, {});
        return { status: 200, body: toJson({ cases }) };
      },
    }),
    route({
      method: 'post',
      path: '/notices',
      summary: 'Issue a supervision notice (三函)',
      description:
        'Risk reminder, supervision letter or accountability proposal to the unit. The response ' +
        "date defaults to the policy's days for the kind.",
      tags: ['notices'],
      operationId: 'issueNotice',
      auth: { roles: [ROLES.supervisor] },
      body: IssueSupervisionNoticeInput,
      responses: { 201: NoticeSchema },
      handler: async ({ body, principal }) => {
        const notice = await fieldsIn('body', () => deps.issueNotice.execute(principal, body));
        return { status: 201, body: toJson(notice) };
      },
    }),
    route({
      method: 'post',
      path: '/notices/:noticeId/response',
      summary: 'Answer a notice (the addressed unit)',
      tags: ['notices'],
      operationId: 'respondToNotice',
      auth: { roles: [ROLES.unitHead, ROLES.handler, ROLES.caseLeader] },
      params: NoticeParams,
      body: RespondToNoticeInput.omit({ noticeId: true }),
      responses: { 200: NoticeSchema },
      handler: async ({ params, body, principal }) => {
        const notice = await fieldsIn(
          'body',
          () => deps.respondToNotice.execute(principal, { ...body, noticeId: params.noticeId }),
          ['noticeId'],
        );
        return { status: 200, body: toJson(notice) };
      },
    }),
    route({
      method: 'post',
      path: '/notices/:noticeId/close',
      summary: 'Close an answered notice (the supervisor)',
      tags: ['notices'],
      operationId: 'closeNotice',
      auth: { roles: [ROLES.supervisor] },
      params: NoticeParams,
      body: CloseNoticeInput.omit({ noticeId: true }),
      responses: { 200: NoticeSchema },
      handler: async ({ params, body, principal }) => {
        const notice = await fieldsIn(
          'body',
          () => deps.closeNotice.execute(principal, { ...body, noticeId: params.noticeId }),
          ['noticeId'],
        );
        return { status: 200, body: toJson(notice) };
      },
    }),
    route({
      method: 'get',
      path: '/cases/:caseId/notices',
      summary: 'The notices issued on a case, oldest first',
      tags: ['notices'],
      operationId: 'listCaseNotices',
      auth: { roles: READERS },
      params: CaseParams,
      responses: { 200: NoticeListSchema },
      handler: async ({ params, principal }) => {
        await loadVisibleFile(deps.files, principal, params.caseId);
        const notices = await deps.notices.listByCase(params.caseId);
        return { status: 200, body: toJson({ notices: notices.map((n) => n.toState()) }) };
      },
    }),
    route({
      method: 'post',
      path: '/ledger',
      summary: 'Enter a case in the backlog ledger (积案台账), with its plan where known',
      description:
        'The case must meet a backlog rule of the tenant (open too long, repeated, referred, ' +
        'collective) or carry a `manualReason`; otherwise 422. A case already in the ledger is 409.',
      tags: ['ledger'],
      operationId: 'flagBacklog',
      auth: { roles: [ROLES.supervisor] },
      body: FlagBacklogInput,
      responses: { 201: LedgerEntrySchema },
      handler: async ({ body, principal }) => {
        const entry = await fieldsIn('body', () => deps.flagBacklog.execute(principal, body));
        return { status: 201, body: toJson(entry) };
      },
    }),
    route({
      method: 'put',
      path: '/ledger/:entryId/plan',
      summary: 'Set or change the plan (化解方案): summary, owner, target date, 稳控措施',
      tags: ['ledger'],
      operationId: 'updateBacklogPlan',
      auth: { roles: [ROLES.supervisor, ROLES.caseLeader, ROLES.unitHead] },
      params: EntryParams,
      body: backlogPlanInput,
      responses: { 200: LedgerEntrySchema },
      handler: async ({ params, body, principal }) => {
        const entry = await fieldsIn(
          'body',
          () => deps.updateBacklogPlan.execute(principal, { ...body, entryId: params.entryId }),
          ['entryId'],
        );
        return { status: 200, body: toJson(entry) };
      },
    }),
    route({
      method: 'post',
      path: '/ledger/:entryId/monthly-status',
      summary: "Record an entry's status for a month (due by the policy's day, the 20th)",
      tags: ['ledger'],
      operationId: 'recordMonthlyStatus',
      auth: { roles: [ROLES.supervisor, ROLES.caseLeader, ROLES.unitHead] },
      params: EntryParams,
      body: RecordMonthlyStatusInput.omit({ entryId: true }),
      responses: { 201: MonthlyStatusSchema },
      handler: async ({ params, body, principal }) => {
        const status = await fieldsIn(
          'body',
          () => deps.recordMonthlyStatus.execute(principal, { ...body, entryId: params.entryId }),
          ['entryId'],
        );
        return { status: 201, body: toJson(status) };
      },
    }),
    route({
      method: 'get',
      path: '/ledger/missing-monthly-status',
      summary: 'Ledger entries without their monthly status, per tenant',
      tags: ['ledger'],
      operationId: 'listMissingMonthlyStatus',
      auth: { roles: [ROLES.supervisor, ROLES.analyst] },
      query: z.object({
        month,
        tenantId: z
          .string()
          .regex(/^\d{6}$/, { message: 'must be a county code' })
          .optional(),
      }),
      responses: { 200: MonthlyGapListSchema },
      handler: async ({ query, principal }) => {
        const tenants = await fieldsIn('query', () =>
          deps.listMissingMonthlyStatus.execute(principal, query),
        );
        return { status: 200, body: toJson({ tenants }) };
      },
    }),
    route({
      method: 'get',
      path: '/ledger/export.xlsx',
      summary: "The month's backlog ledger as an Excel workbook",
      tags: ['ledger'],
      operationId: 'exportLedger',
      auth: { roles: [ROLES.supervisor, ROLES.analyst] },
      query: MonthQuery,
      responses: {
        200: {
          description: 'The workbook',
          contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        },
      },
      handler: async ({ query, principal, res }) => {
        const xlsx = await ledgerWorkbook(deps.ledger, principal, query.month);
        res
          .status(200)
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .setHeader('content-disposition', `attachment; filename="ledger-${query.month}.xlsx"`)
          .send(xlsx);
      },
    }),
    route({
      method: 'post',
      path: '/cases/:caseId/follow-ups',
      summary: 'Record a follow-up contact with the petitioner (回访) after the reply',
      tags: ['cases'],
      operationId: 'recordFollowUp',
      auth: { roles: [ROLES.clerk, ROLES.handler, ROLES.caseLeader, ROLES.supervisor] },
      params: CaseParams,
      body: RecordFollowUpInput.omit({ caseId: true }),
      responses: { 201: FollowUpResultSchema },
      handler: async ({ params, body, principal }) => {
        const result = await fieldsIn(
          'body',
          () => deps.recordFollowUp.execute(principal, { ...body, caseId: params.caseId }),
          inCase.fromParams,
        );
        return { status: 201, body: toJson(result) };
      },
    }),
    route({
      method: 'post',
      path: '/cases/:caseId/satisfaction',
      summary: "Record the petitioner's rating given by phone, letter or in person",
      description: '不满意 opens a supervision record.',
      tags: ['cases'],
      operationId: 'recordSatisfaction',
      auth: { roles: [ROLES.clerk] },
      params: CaseParams,
      body: RecordSatisfactionInput.omit({ caseId: true }),
      responses: { 201: SatisfactionResultSchema },
      handler: async ({ params, body, principal }) => {
        const result = await fieldsIn(
          'body',
          () => deps.recordSatisfaction.execute(principal, { ...body, caseId: params.caseId }),
          inCase.fromParams,
        );
        return { status: 201, body: toJson(result) };
      },
    }),
    route({
      method: 'post',
      path: '/cases/:caseId/closing-documents',
      summary: 'Place a document in the closing file for one 六有 item',
      tags: ['cases'],
      operationId: 'recordClosingDocument',
      auth: { roles: [ROLES.clerk, ROLES.supervisor, ROLES.caseLeader, ROLES.unitHead] },
      params: CaseParams,
      body: RecordClosingDocumentInput.omit({ caseId: true }),
      responses: { 201: ChecklistSchema },
      handler: async ({ params, body, principal }) => {
        const items = await fieldsIn(
          'body',
          () => deps.recordClosingDocument.execute(principal, { ...body, caseId: params.caseId }),
          inCase.fromParams,
        );
        return { status: 201, body: toJson({ items }) };
      },
    }),
    route({
      method: 'post',
      path: '/cases/:caseId/close',
      summary: 'Close the case (办结); needs the closing checklist (六有) complete',
      description: 'An incomplete checklist is 422 with `missing`: every item still missing.',
      tags: ['cases'],
      operationId: 'closeCase',
      auth: { roles: [ROLES.clerk, ROLES.supervisor] },
      params: CaseParams,
      body: CloseCaseInput.omit({ caseId: true }),
      responses: { 200: ClosureSchema },
      handler: async ({ params, body, principal }) => {
        const closure = await fieldsIn(
          'body',
          () => deps.closeCase.execute(principal, { ...body, caseId: params.caseId }),
          inCase.fromParams,
        );
        return { status: 200, body: toJson(closure) };
      },
    }),
    route({
      method: 'post',
      path: '/cases/:caseId/resolve',
      summary: 'Record that the matter is settled (化解 / 案结事了)',
      tags: ['cases'],
      operationId: 'resolveCase',
      auth: { roles: [ROLES.supervisor, ROLES.caseLeader, ROLES.clerk] },
      params: CaseParams,
      body: ResolveCaseInput.omit({ caseId: true }),
      responses: { 200: ResolutionSchema },
      handler: async ({ params, body, principal }) => {
        const resolution = await fieldsIn(
          'body',
          () => deps.resolveCase.execute(principal, { ...body, caseId: params.caseId }),
          inCase.fromParams,
        );
        return { status: 200, body: toJson(resolution) };
      },
    }),
  ];
}
