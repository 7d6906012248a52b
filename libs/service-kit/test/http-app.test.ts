import request from 'supertest';
import { z } from 'zod';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PreconditionError,
  RateLimitedError,
  UnauthenticatedError,
  ValidationError,
} from '@xinfang/kernel';
import { currentPrincipal, ROLES } from '@xinfang/principal';
import {
  createHttpApp,
  PayloadTooLargeError,
  route,
  type HttpAppOptions,
  type Route,
} from '@xinfang/service-kit';
import { memoryLogger, verifier } from './support/static-token-verifier';

const Petitioner = z.object({
  name: z.string().min(1),
  idNumber: z.string().regex(/^\d{17}[\dX]$/, 'must be an 18-character resident ID number'),
});

const RegisterCase = z.object({
  channel: z.enum(['letter', 'visit', 'online', 'phone', 'referral']),
  petitioners: z.array(Petitioner).min(1).max(5),
  summary: z.string().min(1).max(2000),
});

const CaseView = z.object({ caseId: z.string(), tenantId: z.string(), channel: z.string() });

const routes: Route[] = [
  route({
    method: 'post',
    path: '/cases',
    summary: 'Register a case',
    tags: ['cases'],
    auth: { roles: [ROLES.clerk] },
    body: RegisterCase,
    responses: { 201: CaseView },
    handler: async ({ body, principal }) => ({
      status: 201,
      body: {
        caseId: 'c-1',
        tenantId: principal.tenantId ?? '',
        channel: body.channel,
        // not in CaseView: must never reach the client
        idNumbers: body.petitioners.map((p) => p.idNumber),
      } as z.input<typeof CaseView>,
    }),
  }),
  route({
    method: 'get',
    path: '/cases/:caseId',
    summary: 'Read a case',
    auth: { roles: [] },
    params: z.object({ caseId: z.string().regex(/^c-\d+$/, 'must look like c-<n>') }),
    query: z.object({ include: z.enum(['timeline']).optional() }),
    responses: { 200: CaseView },
    // reads the principal from the request context, as the data layer does
    handler: async ({ params }) => ({
      status: 200,
      body: {
        caseId: params.caseId,
        tenantId: currentPrincipal().tenantId ?? '',
        channel: 'letter',
      },
    }),
  }),
  route({
    method: 'delete',
    path: '/cases/:caseId',
    summary: 'Withdraw a case',
    auth: { roles: [ROLES.clerk] },
    responses: { 204: { description: 'Withdrawn' } },
    handler: async () => ({ status: 204 }),
  }),
  route({
    method: 'get',
    path: '/fail/:kind',
    summary: 'Throws the error named by kind',
    auth: 'public',
    rateLimit: false,
    responses: { 200: z.object({}) },
    handler: async ({ params }) => {
      throw errorOfKind(params.kind!);
    },
  }),
  route({
    method: 'get',
    path: '/portal/track',
    summary: 'Track a case with its query code',
    auth: 'public',
    query: z.object({ code: z.string().length(8) }),
    responses: { 200: z.object({ status: z.string() }) },
    handler: async ({ query, principal }) => ({
      status: 200,
      body: { status: principal === undefined ? `anonymous:${query.code}` : 'signed-in' },
    }),
  }),
  route({
    method: 'get',
    path: '/broken',
    summary: 'Answers a status it does not declare',
    auth: 'public',
    rateLimit: false,
    responses: { 200: z.object({ ok: z.boolean() }) },
    handler: async () => ({ status: 201, body: { ok: true } }) as never,
  }),
];

function errorOfKind(kind: string): Error {
  switch (kind) {
    case 'validation':
      return new ValidationError('body.channel', 'is not a channel');
    case 'unauthenticated':
      return new UnauthenticatedError('token expired');
    case 'forbidden':
      return new ForbiddenError('outside your region');
    case 'not_found':
      return new NotFoundError('case', 'c-9');
    case 'conflict':
      return new ConflictError('case already accepted');
    case 'precondition':
      return new PreconditionError('review window closed');
    case 'rate_limited':
      return new RateLimitedError('slow down');
    default:
      return new Error('database password is hunter2');
  }
}

