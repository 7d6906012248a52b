import { ROUTING_STATUSES, UNIT_KINDS } from '../../domain';
import { ROLES } from '@xinfang/principal';
import { route, type Route } from '@xinfang/service-kit';
import { z } from 'zod';
import {
  AcceptCase,
  AcceptCaseCommand,
  AddUnitMemberCommand,
  ApproveExtension,
  ApproveExtensionCommand,
  CreateRuleCommand,
  CreateUnitCommand,
  DeclineCase,
  DeclineCaseCommand,
  DisposeCase,
  DisposeCaseCommand,
  GetAssignment,
  GetDossier,
  ListAssignments,
  ManageRoutingRule,
  ManageUnit,
  ManageUnitMembers,
  ProposeDisposition,
  ProposeDispositionCommand,
  RedefineRuleCommand,
  ReplyCase,
  ReplyCaseCommand,
  ReportResult,
  ReportResultCommand,
  RequestExtension,
  RequestExtensionCommand,
  RerouteCase,
  RerouteCaseCommand,
  ResolveJurisdiction,
  ResolveJurisdictionQuery,
  ReturnCase,
  ReturnCaseCommand,
  UpdateUnitCommand,
  keycloakUsername,
} from '../../application';
import { id, regionCode, subjectCode } from '../../application/shared/validation';
import { StoreCaseAudit } from '../../infrastructure/StoreCaseAudit';
import { json } from './json';
import {
  AssignmentBody,
  CaseViewBody,
  DisposalBody,
  DispositionProposalBody,
  MemberBody,
  pageBody,
  ResolvedJurisdictionBody,
  RuleBody,
  UnitBody,
} from './schemas';

/** The use cases the REST API drives. */
export interface RoutingUseCases {
  manageUnit: ManageUnit;
  manageMembers: ManageUnitMembers;
  manageRules: ManageRoutingRule;
  resolveJurisdiction: ResolveJurisdiction;
  getAssignment: GetAssignment;
  listAssignments: ListAssignments;
  getDossier: GetDossier;
  proposeDisposition: ProposeDisposition;
  disposeCase: DisposeCase;
  rerouteCase: RerouteCase;
  acceptCase: AcceptCase;
  declineCase: DeclineCase;
  returnCase: ReturnCase;
  requestExtension: RequestExtension;
  approveExtension: ApproveExtension;
  replyCase: ReplyCase;
  reportResult: ReportResult;
  audit: StoreCaseAudit;
}

const DIRECTORY = { roles: [ROLES.tenantAdmin, ROLES.operator] };
const ANY_STAFF = { roles: [] };
const CLERK = { roles: [ROLES.clerk] };
const UNIT_STAFF = { roles: [ROLES.handler, ROLES.unitHead] };

/** Query-string flags: `true` or `false`. */
const flag = z
  .enum(['true', 'false'])
  .optional()
  .transform((v) => v === 'true');
const pageLimit = z.coerce
  .number()
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(500, 'must be at most 500')
  .default(50);
const cursor = z.string().max(200).optional();

const UnitParams = z.object({ unitId: id });
const RuleParams = z.object({ ruleId: id });
const CaseParams = z.object({ caseId: id });

const UnitFields = CreateUnitCommand.omit({ regionCode: true });
const RuleFields = RedefineRuleCommand.omit({ ruleId: true });
const [forward, assign, decline, handleDirectly] = DisposeCaseCommand.options;
const DisposeBody = z.discriminatedUnion('action', [
  forward.omit({ caseId: true }),
  assign.omit({ caseId: true }),
  decline.omit({ caseId: true }),
  handleDirectly.omit({ caseId: true }),
]);

export function routingRoutes(u: RoutingUseCases): Route[] {
  return [
    ...unitRoutes(u),
    ...ruleRoutes(u),
    route({
      method: 'post',
      path: '/jurisdiction/resolve',
      summary: 'Find the competent unit for a matter (rules, then 属地; Art. 24; 三跨三分离)',
      tags: ['jurisdiction'],
      auth: ANY_STAFF,
      body: ResolveJurisdictionQuery,
      responses: { 200: ResolvedJurisdictionBody },
      handler: async ({ body, principal }) => ({
        status: 200,
        body: json(ResolvedJurisdictionBody, await u.resolveJurisdiction.execute(principal, body)),
      }),
    }),
    ...caseRoutes(u),
  ];
}

