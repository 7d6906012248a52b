import { runWithContext, systemPrincipal } from '@xinfang/principal';
import { route, type RateLimitSpec, type Route } from '@xinfang/service-kit';
import {
  RatePetition,
  RatePetitionInput,
  SubmitOnlinePetition,
  SubmitOnlinePetitionInput,
  TrackCase,
  TrackCaseInput,
} from '../../application';
import type { CaseRepository } from '../../domain';
import type { StoreCaseAudit } from '../../infrastructure/audit/StoreCaseAudit';
import { fieldsIn } from '@xinfang/service-kit';
import {
  PublicTimelineSchema,
  RatingReceiptSchema,
  SubmissionReceiptSchema,
  toJson,
} from './schemas';

export interface PortalRouteDeps {
  readonly submitOnline: SubmitOnlinePetition;
  readonly trackCase: TrackCase;
  readonly ratePetition: RatePetition;
  readonly cases: CaseRepository;
  readonly audit: StoreCaseAudit;
  readonly rateLimit: RateLimitSpec;
}

/**
 * Petitioners act without a staff login. Their requests run as the `portal` system principal,
 * with the request id and client IP in the context so the audit log records where they came from.
 */
function asPortal<T>(requestId: string, sourceIp: string | undefined, fn: () => Promise<T>) {
  return runWithContext({ principal: systemPrincipal('portal'), requestId, sourceIp }, fn);
}

/** The online portal: submit, track with the query code, rate after the reply. Rate limited. */
export function portalRoutes(deps: PortalRouteDeps): Route[] {
  const locate = async (caseNumber: string) => {
    const found = await deps.cases.findByCaseNumber(caseNumber);
    return found ? { id: found.id, regionPath: found.regionPath } : null;
  };
  return [
    route({
      method: 'post',
      path: '/portal/petitions',
      summary: 'Submit a petition online',
      description:
        'No login. The place of the matter decides the county that registers it. The answer ' +
        'carries the case number and the query code, shown this once.',
      tags: ['portal'],
      operationId: 'submitPetition',
      auth: 'public',
      rateLimit: deps.rateLimit,
      body: SubmitOnlinePetitionInput,
      responses: { 201: SubmissionReceiptSchema },
      handler: async ({ body, requestId, req }) =>
        asPortal(requestId, req.ip, async () => {
          const receipt = await fieldsIn('body', () => deps.submitOnline.execute(body));
          await deps.audit.record(
            'register',
            { id: receipt.caseId, regionPath: receipt.regionPath },
            { caseNumber: receipt.caseNumber, channel: 'online' },
          );
          return { status: 201 as const, body: toJson(receipt) };
        }),
    }),
    route({
      method: 'post',
      path: '/portal/track',
      summary: 'Follow a case with its number and query code',
      description:
        'The credentials travel in the body, never in the URL. A wrong code and an unknown ' +
        'number both answer 404.',
      tags: ['portal'],
      operationId: 'trackCase',
      auth: 'public',
      rateLimit: deps.rateLimit,
      body: TrackCaseInput,
      responses: { 200: PublicTimelineSchema },
      handler: async ({ body, requestId, req }) =>
        asPortal(requestId, req.ip, async () => {
          const timeline = await fieldsIn('body', () => deps.trackCase.execute(body));
          const found = await locate(timeline.caseNumber);
          if (found) await deps.audit.record('track', found);
          return { status: 200 as const, body: toJson(timeline) };
        }),
    }),
    route({
      method: 'post',
      path: '/portal/rate',
      summary: 'Rate the handling once, after the reply (满意 / 基本满意 / 不满意)',
      description: 'Before the reply: 422. A second rating: 409.',
      tags: ['portal'],
      operationId: 'rateCase',
      auth: 'public',
      rateLimit: deps.rateLimit,
      body: RatePetitionInput,
      responses: { 200: RatingReceiptSchema },
      handler: async ({ body, requestId, req }) =>
        asPortal(requestId, req.ip, async () => {
          const receipt = await fieldsIn('body', () => deps.ratePetition.execute(body));
          const found = await locate(receipt.caseNumber);
          if (found) await deps.audit.record('rate', found, { rating: receipt.rating });
          return { status: 200 as const, body: toJson(receipt) };
        }),
    }),
  ];
}