function makeApp(overrides: Partial<HttpAppOptions> = {}) {
  const logger = memoryLogger();
  const app = createHttpApp({
    serviceName: 'intake',
    auth: verifier,
    routes,
    openapi: { title: 'xinfang intake', version: '1.0.0', description: 'Registration' },
    ready: async () => true,
    logger,
    rateLimit: { windowMs: 60_000, limit: 3 },
    ...overrides,
  });
  return { app, logger };
}

const validCase = {
  channel: 'letter',
  petitioners: [{ name: '张三', idNumber: '44148119800101123X' }],
  summary: '土地征收补偿问题',
};

describe('probes and documents', () => {
  it('answers liveness without a token', async () => {
    const res = await request(makeApp().app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', service: 'intake' });
  });

  it('reports readiness from the ready check', async () => {
    expect((await request(makeApp().app).get('/readyz')).status).toBe(200);
    const notReady = makeApp({ ready: async () => false });
    expect((await request(notReady.app).get('/readyz')).body).toEqual({ status: 'not_ready' });
    const failing = makeApp({ ready: () => Promise.reject(new Error('mongo down')) });
    const res = await request(failing.app).get('/readyz');
    expect(res.status).toBe(503);
    expect(failing.logger.lines.some((l) => l.level === 'warn')).toBe(true);
  });

  it('treats a ready check that hangs as not ready', async () => {
    const hanging = makeApp({ ready: () => new Promise(() => {}), readyTimeoutMs: 50 });
    expect((await request(hanging.app).get('/readyz')).status).toBe(503);
  });

  it('answers an unknown route with a JSON 404', async () => {
    const res = await request(makeApp().app).get('/nowhere');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: 'not_found', message: 'no route GET /nowhere' });
  });

  it('echoes a well-formed x-request-id and generates one otherwise', async () => {
    const { app } = makeApp();
    const echoed = await request(app).get('/healthz').set('x-request-id', 'req-123');
    expect(echoed.headers['x-request-id']).toBe('req-123');
    const generated = await request(app).get('/healthz').set('x-request-id', 'bad id with spaces');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sets the helmet security headers', async () => {
    const res = await request(makeApp().app).get('/healthz');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});

describe('OpenAPI document', () => {
  it('documents paths, schemas, roles and the bearer scheme', async () => {
    const res = await request(makeApp().app).get('/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toEqual({
      title: 'xinfang intake',
      version: '1.0.0',
      description: 'Registration',
    });
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/cases', '/cases/{caseId}', '/portal/track']),
    );

    const register = doc.paths['/cases'].post;
    expect(register.security).toEqual([{ bearer: [] }]);
    expect(register['x-required-roles']).toEqual(['clerk']);
    const body = register.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(expect.arrayContaining(['channel', 'petitioners', 'summary']));
    expect(body.properties.channel.enum).toEqual([
      'letter',
      'visit',
      'online',
      'phone',
      'referral',
    ]);
    expect(body.properties.petitioners.items.properties.idNumber.pattern).toBe('^\\d{17}[\\dX]$');
    expect(Object.keys(register.responses)).toEqual(
      expect.arrayContaining(['201', '400', '401', '403', '500']),
    );
    expect(register.responses['400'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/Error',
    });

    const read = doc.paths['/cases/{caseId}'].get;
    expect(read.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ in: 'path', name: 'caseId', required: true }),
        expect.objectContaining({ in: 'query', name: 'include', required: false }),
      ]),
    );
    const withdraw = doc.paths['/cases/{caseId}'].delete;
    expect(withdraw.parameters).toEqual([expect.objectContaining({ in: 'path', name: 'caseId' })]);
    expect(withdraw.responses['204']).toEqual({ description: 'Withdrawn' });

    const track = doc.paths['/portal/track'].get;
    expect(track.security).toEqual([]);
    expect(Object.keys(track.responses)).toEqual(expect.arrayContaining(['200', '400', '429']));
    expect(track.responses['401']).toBeUndefined();
  });
});

