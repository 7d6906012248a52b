import { generateKeyPairSync, createSign } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import request from 'supertest';
import { currentPrincipal, ROLES } from '@xinfang/principal';
import {
  createGrpcClient,
  createGrpcServer,
  createHttpApp,
  grpcUnary,
  KeycloakTokenVerifier,
  route,
  ServiceTokenProvider,
  type GrpcServer,
  type TokenVerifier,
} from '@xinfang/service-kit';
import { z } from 'zod';
import { call, EchoClient, EchoService, type WhoAmIResponse } from './support/echo-service';
import { checkHealth } from './support/health';
import { memoryLogger } from './support/static-token-verifier';

// Against the real Keycloak of deploy/local/infra.sh with the realm of deploy/keycloak.
const KEYCLOAK_URL = process.env.KEYCLOAK_URL ?? 'http://127.0.0.1:18080';
const REALM = process.env.KEYCLOAK_REALM ?? 'xinfang';
const PASSWORD = 'Xinfang-Demo-2026';

async function passwordToken(username: string, clientId = 'xinfang-test'): Promise<string> {
  const res = await fetch(`${KEYCLOAK_URL}/realms/${REALM}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: clientId,
      username,
      password: PASSWORD,
    }).toString(),
  });
  const body = (await res.json()) as { access_token?: string; error_description?: string };
  if (!res.ok || !body.access_token) {
    throw new Error(
      `password grant for ${username} failed: ${res.status} ${body.error_description}`,
    );
  }
  return body.access_token;
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const partsOf = (token: string) => {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString()),
    payload: JSON.parse(Buffer.from(payload, 'base64url').toString()),
    rawHeader: header,
    rawPayload: payload,
    signature,
  };
};

function appWith(verifier: TokenVerifier) {
  const Me = z.object({
    username: z.string(),
    tenantId: z.string().nullable(),
    roles: z.array(z.string()),
    contextTenant: z.string().nullable(),
  });
  return createHttpApp({
    serviceName: 'service-kit-int',
    auth: verifier,
    logger: memoryLogger(),
    openapi: { title: 'auth test', version: '0.0.0' },
    ready: async () => true,
    routes: [
      route({
        method: 'get',
        path: '/me',
        summary: 'Who is calling',
        auth: { roles: [] },
        responses: { 200: Me },
        handler: async ({ principal }) => ({
          status: 200,
          body: {
            username: principal.username,
            tenantId: principal.tenantId,
            roles: [...principal.roles],
            contextTenant: currentPrincipal().tenantId,
          },
        }),
      }),
      route({
        method: 'get',
        path: '/supervision',
        summary: 'Supervisors only',
        auth: { roles: [ROLES.supervisor] },
        responses: { 200: z.object({ ok: z.boolean() }) },
        handler: async () => ({ status: 200, body: { ok: true } }),
      }),
    ],
  });
}

describe('Keycloak bearer authentication (real Keycloak)', () => {
  const verifier = new KeycloakTokenVerifier({
    url: KEYCLOAK_URL,
    realm: REALM,
    audience: 'xinfang-api',
  });
  const app = appWith(verifier);
  let clerkToken: string;

  beforeAll(async () => {
    clerkToken = await passwordToken('clerk.441481');
  });

  it('admits a valid token and builds the principal of tenant 441481', async () => {
    const res = await request(app).get('/me').set('authorization', `Bearer ${clerkToken}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      username: 'clerk.441481',
      tenantId: '441481',
      contextTenant: '441481',
    });
    expect(res.body.roles).toContain('clerk');
  });

  it('refuses a request without a token with a JSON 401', async () => {
    const res = await request(app).get('/me');
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/json/);
    expect(res.body.error).toBe('unauthenticated');
  });

  it('refuses garbage', async () => {
    for (const garbage of ['garbage', 'a.b.c', `${clerkToken}x`]) {
      const res = await request(app).get('/me').set('authorization', `Bearer ${garbage}`);
      expect(res.status).toBe(401);
      expect(res.body.error).toBe('unauthenticated');
    }
  });

  it('refuses the token re-issued with alg none', async () => {
    const { header, rawPayload } = partsOf(clerkToken);
    const unsigned = `${b64({ ...header, alg: 'none' })}.${rawPayload}.`;
    const res = await request(app).get('/me').set('authorization', `Bearer ${unsigned}`);
    expect(res.status).toBe(401);
    // and also when the header still claims RS256 but the signature is gone
    const stripped = `${partsOf(clerkToken).rawHeader}.${rawPayload}.`;
    const res2 = await request(app).get('/me').set('authorization', `Bearer ${stripped}`);
    expect(res2.status).toBe(401);
  });

  it('refuses a token signed with another key and a payload changed after signing', async () => {
    const { header, payload, rawHeader, signature } = partsOf(clerkToken);
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forgedInput = `${rawHeader}.${b64(payload)}`;
    const forged = `${forgedInput}.${createSign('RSA-SHA256').update(forgedInput).sign(privateKey, 'base64url')}`;
    expect((await request(app).get('/me').set('authorization', `Bearer ${forged}`)).status).toBe(
      401,
    );

    const widened = b64({
      ...payload,
      regions: ['/440000'],
      realm_access: { roles: ['operator'] },
    });
    const tampered = `${b64(header)}.${widened}.${signature}`;
    const res = await request(app).get('/me').set('authorization', `Bearer ${tampered}`);
    expect(res.status).toBe(401);
  });

  it('refuses a token once it has expired', async () => {
    const short = await passwordToken('clerk.441481', 'xinfang-test-short');
    expect((await request(app).get('/me').set('authorization', `Bearer ${short}`)).status).toBe(
      200,
    );
    await new Promise((r) => setTimeout(r, 4000));
    const res = await request(app).get('/me').set('authorization', `Bearer ${short}`);
    expect(res.status).toBe(401);
    expect(res.body.message).toContain('expired');
  });

  it('refuses a token issued for another audience or by another issuer', async () => {
    const otherAudience = appWith(
      new KeycloakTokenVerifier({ url: KEYCLOAK_URL, realm: REALM, audience: 'xinfang-elsewhere' }),
    );
    const res = await request(otherAudience)
      .get('/me')
      .set('authorization', `Bearer ${clerkToken}`);
    expect(res.status).toBe(401);
    expect(res.body.message).toContain('audience');

    const otherRealm = appWith(
      new KeycloakTokenVerifier({
        url: KEYCLOAK_URL,
        realm: 'master',
        audience: 'xinfang-api',
      }),
    );
    const res2 = await request(otherRealm).get('/me').set('authorization', `Bearer ${clerkToken}`);
    expect(res2.status).toBe(401);
    expect(res2.body.message).toContain('ISS');
  });

  it('answers 403 naming the role when the caller lacks it', async () => {
    const res = await request(app).get('/supervision').set('authorization', `Bearer ${clerkToken}`);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: 'forbidden', requiredRoles: ['supervisor'] });
    const supervisor = await passwordToken('supervisor.441400');
    const ok = await request(app).get('/supervision').set('authorization', `Bearer ${supervisor}`);
    expect(ok.status).toBe(200);
  });
});