function unitRoutes(u: RoutingUseCases): Route[] {
  return [
    route({
      method: 'post',
      path: '/units',
      summary: 'Add a unit to the directory',
      tags: ['units'],
      auth: DIRECTORY,
      body: CreateUnitCommand,
      responses: { 201: UnitBody },
      handler: async ({ body, principal }) => ({
        status: 201,
        body: json(UnitBody, await u.manageUnit.create(principal, body)),
      }),
    }),
    route({
      method: 'get',
      path: '/units',
      summary: 'List the units of a region (optionally its subtree)',
      tags: ['units'],
      auth: ANY_STAFF,
      query: z.object({
        regionCode,
        includeSubtree: flag,
        subjectCode: subjectCode.optional(),
        kind: z.enum(UNIT_KINDS).optional(),
        includeInactive: flag,
        limit: pageLimit,
        cursor,
      }),
      responses: { 200: pageBody(UnitBody, 'UnitPage') },
      handler: async ({ query, principal }) => ({
        status: 200,
        body: json(pageBody(UnitBody, 'UnitPage'), await u.manageUnit.list(principal, query)),
      }),
    }),
    route({
      method: 'get',
      path: '/units/:unitId',
      summary: 'Read one unit',
      tags: ['units'],
      auth: ANY_STAFF,
      params: UnitParams,
      responses: { 200: UnitBody },
      handler: async ({ params, principal }) => ({
        status: 200,
        body: json(UnitBody, await u.manageUnit.get(principal, params.unitId)),
      }),
    }),
    route({
      method: 'put',
      path: '/units/:unitId',
      summary: 'Change a unit (name, kind, lines of work, contacts, superior)',
      tags: ['units'],
      auth: DIRECTORY,
      params: UnitParams,
      body: UnitFields.extend({ expectedVersion: UpdateUnitCommand.shape.expectedVersion }),
      responses: { 200: UnitBody },
      handler: async ({ params, body, principal }) => ({
        status: 200,
        body: json(UnitBody, await u.manageUnit.update(principal, { ...body, ...params })),
      }),
    }),
    route({
      method: 'post',
      path: '/units/:unitId/deactivate',
      summary: 'Dissolve a unit (refused while units or rules depend on it)',
      tags: ['units'],
      auth: DIRECTORY,
      params: UnitParams,
      responses: { 200: UnitBody },
      handler: async ({ params, principal }) => ({
        status: 200,
        body: json(UnitBody, await u.manageUnit.deactivate(principal, params.unitId)),
      }),
    }),
    route({
      method: 'post',
      path: '/units/:unitId/reactivate',
      summary: 'Restore a dissolved unit',
      tags: ['units'],
      auth: DIRECTORY,
      params: UnitParams,
      responses: { 200: UnitBody },
      handler: async ({ params, principal }) => ({
        status: 200,
        body: json(UnitBody, await u.manageUnit.reactivate(principal, params.unitId)),
      }),
    }),
    route({
      method: 'get',
      path: '/units/:unitId/members',
      summary: 'List the staff placed in a unit',
      tags: ['units'],
      auth: DIRECTORY,
      params: UnitParams,
      responses: { 200: z.object({ items: z.array(MemberBody) }) },
      handler: async ({ params, principal }) => ({
        status: 200,
        body: {
          items: json(z.array(MemberBody), await u.manageMembers.list(principal, params.unitId)),
        },
      }),
    }),
    route({
      method: 'post',
      path: '/units/:unitId/members',
      summary: 'Place a Keycloak user in a unit',
      tags: ['units'],
      auth: DIRECTORY,
      params: UnitParams,
      body: AddUnitMemberCommand.omit({ unitId: true }),
      responses: { 201: MemberBody },
      handler: async ({ params, body, principal }) => ({
        status: 201,
        body: json(MemberBody, await u.manageMembers.add(principal, { ...body, ...params })),
      }),
    }),
    route({
      method: 'delete',
      path: '/units/:unitId/members/:username',
      summary: 'Remove a user from a unit',
      tags: ['units'],
      auth: DIRECTORY,
      params: UnitParams.extend({ username: keycloakUsername }),
      responses: { 204: { description: 'Removed' } },
      handler: async ({ params, principal }) => {
        await u.manageMembers.remove(principal, params.unitId, params.username);
        return { status: 204 };
      },
    }),
  ];
}

