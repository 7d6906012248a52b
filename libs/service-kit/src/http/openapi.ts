import {
  OpenAPIRegistry,
  OpenApiGeneratorV31,
  type RouteConfig,
} from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import {
  isZodType,
  openApiPath,
  pathParams,
  responseSchema,
  type ResponseEntry,
  type Route,
} from './route';

export interface OpenApiInfo {
  title: string;
  version: string;
  description?: string;
}

export const SECURITY_SCHEME = 'bearer';

const ErrorBody = z
  .object({
    error: z.string().describe('stable error code: validation, unauthenticated, forbidden, ...'),
    message: z.string().optional(),
    requestId: z.string().optional(),
    issues: z
      .array(z.object({ field: z.string(), reason: z.string() }))
      .optional()
      .describe('one entry per offending field, named by its dotted path'),
    requiredRoles: z.array(z.string()).optional(),
  })
  .meta({ id: 'Error' });

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  400: 'Invalid input; `issues` names each field',
  401: 'Missing, invalid or expired bearer token',
  403: 'The caller lacks a required role or scope',
  404: 'Not found',
  409: 'Conflicts with the current state',
  413: 'The body is larger than allowed; `issues` names it',
  422: 'A legal or business precondition is not met',
  429: 'Too many requests',
  500: 'Internal error; quote `requestId`',
};

/** Builds the OpenAPI 3.1 document of the routes: schemas, parameters, roles and security. */
export function buildOpenApiDocument(routes: readonly Route[], info: OpenApiInfo) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', SECURITY_SCHEME, {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'Keycloak access token of the xinfang realm',
  });
  for (const { definition: def } of routes) {
    const errorResponse = (status: number) => ({
      description: STATUS_TEXT[status] ?? String(status),
      content: { 'application/json': { schema: ErrorBody } },
    });
    const responses: RouteConfig['responses'] = {};
    for (const [status, entry] of Object.entries(def.responses) as [string, ResponseEntry][]) {
      responses[status] = successResponse(Number(status), entry);
    }
    const statuses = [500];
    const hasInput = def.params || def.query || def.body || def.rawBody;
    if (hasInput || pathParams(def.path).length > 0) statuses.push(400);
    if (def.rawBody) statuses.push(413);
    if (def.auth !== 'public') statuses.push(401, 403);
    if (def.rateLimit || def.auth === 'public') statuses.push(429);
    for (const status of statuses) responses[status] ??= errorResponse(status);

    const roles = def.auth === 'public' ? [] : [...def.auth.roles];
    const access =
      def.auth === 'public'
        ? 'Public.'
        : roles.length > 0
          ? `Requires one of the roles: ${roles.join(', ')}.`
          : 'Requires an authenticated caller.';
    registry.registerPath({
      method: def.method,
      path: openApiPath(def.path),
      summary: def.summary,
      description: def.description ? `${def.description}\n\n${access}` : access,
      tags: def.tags,
      operationId: def.operationId,
      security: def.auth === 'public' ? [] : [{ [SECURITY_SCHEME]: [] }],
      ...(def.auth === 'public' ? {} : { 'x-required-roles': roles }),
      request: {
        params: (def.params as z.ZodObject | undefined) ?? defaultParams(def.path),
        query: def.query as z.ZodObject | undefined,
        body: def.rawBody
          ? {
              required: true,
              content: Object.fromEntries(
                def.rawBody.types.map((t) => [
                  t,
                  { schema: { type: 'string' as const, format: 'binary' } },
                ]),
              ),
            }
          : def.body
            ? { required: true, content: { 'application/json': { schema: def.body } } }
            : undefined,
      },
      responses,
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: info.title, version: info.version, description: info.description },
  });
}

function successResponse(status: number, entry: ResponseEntry) {
  const schema = responseSchema(entry);
  const description = isZodType(entry)
    ? (STATUS_TEXT[status] ?? String(status))
    : entry.description;
  const contentType = isZodType(entry)
    ? 'application/json'
    : (entry.contentType ?? 'application/json');
  if (schema) return { description, content: { [contentType]: { schema } } };
  if (!isZodType(entry) && entry.contentType) {
    return { description, content: { [contentType]: { schema: { type: 'string' as const } } } };
  }
  return { description };
}

/** Path parameters without a declared schema are plain strings. */
export function defaultParams(path: string): z.ZodObject | undefined {
  const names = pathParams(path);
  if (names.length === 0) return undefined;
  return z.object(Object.fromEntries(names.map((n) => [n, z.string()])));
}
