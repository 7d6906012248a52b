import { ROLES } from '@xinfang/principal';
import { route, type Route } from '@xinfang/service-kit';
import { z } from 'zod';
import {
  AddSubject,
  AddSubjectInput,
  CASE_READER_ROLES,
  CheckTerminated,
  CheckTerminatedInput,
  GetCase,
  ListCases,
  ListSubjects,
  RegisterPetition,
  RegisterPetitionInput,
} from '../../application';
import { CASE_STATUSES, CHANNELS, NATURES } from '../../domain';
import type { StoreCaseAudit } from '../../infrastructure/audit/StoreCaseAudit';
import { fieldsIn } from '@xinfang/service-kit';
import {
  CaseListSchema,
  CaseViewSchema,
  RegistrationSchema,
  SubjectListSchema,
  SubjectSchema,
  TerminationCheckSchema,
  toJson,
} from './schemas';

export interface StaffRouteDeps {
  readonly registerPetition: RegisterPetition;
  readonly getCase: GetCase;
  readonly listCases: ListCases;
  readonly checkTerminated: CheckTerminated;
  readonly listSubjects: ListSubjects;
  readonly addSubject: AddSubject;
  readonly audit: StoreCaseAudit;
}

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

const CaseIdParams = z.object({
  caseId: z.string().regex(ULID, 'must be a case id (26-character ULID)'),
});

const ListQuery = z.object({
  status: z.enum(CASE_STATUSES).optional(),
  channel: z.enum(CHANNELS).optional(),
  nature: z.enum(NATURES).optional(),
  subjectCode: z.string().max(100).optional(),
  registeredFrom: z.iso.datetime({ offset: true }).optional().describe('Inclusive, ISO 8601'),
  registeredTo: z.iso.datetime({ offset: true }).optional().describe('Exclusive, ISO 8601'),
  repeatOnly: z
    .enum(['true', 'false'])
    .optional()
    .describe('Only cases linked to an earlier case of the same people (重信重访)'),
  limit: z.coerce.number().int().min(1).max(100).optional().describe('Page size, 1-100 (20)'),
  cursor: z.string().max(500).optional().describe('`nextCursor` of the previous page'),
});

const READERS = [...CASE_READER_ROLES];

/** The staff API: registration, reading and listing cases, the subject taxonomy. */
export function staffRoutes(deps: StaffRouteDeps): Route[] {
  return [
    route({
      method: 'post',
      path: '/cases',
      summary: 'Register a petition (letter, visit, phone, online, referral)',
      description:
        'A clerk registers a petition at their own office (officeRegionCode when they work at ' +
        'several). Repeats are linked, a matter a lower level still handles is deferred (Art. 19), ' +
        'a skip-level petition is flagged and a matter terminated after re-review is refused (422). ' +
        'The answer carries the query code for the petitioner, once.',
      tags: ['cases'],
      operationId: 'registerCase',
      auth: { roles: [ROLES.clerk] },
      body: RegisterPetitionInput,
      responses: { 201: RegistrationSchema },
      handler: async ({ body, principal }) => {
        const result = await fieldsIn('body', () => deps.registerPetition.execute(principal, body));
        await deps.audit.record(
          'register',
          { id: result.caseId, regionPath: result.regionPath },
          { caseNumber: result.caseNumber, channel: body.channel },
        );
        return { status: 201, body: toJson(result) };
      },
    }),
    route({
      method: 'post',
      path: '/cases/termination-check',
      summary: 'Check for earlier and terminated cases of the same people before registering',
      tags: ['cases'],
      operationId: 'checkTermination',
      auth: { roles: [ROLES.clerk] },
      body: CheckTerminatedInput,
      responses: { 200: TerminationCheckSchema },
      handler: async ({ body, principal }) => {
        const result = await fieldsIn('body', () => deps.checkTerminated.execute(principal, body));
        await deps.audit.recordEach(
          'prior-case-lookup',
          result.priorCases.map((p) => ({ id: p.caseId, regionPath: p.regionPath })),
        );
        return { status: 200, body: toJson(result) };
      },
    }),
    route({
      method: 'get',
      path: '/cases/:caseId',
      summary: 'Read one case',
      description:
        'ID numbers and phones are masked unless the caller is a clerk or handler of the owning ' +
        "office (for an accusation: its clerk only). A case outside the caller's region is 404.",
      tags: ['cases'],
      operationId: 'getCase',
      auth: { roles: READERS },
      params: CaseIdParams,
      responses: { 200: CaseViewSchema },
      handler: async ({ params, principal }) => {
        const view = await deps.getCase.execute(principal, params.caseId);
        await deps.audit.record('read', view, { piiMasked: view.piiMasked });
        return { status: 200, body: toJson(view) };
      },
    }),
    route({
      method: 'get',
      path: '/cases',
      summary: "List the cases of the caller's region, newest first",
      tags: ['cases'],
      operationId: 'listCases',
      auth: { roles: READERS },
      query: ListQuery,
      responses: { 200: CaseListSchema },
      handler: async ({ query, principal }) => {
        const input = {
          ...query,
          repeatOnly: query.repeatOnly === undefined ? undefined : query.repeatOnly === 'true',
        };
        const list = await fieldsIn('query', () => deps.listCases.execute(principal, input));
        await deps.audit.recordEach('list', list.items);
        return { status: 200, body: toJson(list) };
      },
    }),
    route({
      method: 'get',
      path: '/subjects',
      summary: "The subject taxonomy of the caller's office (base subjects and its own)",
      tags: ['subjects'],
      operationId: 'listSubjects',
      auth: { roles: [] },
      responses: { 200: SubjectListSchema },
      handler: async ({ principal }) => {
        const list = await deps.listSubjects.execute(principal);
        return { status: 200, body: toJson(list) };
      },
    }),
    route({
      method: 'post',
      path: '/subjects',
      summary: "Add a subject refining a base subject, for the admin's tenant",
      tags: ['subjects'],
      operationId: 'addSubject',
      auth: { roles: [ROLES.tenantAdmin, ROLES.operator] },
      body: AddSubjectInput,
      responses: { 201: SubjectSchema },
      handler: async ({ body, principal }) => {
        const subject = await fieldsIn('body', () => deps.addSubject.execute(principal, body));
        return { status: 201, body: toJson(subject) };
      },
    }),
  ];
}