function ruleRoutes(u: RoutingUseCases): Route[] {
  return [
    route({
      method: 'post',
      path: '/rules',
      summary: 'Add a routing rule (谁主管、谁负责) for a region subtree',
      tags: ['rules'],
      auth: DIRECTORY,
      body: CreateRuleCommand,
      responses: { 201: RuleBody },
      handler: async ({ body, principal }) => ({
        status: 201,
        body: json(RuleBody, await u.manageRules.create(principal, body)),
      }),
    }),
    route({
      method: 'get',
      path: '/rules',
      summary: 'List the rules scoped within a region',
      tags: ['rules'],
      auth: ANY_STAFF,
      query: z.object({
        regionCode,
        targetUnitId: id.optional(),
        includeInactive: flag,
        limit: pageLimit,
        cursor,
      }),
      responses: { 200: pageBody(RuleBody, 'RulePage') },
      handler: async ({ query, principal }) => ({
        status: 200,
        body: json(pageBody(RuleBody, 'RulePage'), await u.manageRules.list(principal, query)),
      }),
    }),
    route({
      method: 'get',
      path: '/rules/:ruleId',
      summary: 'Read one rule',
      tags: ['rules'],
      auth: ANY_STAFF,
      params: RuleParams,
      responses: { 200: RuleBody },
      handler: async ({ params, principal }) => ({
        status: 200,
        body: json(RuleBody, await u.manageRules.get(principal, params.ruleId)),
      }),
    }),
    route({
      method: 'put',
      path: '/rules/:ruleId',
      summary: 'Redefine a rule (its scope is fixed)',
      tags: ['rules'],
      auth: DIRECTORY,
      params: RuleParams,
      body: RuleFields,
      responses: { 200: RuleBody },
      handler: async ({ params, body, principal }) => ({
        status: 200,
        body: json(RuleBody, await u.manageRules.redefine(principal, { ...body, ...params })),
      }),
    }),
    route({
      method: 'post',
      path: '/rules/:ruleId/deactivate',
      summary: 'Stop applying a rule',
      tags: ['rules'],
      auth: DIRECTORY,
      params: RuleParams,
      responses: { 200: RuleBody },
      handler: async ({ params, principal }) => ({
        status: 200,
        body: json(RuleBody, await u.manageRules.deactivate(principal, params.ruleId)),
      }),
    }),
    route({
      method: 'post',
      path: '/rules/:ruleId/reactivate',
      summary: 'Apply a rule again',
      tags: ['rules'],
      auth: DIRECTORY,
      params: RuleParams,
      responses: { 200: RuleBody },
      handler: async ({ params, principal }) => ({
        status: 200,
        body: json(RuleBody, await u.manageRules.reactivate(principal, params.ruleId)),
      }),
    }),
  ];
}

/** A step of the receiving unit: the body names the unit acting; the case is in the path. */
function unitStep<B extends z.ZodObject>(
  audit: StoreCaseAudit,
  action: string,
  path: string,
  summary: string,
  roles: { roles: readonly (typeof ROLES)[keyof typeof ROLES][] },
  body: B,
  run: (
    principal: Parameters<AcceptCase['execute']>[0],
    command: z.output<B> & { caseId: string },
  ) => Promise<{ caseId: string; regionPath: string }>,
): Route {
  return route({
    method: 'post',
    path,
    summary,
    tags: ['cases'],
    auth: roles,
    params: CaseParams,
    body,
    responses: { 200: AssignmentBody },
    handler: async ({ params, body: b, principal }) => {
      const state = await run(principal, { ...(b as z.output<B>), ...params });
      await audit.record(action, state, { unitId: (b as { unitId?: string }).unitId });
      return { status: 200, body: json(AssignmentBody, state) };
    },
  });
}

