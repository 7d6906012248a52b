import { runAsSystem, type Role } from '@xinfang/principal';
import { route, type RateLimitSpec, type Route } from '@xinfang/service-kit';
import {
  ACTION_ROLES,
  DecideAppeal,
  GetReviewState,
  ListPublicHearings,
  ManageHearing,
  RequestAppeal,
} from '../../application';
import { fieldsIn } from '@xinfang/service-kit';
import {
  AppealRequestBody,
  AppealSchema,
  CaseIdParams,
  ConcludeBody,
  DecisionBody,
  HearingSchema,
  IdParams,
  MinutesBody,
  PanelBody,
  PublicNoticeListSchema,
  PublicQuery,
  ReviewStateSchema,
  ScheduleHearingBody,
  toJson,
  VoteBody,
} from './schemas';

export interface HearingRouteDeps {
  readonly requestAppeal: RequestAppeal;
  readonly decideAppeal: DecideAppeal;
  readonly manageHearing: ManageHearing;
  readonly getReviewState: GetReviewState;
  readonly listPublicHearings: ListPublicHearings;
  readonly publicRateLimit: RateLimitSpec;
}

const roles = (r: readonly Role[]) => ({ roles: [...r] });

/** The REST API of reviews, re-reviews and hearings. */
export function hearingRoutes(deps: HearingRouteDeps): Route[] {
  return [
    route({
      method: 'post',
      path: '/cases/:caseId/reviews',
      summary: 'Register a request for review (复查)',
      description:
        'A clerk of the next higher authority above the replying unit registers it for the ' +
        'petitioner, within 30 days of the petitioner receiving the reply (Art. 35). A late ' +
        'request gets 422 with the day the window expired.',
      tags: ['reviews'],
      operationId: 'requestReview',
      auth: roles(ACTION_ROLES.request),
      params: CaseIdParams,
      body: AppealRequestBody,
      responses: { 201: AppealSchema },
      handler: async ({ params, body, principal }) => {
        const view = await fieldsIn('body', () =>
          deps.requestAppeal.execute(principal, 'review', params.caseId, body),
        );
        return { status: 201, body: toJson(view) };
      },
    }),
    route({
      method: 'post',
      path: '/reviews/:id/decision',
      summary: 'Decide a review: uphold, revise or revoke, with the written reply',
      tags: ['reviews'],
      operationId: 'decideReview',
      auth: roles(ACTION_ROLES.decide),
      params: IdParams,
      body: DecisionBody,
      responses: { 200: AppealSchema },
      handler: async ({ params, body, principal }) => {
        const view = await fieldsIn('body', () =>
          deps.decideAppeal.execute(principal, 'review', params.id, body),
        );
        return { status: 200, body: toJson(view) };
      },
    }),
    route({
      method: 'post',
      path: '/cases/:caseId/re-reviews',
      summary: 'Register a request for re-review (复核)',
      description:
        'Within 30 days of the petitioner receiving the review decision (Art. 36), registered by ' +
        'a clerk of the authority above the reviewing one.',
      tags: ['re-reviews'],
      operationId: 'requestReReview',
      auth: roles(ACTION_ROLES.request),
      params: CaseIdParams,
      body: AppealRequestBody,
      responses: { 201: AppealSchema },
      handler: async ({ params, body, principal }) => {
        const view = await fieldsIn('body', () =>
          deps.requestAppeal.execute(principal, 'reReview', params.caseId, body),
        );
        return { status: 201, body: toJson(view) };
      },
    }),
    route({
      method: 'post',
      path: '/re-reviews/:id/decision',
      summary: 'Decide a re-review; the matter is then terminated (终结)',
      tags: ['re-reviews'],
      operationId: 'decideReReview',
      auth: roles(ACTION_ROLES.decide),
      params: IdParams,
      body: DecisionBody,
      responses: { 200: AppealSchema },
      handler: async ({ params, body, principal }) => {
        const view = await fieldsIn('body', () =>
          deps.decideAppeal.execute(principal, 'reReview', params.id, body),
        );
        return { status: 200, body: toJson(view) };
      },
    }),
    route({
      method: 'post',
      path: '/hearings',
      summary: 'Schedule a hearing (听证) with notice',
      description:
        'For a re-review, or a review of a complex case (complexReason). Refused when fewer than ' +
        'the configured notice days remain. A re-review decision clock stops while it is pending.',
      tags: ['hearings'],
      operationId: 'scheduleHearing',
      auth: roles(ACTION_ROLES.hearing),
      body: ScheduleHearingBody,
      responses: { 201: HearingSchema },
      handler: async ({ body, principal }) => {
        const view = await fieldsIn('body', () => deps.manageHearing.schedule(principal, body));
        return { status: 201, body: toJson(view) };
      },
    }),
    route({
      method: 'get',
      path: '/hearings/public',
      summary: 'Public notices of hearings and their published results',
      tags: ['hearings'],
      operationId: 'listPublicHearings',
      auth: 'public',
      rateLimit: deps.publicRateLimit,
      query: PublicQuery,
      responses: { 200: PublicNoticeListSchema },
      handler: async ({ query }) => {
        const hearings = await runAsSystem('hearing:public-notices', () =>
          deps.listPublicHearings.execute(query.limit ?? 20),
        );
        return { status: 200, body: toJson({ hearings }) };
      },
    }),
    route({
      method: 'post',
      path: '/hearings/:id/panel',
      summary: 'Set the panel (monitors, experts, lawyers, deputies) after a conflict check',
      description: 'A member from the handling unit or tied to a party is refused (422, named).',
      tags: ['hearings'],
      operationId: 'setHearingPanel',
      auth: roles(ACTION_ROLES.hearing),
      params: IdParams,
      body: PanelBody,
      responses: { 200: HearingSchema },
      handler: async ({ params, body, principal }) => {
        const view = await fieldsIn('body', () =>
          deps.manageHearing.setPanel(principal, params.id, body.members),
        );
        return { status: 200, body: toJson(view) };
      },
    }),
    route({
      method: 'post',
      path: '/hearings/:id/minutes',
      summary: 'Record the minutes of a hearing that has taken place',
      tags: ['hearings'],
      operationId: 'recordHearingMinutes',
      auth: roles(ACTION_ROLES.hearing),
      params: IdParams,
      body: MinutesBody,
      responses: { 200: HearingSchema },
      handler: async ({ params, body, principal }) => {
        const view = await fieldsIn('body', () =>
          deps.manageHearing.recordMinutes(principal, params.id, body),
        );
        return { status: 200, body: toJson(view) };
      },
    }),
    route({
      method: 'post',
      path: '/hearings/:id/votes',
      summary: "Record a panel member's vote and opinion",
      tags: ['hearings'],
      operationId: 'recordHearingVote',
      auth: roles(ACTION_ROLES.hearing),
      params: IdParams,
      body: VoteBody,
      responses: { 200: HearingSchema },
      handler: async ({ params, body, principal }) => {
        const view = await fieldsIn('body', () =>
          deps.manageHearing.vote(principal, params.id, body),
        );
        return { status: 200, body: toJson(view) };
      },
    }),
    route({
      method: 'post',
      path: '/hearings/:id/conclude',
      summary: 'Conclude with the majority opinion; dissent is recorded',
      description: 'Needs the minutes and every vote; a re-review decision clock resumes.',
      tags: ['hearings'],
      operationId: 'concludeHearing',
      auth: roles(ACTION_ROLES.hearing),
      params: IdParams,
      body: ConcludeBody,
      responses: { 200: HearingSchema },
      handler: async ({ params, body, principal }) => {
        const view = await fieldsIn('body', () =>
          deps.manageHearing.conclude(principal, params.id, body.majorityOpinion),
        );
        return { status: 200, body: toJson(view) };
      },
    }),
    route({
      method: 'get',
      path: '/hearings/:id',
      summary: 'A hearing with its panel, parties, minutes, votes and result',
      tags: ['hearings'],
      operationId: 'getHearing',
      auth: roles(ACTION_ROLES.read),
      params: IdParams,
      responses: { 200: HearingSchema },
      handler: async ({ params }) => {
        const view = await deps.manageHearing.get(params.id);
        return { status: 200, body: toJson(view) };
      },
    }),
    route({
      method: 'get',
      path: '/cases/:caseId/review-state',
      summary: 'Where a case stands in review and re-review, with open windows',
      tags: ['reviews'],
      operationId: 'getReviewState',
      auth: roles(ACTION_ROLES.read),
      params: CaseIdParams,
      responses: { 200: ReviewStateSchema },
      handler: async ({ params, principal }) => {
        const state = await deps.getReviewState.execute(principal, params.caseId);
        return { status: 200, body: toJson(state) };
      },
    }),
  ];
}
