import { randomUUID } from 'node:crypto';
import express, {
  type ErrorRequestHandler,
  type Express,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { RateLimitedError, ValidationError, type FieldIssue } from '@xinfang/kernel';
import type { Principal } from '@xinfang/principal';
import type { z } from 'zod';
import { authenticate, requireRoles, runAuthenticated } from '../auth/authenticate';
import { bearerToken, type TokenVerifier } from '../auth/token-verifier';
import { validationErrorFromZod } from '../errors';
import { errorFields, type Logger } from '../logger';
import { httpErrorOf } from './error-response';
import { buildOpenApiDocument, defaultParams, type OpenApiInfo } from './openapi';
import {
  responseSchema,
  type RateLimitSpec,
  type RawBody,
  type RawBodySpec,
  type Route,
} from './route';

export interface HttpAppOptions {
  serviceName: string;
  auth: TokenVerifier;
  routes: readonly Route[];
  openapi: OpenApiInfo;
  /** Readiness: are the service's dependencies (database, broker) usable? */
  ready: () => Promise<boolean>;
  logger: Logger;
  /** Default limit for public routes; a route's own `rateLimit` overrides it. */
  rateLimit?: RateLimitSpec;
  /** Largest accepted JSON body; default 1mb. */
  bodyLimit?: string | number;
  /** express `trust proxy`, so client IPs (rate limits, audit) come from X-Forwarded-For. */
  trustProxy?: boolean | number | string;
  readyTimeoutMs?: number;
}

interface Locals {
  requestId: string;
  principal?: Principal;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The service's express app, not listening: probes, OpenAPI document, the routes with
 * authentication, role checks and validation, and the one error mapper.
 */
export function createHttpApp(options: HttpAppOptions): Express {
  const { logger, serviceName } = options;
  const app = express();
  app.disable('x-powered-by');
  if (options.trustProxy !== undefined) app.set('trust proxy', options.trustProxy);

  app.use(requestIdAndAccessLog(logger, serviceName));
  app.use(helmet());
  app.use(express.json({ limit: options.bodyLimit ?? '1mb' }));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: serviceName });
  });
  app.get('/readyz', async (_req, res) => {
    const ready = await withTimeout(options.ready(), options.readyTimeoutMs ?? 2000).catch(
      (err: unknown) => {
        logger.warn({ ...errorFields(err), service: serviceName }, 'readiness check failed');
        return false;
      },
    );
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready' });
  });
  let document: unknown;
  app.get('/openapi.json', (_req, res) => {
    document ??= buildOpenApiDocument(options.routes, options.openapi);
    res.json(document);
  });

  for (const r of options.routes) {
    const def = r.definition;
    const handlers: RequestHandler[] = [];
    const limit =
      def.rateLimit === false
        ? undefined
        : (def.rateLimit ?? (def.auth === 'public' ? options.rateLimit : undefined));
    if (limit) handlers.push(rateLimiter(limit));
    handlers.push(executor(r, options));
    app[def.method](def.path, ...handlers);
  }

  app.use((req, _res, next) => {
    next(new NotFoundRoute(`no route ${req.method} ${req.path}`));
  });
  app.use(errorMapper(logger));
  return app;
}

class NotFoundRoute extends Error {}