describe('authentication and roles', () => {
  it('refuses a request without a token with a JSON 401', async () => {
    const res = await request(makeApp().app).post('/cases').send(validCase);
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(res.body).toMatchObject({ error: 'unauthenticated', message: 'missing bearer token' });
  });

  it('refuses a token the verifier rejects and a non-bearer scheme', async () => {
    const { app } = makeApp();
    const forged = await request(app).post('/cases').set('authorization', 'Bearer forged').send({});
    expect(forged.status).toBe(401);
    expect(forged.body.error).toBe('unauthenticated');
    const basic = await request(app).post('/cases').set('authorization', 'Basic YTpi').send({});
    expect(basic.status).toBe(401);
  });

  it('authenticates before validating, so strangers learn nothing about the schema', async () => {
    const res = await request(makeApp().app).post('/cases').send({ channel: 'fax' });
    expect(res.status).toBe(401);
  });

  it('denies a caller without the route role with a 403 naming the roles', async () => {
    const res = await request(makeApp().app)
      .post('/cases')
      .set('authorization', 'Bearer analyst-token')
      .send(validCase);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: 'forbidden', requiredRoles: ['clerk'] });
    expect(res.body.message).toContain('clerk');
  });

  it('runs the handler with the principal, also in the request context', async () => {
    const { app } = makeApp();
    const created = await request(app)
      .post('/cases')
      .set('authorization', 'Bearer clerk-token')
      .send(validCase);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ caseId: 'c-1', tenantId: '441481', channel: 'letter' });

    const read = await request(app).get('/cases/c-7').set('authorization', 'bearer analyst-token');
    expect(read.status).toBe(200);
    // the analyst sits at city level: no single tenant
    expect(read.body).toEqual({ caseId: 'c-7', tenantId: '', channel: 'letter' });
  });

  it('answers 204 without a body', async () => {
    const res = await request(makeApp().app)
      .delete('/cases/c-1')
      .set('authorization', 'Bearer clerk-token');
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
  });

  it('logs each request with its subject but never the query string', async () => {
    const { app, logger } = makeApp();
    await request(app).get('/portal/track?code=ABCD1234');
    await request(app).get('/cases/c-1').set('authorization', 'Bearer clerk-token');
    const access = logger.lines.filter((l) => l.msg === 'http request');
    expect(access).toHaveLength(2);
    expect(access[0]!.obj).toMatchObject({ method: 'GET', path: '/portal/track', status: 200 });
    expect(JSON.stringify(access[0]!.obj)).not.toContain('ABCD1234');
    expect(access[1]!.obj).toMatchObject({ subject: 'u-clerk', route: '/cases/:caseId' });
  });
});