describe('gRPC with Keycloak tokens (real Keycloak)', () => {
  let server: GrpcServer;
  let address: string;
  let clerkToken: string;

  beforeAll(async () => {
    clerkToken = await passwordToken('clerk.441481');
    server = createGrpcServer({
      logger: memoryLogger(),
      auth: new KeycloakTokenVerifier({ url: KEYCLOAK_URL, realm: REALM, audience: 'xinfang-api' }),
      services: [
        {
          definition: EchoService,
          implementation: {
            whoAmI: grpcUnary(async () => {
              const p = currentPrincipal();
              return { subject: p.username, tenantId: p.tenantId } satisfies WhoAmIResponse;
            }),
            relay: grpcUnary(async () => ({ subject: '', tenantId: null })),
            count: (stream: grpc.ServerWritableStream<unknown, unknown>) => stream.end(),
          },
        },
      ],
    });
    address = `127.0.0.1:${await server.listen(0, '127.0.0.1')}`;
  });

  afterAll(() => server.shutdown(1000));

  it('answers a call with a token and refuses one without', async () => {
    const client = new EchoClient(address, grpc.credentials.createInsecure());
    try {
      const md = new grpc.Metadata();
      md.set('authorization', `Bearer ${clerkToken}`);
      const res = await call<WhoAmIResponse>((m, o, cb) => client.whoAmI({}, m, o, cb), md);
      expect(res).toEqual({ subject: 'clerk.441481', tenantId: '441481' });
      await expect(call((m, o, cb) => client.whoAmI({}, m, o, cb))).rejects.toMatchObject({
        code: grpc.status.UNAUTHENTICATED,
      });
    } finally {
      client.close();
    }
  });

  it('calls with a client-credentials service token from ServiceTokenProvider', async () => {
    const tokens = new ServiceTokenProvider({
      keycloakUrl: KEYCLOAK_URL,
      realm: REALM,
      clientId: 'xinfang-intake',
      clientSecret: process.env.XINFANG_INTAKE_CLIENT_SECRET ?? 'xinfang-intake-secret',
    });
    const client = createGrpcClient(EchoClient, address, { token: tokens.token });
    try {
      const res = await call<WhoAmIResponse>((m, o, cb) => client.whoAmI({}, m, o, cb));
      expect(res.subject).toBe('service-account-xinfang-intake');
      expect(await tokens.token()).toBe(await tokens.token());
    } finally {
      client.close();
    }
  });

  it('serves grpc.health.v1 as SERVING', async () => {
    expect(await checkHealth(address)).toEqual({ status: 'SERVING' });
  });
});