function executor(r: Route, options: HttpAppOptions): RequestHandler {
  const def = r.definition;
  const paramsSchema = def.params ?? defaultParams(def.path);
  const rawParser = def.rawBody
    ? express.raw({ limit: def.rawBody.limit, type: () => true })
    : undefined;
  return async (req, res) => {
    const locals = res.locals as Locals;
    const { requestId } = locals;
    let principal: Principal | undefined;
    let token = '';
    if (def.auth !== 'public') {
      token = bearerToken(req.headers.authorization);
      principal = await authenticate(options.auth, token);
      locals.principal = principal;
      requireRoles(principal, def.auth.roles);
    }
    const issues: FieldIssue[] = [];
    const params = await parsePart('params', paramsSchema, req.params, issues);
    const query = await parsePart('query', def.query, req.query, issues);
    const body = await parsePart('body', def.body, req.body, issues);
    if (issues.length > 0) throw new ValidationError(issues);
    // Uploads are read after authentication and validation, so strangers cannot make the
    // service buffer large bodies.
    const rawBody =
      def.rawBody && rawParser ? await readRawBody(req, res, def.rawBody, rawParser) : undefined;

    const run = () =>
      def.handler({
        params: params as Record<string, string>,
        query,
        body,
        rawBody,
        principal,
        requestId,
        req,
        res,
      });
    const result = principal
      ? await runAuthenticated({ principal, token, requestId, sourceIp: req.ip }, run)
      : await run();

    if (result === undefined) {
      if (!res.headersSent) throw new Error(`${def.method} ${def.path} returned no response`);
      return;
    }
    if (!(result.status in def.responses)) {
      throw new Error(`${def.method} ${def.path} answered undeclared status ${result.status}`);
    }
    const schema = responseSchema(def.responses[result.status]);
    res.status(result.status);
    if (result.headers) res.set(result.headers);
    if (schema) {
      // Only what the contract names leaves the service (unknown fields are stripped).
      const checked = await schema.safeParseAsync(result.body);
      if (!checked.success) {
        throw new Error(
          `${def.method} ${def.path} ${result.status} body breaks its schema: ${checked.error.message}`,
        );
      }
      res.json(checked.data);
    } else {
      res.end();
    }
  };
}

async function parsePart(
  part: string,
  schema: z.ZodType | undefined,
  value: unknown,
  issues: FieldIssue[],
): Promise<unknown> {
  if (!schema) return part === 'params' ? value : undefined;
  const parsed = await schema.safeParseAsync(value);
  if (parsed.success) return parsed.data;
  issues.push(...validationErrorFromZod(part, parsed.error).issues);
  return undefined;
}

async function readRawBody(
  req: Request,
  res: Response,
  spec: RawBodySpec,
  parser: RequestHandler,
): Promise<RawBody> {
  const contentType = (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!spec.types.includes(contentType)) {
    throw new ValidationError(
      'contentType',
      contentType ? `must be one of ${spec.types.join(', ')}` : 'is required',
    );
  }
  await new Promise<void>((resolve, reject) => {
    void parser(req, res, (err?: unknown) => (err ? reject(err) : resolve()));
  });
  const bytes: unknown = req.body;
  return { bytes: Buffer.isBuffer(bytes) ? bytes : Buffer.alloc(0), contentType };
}

function rateLimiter(spec: RateLimitSpec): RequestHandler {
  return rateLimit({
    windowMs: spec.windowMs,
    limit: spec.limit,
    store: spec.store,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next, opts) => {
      next(
        new RateLimitedError('too many requests', {
          retryAfterSeconds: Math.ceil(opts.windowMs / 1000),
        }),
      );
    },
  });
}

function requestIdAndAccessLog(logger: Logger, service: string): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    (res.locals as Locals).requestId = requestId;
    res.setHeader('x-request-id', requestId);
    const started = process.hrtime.bigint();
    // 'close' also fires when the client goes away before the response is complete
    res.on('close', () => {
      const probe = req.path === '/healthz' || req.path === '/readyz';
      if (probe && res.statusCode < 400) return;
      logger.info(
        {
          service,
          requestId,
          method: req.method,
          // the path only: query strings may carry petitioners' query codes
          path: req.path,
          route: (req.route as { path?: string } | undefined)?.path,
          status: res.statusCode,
          ...(res.writableFinished ? {} : { aborted: true }),
          durationMs: Number(process.hrtime.bigint() - started) / 1e6,
          subject: (res.locals as Locals).principal?.subject,
          sourceIp: req.ip,
        },
        'http request',
      );
    });
    next();
  };
}

function errorMapper(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req: Request, res: Response, next) => {
    const requestId = (res.locals as Locals).requestId ?? randomUUID();
    if (res.headersSent) {
      logger.error({ ...errorFields(err), requestId }, 'error after the response started');
      next(err);
      return;
    }
    const mapped =
      err instanceof NotFoundRoute
        ? { status: 404, body: { error: 'not_found', message: err.message, requestId } }
        : httpErrorOf(err, requestId);
    if (mapped.status >= 500) {
      logger.error(
        { ...errorFields(err), requestId, method: req.method, path: req.path },
        'request failed',
      );
    }
    res.status(mapped.status);
    if ('headers' in mapped && mapped.headers) res.set(mapped.headers);
    res.json(mapped.body);
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