describe('validation', () => {
  const post = (body: unknown) =>
    request(makeApp().app)
      .post('/cases')
      .set('authorization', 'Bearer clerk-token')
      .send(body as object);

  it('names each bad field by its dotted path and the reason', async () => {
    const res = await post({
      channel: 'fax',
      petitioners: [{ name: '张三', idNumber: '123' }],
      summary: 'x',
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('validation');
    expect(res.body.issues).toEqual(
      expect.arrayContaining([
        { field: 'body.channel', reason: expect.stringContaining('letter') },
        {
          field: 'body.petitioners.0.idNumber',
          reason: 'must be an 18-character resident ID number',
        },
      ]),
    );
    expect(res.body.message).toContain('body.petitioners.0.idNumber');
  });

  it('says which required fields are missing', async () => {
    const res = await post({ channel: 'letter', petitioners: [{ name: '李四' }] });
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual(
      expect.arrayContaining([
        { field: 'body.petitioners.0.idNumber', reason: 'is required' },
        { field: 'body.summary', reason: 'is required' },
      ]),
    );
  });

  it('answers malformed JSON with a 400 naming the body', async () => {
    const res = await request(makeApp().app)
      .post('/cases')
      .set('authorization', 'Bearer clerk-token')
      .set('content-type', 'application/json')
      .send('{"channel": "letter",');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      error: 'validation',
      issues: [{ field: 'body', reason: 'is not valid JSON' }],
    });
  });

  it('refuses a body over the size limit with 413', async () => {
    const app = makeApp({ bodyLimit: 100 }).app;
    const res = await request(app)
      .post('/cases')
      .set('authorization', 'Bearer clerk-token')
      .send({ ...validCase, summary: 'x'.repeat(500) });
    expect(res.status).toBe(413);
    expect(res.body.error).toBe('payload_too_large');
  });

  it('validates path parameters and query strings', async () => {
    const res = await request(makeApp().app)
      .get('/cases/42?include=everything')
      .set('authorization', 'Bearer clerk-token');
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual(
      expect.arrayContaining([
        { field: 'params.caseId', reason: 'must look like c-<n>' },
        { field: 'query.include', reason: expect.any(String) },
      ]),
    );
  });
});

describe('error mapping', () => {
  it.each([
    ['validation', 400],
    ['unauthenticated', 401],
    ['forbidden', 403],
    ['not_found', 404],
    ['conflict', 409],
    ['precondition', 422],
    ['rate_limited', 429],
  ])('maps %s to %i with its code and message', async (kind, status) => {
    const res = await request(makeApp().app).get(`/fail/${kind}`);
    expect(res.status).toBe(status);
    expect(res.body.error).toBe(kind);
    expect(typeof res.body.message).toBe('string');
  });

  it('answers anything else with a 500 that leaks nothing and logs the error', async () => {
    const { app, logger } = makeApp();
    const res = await request(app).get('/fail/bug').set('x-request-id', 'req-500');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: 'internal', requestId: 'req-500' });
    expect(res.text).not.toContain('hunter2');
    const logged = logger.lines.find((l) => l.level === 'error');
    expect(logged?.obj).toMatchObject({ requestId: 'req-500' });
    expect(JSON.stringify(logged?.obj)).toContain('hunter2');
  });

  it('treats a status the route does not declare as an internal error', async () => {
    const res = await request(makeApp().app).get('/broken');
    expect(res.status).toBe(500);
  });
});

describe('rate limiting of public routes', () => {
  it('answers 429 in JSON once the limit is spent', async () => {
    const { app } = makeApp();
    for (let i = 0; i < 3; i++) {
      expect((await request(app).get('/portal/track?code=ABCD1234')).status).toBe(200);
    }
    const limited = await request(app).get('/portal/track?code=ABCD1234');
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ error: 'rate_limited' });
    expect(limited.headers['retry-after']).toBe('60');
  });
});