function caseRoutes(u: RoutingUseCases): Route[] {
  const TrayQuery = z.object({
    unitId: id.optional(),
    officeId: id.optional(),
    status: z
      .string()
      .optional()
      .transform((v) => (v ? v.split(',') : undefined))
      .pipe(z.array(z.enum(ROUTING_STATUSES)).optional())
      .describe('comma-separated statuses'),
    limit: pageLimit,
    cursor,
  });
  return [
    route({
      method: 'get',
      path: '/cases',
      summary: "List routing cases: a unit's or office's tray, or the caller's scope",
      tags: ['cases'],
      auth: ANY_STAFF,
      query: TrayQuery,
      responses: { 200: pageBody(AssignmentBody, 'AssignmentPage') },
      handler: async ({ query, principal }) => {
        const page = await u.listAssignments.execute(principal, {
          unitId: query.unitId,
          officeId: query.officeId,
          statuses: query.status,
          limit: query.limit,
          cursor: query.cursor,
        });
        await u.audit.recordEach('list', page.items);
        return { status: 200, body: json(pageBody(AssignmentBody, 'AssignmentPage'), page) };
      },
    }),
    route({
      method: 'get',
      path: '/cases/:caseId',
      summary: "Read a case's routing record (assignment)",
      tags: ['cases'],
      auth: ANY_STAFF,
      params: CaseParams,
      responses: { 200: AssignmentBody },
      handler: async ({ params, principal }) => {
        const state = await u.getAssignment.execute(principal, params.caseId);
        await u.audit.record('read', state);
        return { status: 200, body: json(AssignmentBody, state) };
      },
    }),
    route({
      method: 'get',
      path: '/cases/:caseId/dossier',
      summary: 'Read the case as a receiving unit got it (redacted for an accused unit)',
      tags: ['cases'],
      auth: ANY_STAFF,
      params: CaseParams,
      query: z.object({ unitId: id.optional() }),
      responses: { 200: CaseViewBody },
      handler: async ({ params, query, principal }) => {
        const view = await u.getDossier.execute(principal, { ...query, ...params });
        const state = await u.getAssignment.execute(principal, params.caseId);
        await u.audit.record('read-dossier', state, {
          unitId: query.unitId ?? null,
          redacted: view.redaction !== null,
        });
        return { status: 200, body: json(CaseViewBody, view) };
      },
    }),
    route({
      method: 'post',
      path: '/cases/:caseId/proposal',
      summary: 'Propose again where the case should go (e.g. naming further places involved)',
      tags: ['cases'],
      auth: CLERK,
      params: CaseParams,
      body: ProposeDispositionCommand.omit({ caseId: true }),
      responses: { 200: DispositionProposalBody },
      handler: async ({ params, body, principal }) => {
        const proposal = await u.proposeDisposition.execute(principal, { ...body, ...params });
        await u.audit.record('propose', await u.getAssignment.execute(principal, params.caseId));
        return { status: 200, body: json(DispositionProposalBody, proposal) };
      },
    }),
    route({
      method: 'post',
      path: '/cases/:caseId/dispose',
      summary: 'Forward, assign, decline or handle directly (within the 15-day clock)',
      tags: ['cases'],
      auth: CLERK,
      params: CaseParams,
      body: DisposeBody,
      responses: { 200: DisposalBody },
      handler: async ({ params, body, principal }) => {
        const result = await u.disposeCase.execute(principal, { ...body, ...params });
        await u.audit.record(body.action, result.state, {
          units: result.deliveries.map((d) => ({ unitId: d.unit.unitId, redacted: d.redacted })),
        });
        return {
          status: 200,
          body: json(DisposalBody, { case: result.state, deliveries: result.deliveries }),
        };
      },
    }),
    route({
      method: 'post',
      path: '/cases/:caseId/reroute',
      summary: 'Send a returned case out again',
      tags: ['cases'],
      auth: CLERK,
      params: CaseParams,
      body: RerouteCaseCommand.omit({ caseId: true }),
      responses: { 200: DisposalBody },
      handler: async ({ params, body, principal }) => {
        const result = await u.rerouteCase.execute(principal, { ...body, ...params });
        await u.audit.record('reroute', result.state, {
          units: result.deliveries.map((d) => ({ unitId: d.unit.unitId, redacted: d.redacted })),
        });
        return {
          status: 200,
          body: json(DisposalBody, { case: result.state, deliveries: result.deliveries }),
        };
      },
    }),
    unitStep(
      u.audit,
      'accept',
      '/cases/:caseId/accept',
      'Accept the case for the unit (受理)',
      UNIT_STAFF,
      AcceptCaseCommand.omit({ caseId: true }),
      (p, c) => u.acceptCase.execute(p, c),
    ),
    unitStep(
      u.audit,
      'decline',
      '/cases/:caseId/decline',
      'Decline the case with a written reason (不予受理)',
      UNIT_STAFF,
      DeclineCaseCommand.omit({ caseId: true }),
      (p, c) => u.declineCase.execute(p, c),
    ),
    unitStep(
      u.audit,
      'return',
      '/cases/:caseId/return',
      'Object to a misrouting within 5 working days (退回)',
      UNIT_STAFF,
      ReturnCaseCommand.omit({ caseId: true }),
      (p, c) => u.returnCase.execute(p, c),
    ),
    unitStep(
      u.audit,
      'request-extension',
      '/cases/:caseId/extension-requests',
      'Ask the unit head to extend the handling time limit',
      { roles: [ROLES.handler] },
      RequestExtensionCommand.omit({ caseId: true }),
      (p, c) => u.requestExtension.execute(p, c),
    ),
    unitStep(
      u.audit,
      'approve-extension',
      '/cases/:caseId/extension-requests/approve',
      'Approve the pending extension (unit head; once, at most 30 days)',
      { roles: [ROLES.unitHead] },
      ApproveExtensionCommand.omit({ caseId: true }),
      (p, c) => u.approveExtension.execute(p, c),
    ),
    unitStep(
      u.audit,
      'reply',
      '/cases/:caseId/reply',
      'Reply with the written opinion and outcome (答复)',
      UNIT_STAFF,
      ReplyCaseCommand.omit({ caseId: true }),
      (p, c) => u.replyCase.execute(p, c),
    ),
    unitStep(
      u.audit,
      'report-result',
      '/cases/:caseId/result-report',
      'Report the result of an assigned case (办结报告)',
      UNIT_STAFF,
      ReportResultCommand.omit({ caseId: true }),
      (p, c) => u.reportResult.execute(p, c),
    ),
  ];
}
