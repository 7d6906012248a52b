import * as grpc from '@grpc/grpc-js';
import { NotFoundError, ValidationError } from '@xinfang/kernel';
import { currentContext, currentPrincipal } from '@xinfang/principal';
import {
  createGrpcClient,
  createGrpcServer,
  fromGrpcError,
  grpcUnary,
  runWithCallerToken,
  type GrpcServer,
} from '@xinfang/service-kit';
import {
  call,
  EchoClient,
  EchoService,
  type EchoClientType,
  type WhoAmIResponse,
} from './support/echo-service';
import { checkHealth } from './support/health';
import { memoryLogger, verifier } from './support/static-token-verifier';

const bearer = (token: string) => {
  const md = new grpc.Metadata();
  md.set('authorization', `Bearer ${token}`);
  return md;
};

describe('gRPC server and client', () => {
  let server: GrpcServer;
  let port: number;
  let client: EchoClientType;
  let downstream: EchoClientType;
  const logger = memoryLogger();
  const serviceToken = jest.fn(async () => 'analyst-token');

  beforeAll(async () => {
    server = createGrpcServer({
      logger,
      auth: verifier,
      serviceName: 'test',
      services: [
        {
          definition: EchoService,
          roles: { relay: ['clerk'] },
          implementation: {
            whoAmI: grpcUnary(async (request: { fail?: string; delayMs?: number }, unary) => {
              if (request.delayMs) await new Promise((r) => setTimeout(r, request.delayMs));
              if (request.fail === 'not_found') throw new NotFoundError('case', 'c-9');
              if (request.fail === 'validation') {
                throw new ValidationError('request.caseId', 'is required');
              }
              if (request.fail === 'bug') throw new Error('secret stack detail');
              const p = currentPrincipal();
              return {
                subject: p.subject,
                tenantId: p.tenantId,
                requestId: currentContext()?.requestId,
                authorization: String(unary.metadata.get('authorization')[0]),
              } satisfies WhoAmIResponse;
            }),
            // calls whoAmI on the same server, as one service calls another
            relay: grpcUnary(async () =>
              call<WhoAmIResponse>((md, o, cb) => downstream.whoAmI({}, md, o, cb)),
            ),
            count: (
              stream: grpc.ServerWritableStream<{ upTo: number; failAt?: number }, { n: number }>,
            ) => {
              for (let n = 1; n <= stream.request.upTo; n++) {
                if (n === stream.request.failAt) {
                  stream.emit('error', new NotFoundError('number', String(n)));
                  return;
                }
                stream.write({ n });
              }
              stream.end();
            },
          },
        },
      ],
    });
    port = await server.listen(0, '127.0.0.1');
    client = new EchoClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    downstream = createGrpcClient(EchoClient, `127.0.0.1:${port}`, { token: serviceToken });
  });

  afterAll(async () => {
    client.close();
    downstream.close();
    await server.shutdown(1000);
  });

  it('serves a caller with a valid token, principal in the request context', async () => {
    const md = bearer('clerk-token');
    md.set('x-request-id', 'grpc-req-1');
    const res = await call<WhoAmIResponse>((m, o, cb) => client.whoAmI({}, m, o, cb), md);
    expect(res).toMatchObject({ subject: 'u-clerk', tenantId: '441481', requestId: 'grpc-req-1' });
  });

  it('refuses a call without or with a bad token as UNAUTHENTICATED', async () => {
    await expect(call((m, o, cb) => client.whoAmI({}, m, o, cb))).rejects.toMatchObject({
      code: grpc.status.UNAUTHENTICATED,
      details: 'missing bearer token',
    });
    await expect(
      call((m, o, cb) => client.whoAmI({}, m, o, cb), bearer('forged')),
    ).rejects.toMatchObject({ code: grpc.status.UNAUTHENTICATED });
  });

  it('refuses a caller without the method role as PERMISSION_DENIED', async () => {
    await expect(
      call((m, o, cb) => client.relay({}, m, o, cb), bearer('analyst-token')),
    ).rejects.toMatchObject({ code: grpc.status.PERMISSION_DENIED });
  });

  it('maps domain errors to status codes and back', async () => {
    const notFound = await call(
      (m, o, cb) => client.whoAmI({ fail: 'not_found' }, m, o, cb),
      bearer('clerk-token'),
    ).catch((e: unknown) => e);
    expect(notFound).toMatchObject({ code: grpc.status.NOT_FOUND, details: 'case c-9 not found' });
    expect(fromGrpcError(notFound)).toBeInstanceOf(NotFoundError);

    const invalid = await call(
      (m, o, cb) => client.whoAmI({ fail: 'validation' }, m, o, cb),
      bearer('clerk-token'),
    ).catch((e: unknown) => e);
    expect(invalid).toMatchObject({ code: grpc.status.INVALID_ARGUMENT });
    const back = fromGrpcError(invalid);
    expect(back).toBeInstanceOf(ValidationError);
    expect((back as ValidationError).issues).toEqual([
      { field: 'request.caseId', reason: 'is required' },
    ]);
  });

  it('answers an unexpected error with INTERNAL without its message, and logs it', async () => {
    const err = await call(
      (m, o, cb) => client.whoAmI({ fail: 'bug' }, m, o, cb),
      bearer('clerk-token'),
    ).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: grpc.status.INTERNAL });
    expect((err as grpc.ServiceError).details).not.toContain('secret');
    expect(
      logger.lines.some(
        (l) => l.level === 'error' && JSON.stringify(l.obj).includes('secret stack detail'),
      ),
    ).toBe(true);
  });

  it('maps an error emitted on a server stream', async () => {
    const stream = client.count({ upTo: 5, failAt: 3 }, bearer('clerk-token'));
    const seen: number[] = [];
    const status = await new Promise<grpc.ServiceError>((resolve) => {
      stream.on('data', (m: { n: number }) => seen.push(m.n));
      stream.on('error', resolve);
    });
    expect(seen).toEqual([1, 2]);
    expect(status.code).toBe(grpc.status.NOT_FOUND);
  });

  it('client: propagates the caller token inside a request, else uses the service token', async () => {
    const relayed = await call<WhoAmIResponse>(
      (m, o, cb) => client.relay({}, m, o, cb),
      bearer('clerk-token'),
    );
    expect(relayed).toMatchObject({ subject: 'u-clerk', authorization: 'Bearer clerk-token' });

    serviceToken.mockClear();
    const own = await call<WhoAmIResponse>((m, o, cb) => downstream.whoAmI({}, m, o, cb));
    expect(own).toMatchObject({ subject: 'u-analyst', authorization: 'Bearer analyst-token' });
    expect(serviceToken).toHaveBeenCalledTimes(1);

    const asCaller = await runWithCallerToken('clerk-token', () =>
      call<WhoAmIResponse>((m, o, cb) => downstream.whoAmI({}, m, o, cb)),
    );
    expect(asCaller.subject).toBe('u-clerk');
  });

  it('client: applies the default deadline', async () => {
    const hasty = createGrpcClient(EchoClient, `127.0.0.1:${port}`, {
      token: async () => 'clerk-token',
      deadlineMs: 100,
    });
    try {
      await expect(
        call((m, o, cb) => hasty.whoAmI({ delayMs: 500 }, m, o, cb)),
      ).rejects.toMatchObject({ code: grpc.status.DEADLINE_EXCEEDED });
    } finally {
      hasty.close();
    }
  });

  it('client: a failing token source fails the call as UNAVAILABLE', async () => {
    const broken = createGrpcClient(EchoClient, `127.0.0.1:${port}`, {
      token: async () => {
        throw new Error('keycloak down');
      },
    });
    try {
      await expect(call((m, o, cb) => broken.whoAmI({}, m, o, cb))).rejects.toMatchObject({
        code: grpc.status.UNAVAILABLE,
        details: expect.stringContaining('keycloak down'),
      });
    } finally {
      broken.close();
    }
  });

  it('serves grpc.health.v1 for the server and each service', async () => {
    const address = `127.0.0.1:${port}`;
    expect(await checkHealth(address)).toEqual({ status: 'SERVING' });
    expect(await checkHealth(address, 'xinfang.test.v1.Echo')).toEqual({ status: 'SERVING' });
    await expect(checkHealth(address, 'xinfang.test.v1.Nope')).rejects.toMatchObject({
      code: grpc.status.NOT_FOUND,
    });
  });
});