describe('raw body uploads', () => {
  const seen: { calls: number } = { calls: 0 };
  const upload = route({
    method: 'post',
    path: '/files',
    summary: 'Upload a file',
    auth: { roles: [ROLES.clerk] },
    query: z.object({ filename: z.string().min(1) }),
    rawBody: { limit: 64, types: ['application/pdf', 'image/png'] },
    responses: { 201: z.object({ size: z.number(), type: z.string(), first: z.string() }) },
    handler: async ({ rawBody }) => {
      seen.calls += 1;
      if (rawBody!.bytes.length > 32) throw new PayloadTooLargeError('body', 32);
      return {
        status: 201,
        body: {
          size: rawBody!.bytes.length,
          type: rawBody!.contentType,
          first: rawBody!.bytes.subarray(0, 4).toString('latin1'),
        },
      };
    },
  });
  const app = () => makeApp({ routes: [upload] }).app;

  it('hands the handler the bytes and their media type, parameters dropped', async () => {
    const res = await request(app())
      .post('/files?filename=a.pdf')
      .set('authorization', 'Bearer clerk-token')
      .set('content-type', 'Application/PDF; charset=binary')
      .send(Buffer.from('%PDF-1.4\n'));
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ size: 9, type: 'application/pdf', first: '%PDF' });
  });

  it('names contentType when the type is not accepted or missing', async () => {
    for (const type of ['text/plain', 'application/json']) {
      const res = await request(app())
        .post('/files?filename=a.txt')
        .set('authorization', 'Bearer clerk-token')
        .set('content-type', type)
        .send(type === 'application/json' ? '{}' : 'hello');
      expect(res.status).toBe(400);
      expect(res.body.issues).toEqual([{ field: 'contentType', reason: expect.any(String) }]);
    }
  });

  it('answers 413 naming the body over the route limit and over a limit the handler checks', async () => {
    const before = seen.calls;
    const tooBig = await request(app())
      .post('/files?filename=a.png')
      .set('authorization', 'Bearer clerk-token')
      .set('content-type', 'image/png')
      .send(Buffer.alloc(65));
    expect(tooBig.status).toBe(413);
    expect(tooBig.body).toMatchObject({ error: 'payload_too_large', issues: [{ field: 'body' }] });
    expect(seen.calls).toBe(before);

    const overHandlerLimit = await request(app())
      .post('/files?filename=a.png')
      .set('authorization', 'Bearer clerk-token')
      .set('content-type', 'image/png')
      .send(Buffer.alloc(40));
    expect(overHandlerLimit.status).toBe(413);
    expect(overHandlerLimit.body.issues).toEqual([
      { field: 'body', reason: 'must be at most 32 bytes' },
    ]);
  });

  it('authenticates and validates the query before reading the body', async () => {
    const anonymous = await request(app())
      .post('/files?filename=a.pdf')
      .set('content-type', 'application/pdf')
      .send(Buffer.from('%PDF'));
    expect(anonymous.status).toBe(401);
    const noName = await request(app())
      .post('/files')
      .set('authorization', 'Bearer clerk-token')
      .set('content-type', 'application/pdf')
      .send(Buffer.from('%PDF'));
    expect(noName.status).toBe(400);
    expect(noName.body.issues[0].field).toBe('query.filename');
  });

  it('documents the accepted media types as binary bodies and the 413', async () => {
    const doc = (await request(app()).get('/openapi.json')).body;
    const op = doc.paths['/files'].post;
    expect(Object.keys(op.requestBody.content)).toEqual(['application/pdf', 'image/png']);
    expect(op.requestBody.content['image/png'].schema).toEqual({
      type: 'string',
      format: 'binary',
    });
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['201', '400', '413']));
  });
});

describe('route typing', () => {
  it('types handler results by the declared responses', () => {
    const typed = route({
      method: 'get',
      path: '/typed',
      summary: 'typed',
      auth: 'public',
      responses: { 200: z.object({ ok: z.boolean() }), 204: { description: 'empty' } },
      handler: async ({ principal }) =>
        principal === undefined ? { status: 200, body: { ok: true } } : { status: 204 },
    });
    route({
      method: 'get',
      path: '/typed',
      summary: 'typed',
      auth: 'public',
      responses: { 200: z.object({ ok: z.boolean() }) },
      // @ts-expect-error the body does not match the 200 schema
      handler: async () => ({ status: 200, body: { ok: 'yes' } }),
    });
    route({
      method: 'get',
      path: '/typed',
      summary: 'typed',
      auth: 'public',
      responses: { 200: z.object({ ok: z.boolean() }) },
      // @ts-expect-error 201 is not a declared response
      handler: async () => ({ status: 201, body: { ok: true } }),
    });
    expect(typed.definition.path).toBe('/typed');
  });
});