describe('gRPC shutdown', () => {
  it('lets calls in flight finish, then refuses new ones', async () => {
    const server = createGrpcServer({
      logger: memoryLogger(),
      auth: verifier,
      services: [
        {
          definition: EchoService,
          implementation: {
            whoAmI: grpcUnary(async (request: { delayMs?: number }) => {
              await new Promise((r) => setTimeout(r, request.delayMs ?? 0));
              return { subject: currentPrincipal().subject, tenantId: null };
            }),
            relay: grpcUnary(async () => ({ subject: '', tenantId: null })),
            count: (stream: grpc.ServerWritableStream<unknown, unknown>) => stream.end(),
          },
        },
      ],
    });
    const port = await server.listen(0, '127.0.0.1');
    const client = new EchoClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    try {
      const inFlight = call<WhoAmIResponse>(
        (m, o, cb) => client.whoAmI({ delayMs: 300 }, m, o, cb),
        bearer('clerk-token'),
      );
      await new Promise((r) => setTimeout(r, 100));
      const stopped = server.shutdown(5000);
      await expect(inFlight).resolves.toMatchObject({ subject: 'u-clerk' });
      await stopped;
      await expect(
        call((m, o, cb) => client.whoAmI({}, m, o, cb), bearer('clerk-token'), {
          deadline: Date.now() + 500,
        }),
      ).rejects.toMatchObject({ code: expect.any(Number) });
    } finally {
      client.close();
    }
  });
});
