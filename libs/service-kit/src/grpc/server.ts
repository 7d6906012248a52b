import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { context, propagation, trace, type TextMapGetter } from '@opentelemetry/api';
import { HealthImplementation } from 'grpc-health-check';
import type { Role } from '@xinfang/principal';
import {
  authenticate,
  requireRoles,
  runAuthenticated,
  type AuthenticatedCall,
} from '../auth/authenticate';
import { bearerToken, type TokenVerifier } from '../auth/token-verifier';
import type { Closer } from '../lifecycle';
import { errorFields, type Logger } from '../logger';
import { grpcStatusOf } from './status';

export interface GrpcServiceRegistration {
  definition: grpc.ServiceDefinition;
  implementation: grpc.UntypedServiceImplementation;
  /** Roles per method (implementation key, e.g. `getCase`); absent means any authenticated caller. */
  roles?: Partial<Record<string, readonly Role[]>>;
}

export interface GrpcServerOptions {
  services: readonly GrpcServiceRegistration[];
  auth: TokenVerifier;
  logger: Logger;
  serviceName?: string;
  serverOptions?: grpc.ServerOptions;
}

export interface GrpcServer {
  readonly server: grpc.Server;
  readonly health: HealthImplementation;
  /** Binds (0 picks a free port), marks every service SERVING and resolves the bound port. */
  listen(port: number, host?: string): Promise<number>;
  /** NOT_SERVING, then lets calls in flight finish for up to `graceMs` before cancelling them. */
  shutdown(graceMs?: number): Promise<void>;
  closer(name?: string): Closer;
}

type AnyCall = {
  metadata: grpc.Metadata;
  getDeadline(): grpc.Deadline;
  getPeer(): string;
  getPath(): string;
};
type Callback = (err: unknown, value?: unknown, trailer?: grpc.Metadata, flags?: number) => void;
type AnyHandler = (call: AnyCall, callback?: Callback) => unknown;

/**
 * The service's gRPC server with grpc.health.v1. Every method of the registered services is
 * wrapped: deadline check, bearer token verified like HTTP, role check, principal in the request
 * context, trace context from `traceparent`, domain errors mapped to status codes, one log line.
 */
export function createGrpcServer(options: GrpcServerOptions): GrpcServer {
  const server = new grpc.Server(options.serverOptions);
  const health = new HealthImplementation({ '': 'NOT_SERVING' });
  health.addToServer(server);
  const serviceNames: string[] = [];
  for (const registration of options.services) {
    const wrapped: grpc.UntypedServiceImplementation = {};
    let serviceName = '';
    for (const [key, method] of Object.entries(registration.definition)) {
      serviceName ||= method.path.split('/')[1] ?? '';
      const impl = registration.implementation[key] as AnyHandler | undefined;
      if (!impl) throw new Error(`${method.path} has no implementation (${key})`);
      const roles = registration.roles?.[key] ?? [];
      wrapped[key] = wrapHandler(method, impl, roles, options) as grpc.UntypedHandleCall;
    }
    serviceNames.push(serviceName);
    server.addService(registration.definition, wrapped);
  }

  const shutdown = async (graceMs = 10_000) => {
    for (const name of ['', ...serviceNames]) health.setStatus(name, 'NOT_SERVING');
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        options.logger.warn({ graceMs }, 'gRPC calls still running, cancelling them');
        server.forceShutdown();
        resolve();
      }, graceMs);
      server.tryShutdown(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  };

  return {
    server,
    health,
    listen: (port, host = '0.0.0.0') =>
      new Promise((resolve, reject) => {
        server.bindAsync(
          `${host}:${port}`,
          grpc.ServerCredentials.createInsecure(),
          (err, bound) => {
            if (err) return reject(err);
            for (const name of ['', ...serviceNames]) health.setStatus(name, 'SERVING');
            resolve(bound);
          },
        );
      }),
    shutdown,
    closer: (name = 'grpc') => ({ name, close: () => shutdown() }),
  };
}

function wrapHandler(
  method: grpc.MethodDefinition<unknown, unknown>,
  impl: AnyHandler,
  roles: readonly Role[],
  options: GrpcServerOptions,
): AnyHandler {
  const path = method.path;
  const { logger } = options;
  const returnsStream = method.responseStream;

  return (call, callback) => {
    const started = process.hrtime.bigint();
    const incomingId = call.metadata.get('x-request-id')[0];
    const requestId =
      typeof incomingId === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(incomingId)
        ? incomingId
        : randomUUID();
    let subject: string | undefined;
    let settled = false;
    let emitOnStream: ((event: string | symbol, ...args: unknown[]) => boolean) | undefined;
    const log = (code: grpc.status, err?: unknown) => {
      const fields = {
        service: options.serviceName,
        requestId,
        method: path,
        code: grpc.status[code],
        durationMs: Number(process.hrtime.bigint() - started) / 1e6,
        subject,
      };
      if (code === grpc.status.INTERNAL || code === grpc.status.UNKNOWN) {
        logger.error({ ...fields, ...errorFields(err) }, 'grpc call failed');
      } else {
        logger.info(fields, 'grpc call');
      }
    };
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      const status = grpcStatusOf(err, requestId);
      log(status.code, err);
      if (emitOnStream) emitOnStream('error', status);
      else callback?.(status);
    };
    const succeed: Callback = (err, value, trailer, flags) => {
      if (err) return fail(err);
      if (settled) return;
      settled = true;
      log(grpc.status.OK);
      callback?.(null, value, trailer, flags);
    };

    if (returnsStream) {
      // Errors the handler emits on the stream are mapped like returned ones.
      const writable = call as unknown as NodeJS.EventEmitter;
      const emit = writable.emit.bind(writable);
      emitOnStream = emit;
      writable.emit = (event: string | symbol, ...args: unknown[]) => {
        if (event === 'error') {
          fail(args[0]);
          return true;
        }
        return emit(event, ...args);
      };
      writable.once('finish', () => {
        if (!settled) {
          settled = true;
          log(grpc.status.OK);
        }
      });
    }

    admit(call, roles, options.auth, requestId)
      .then((admitted) => {
        subject = admitted.principal.subject;
        runAuthenticated(admitted, () =>
          withRemoteTrace(call.metadata, () => {
            const result = returnsStream ? impl(call) : impl(call, succeed);
            if (result instanceof Promise) result.catch(fail);
          }),
        );
      })
      .catch(fail);
  };
}

async function admit(
  call: AnyCall,
  roles: readonly Role[],
  verifier: TokenVerifier,
  requestId: string,
): Promise<AuthenticatedCall> {
  const deadline = call.getDeadline();
  const deadlineMs = deadline instanceof Date ? deadline.getTime() : deadline;
  if (Number.isFinite(deadlineMs) && deadlineMs <= Date.now()) {
    throw Object.assign(new Error('deadline already passed'), {
      code: grpc.status.DEADLINE_EXCEEDED,
      details: 'deadline already passed',
      metadata: new grpc.Metadata(),
    });
  }
  const header = call.metadata.get('authorization')[0];
  const token = bearerToken(typeof header === 'string' ? header : undefined);
  const principal = await authenticate(verifier, token);
  requireRoles(principal, roles);
  return { principal, token, requestId, sourceIp: peerIp(call.getPeer()) };
}

/** `ipv4:10.0.0.7:53122` → `10.0.0.7`; `ipv6:[::1]:5000` → `::1`. */
export function peerIp(peer: string): string | undefined {
  const match = /^ipv[46]:\[?([^\]]+?)\]?:\d+$/.exec(peer);
  return match?.[1];
}

const metadataGetter: TextMapGetter<grpc.Metadata> = {
  keys: (carrier) => Object.keys(carrier.getMap()),
  get: (carrier, key) => {
    const values = carrier.get(key).filter((v): v is string => typeof v === 'string');
    return values.length > 1 ? values : values[0];
  },
};

/** Continues the caller's trace unless gRPC instrumentation already opened a server span. */
function withRemoteTrace<T>(metadata: grpc.Metadata, fn: () => T): T {
  if (trace.getSpan(context.active())) return fn();
  return context.with(propagation.extract(context.active(), metadata, metadataGetter), fn);
}

/**
 * Aborts when the caller cancels or the call's deadline passes, for handlers that pass it on to
 * database queries and downstream calls.
 */
export function deadlineSignal(call: {
  getDeadline(): grpc.Deadline;
  on(event: 'cancelled', listener: () => void): unknown;
}): AbortSignal {
  const controller = new AbortController();
  call.on('cancelled', () => controller.abort(new Error('call cancelled')));
  const deadline = call.getDeadline();
  const ms = (deadline instanceof Date ? deadline.getTime() : deadline) - Date.now();
  if (Number.isFinite(ms)) {
    const timer = setTimeout(
      () => controller.abort(new Error('deadline exceeded')),
      Math.max(0, ms),
    );
    timer.unref();
  }
  return controller.signal;
}

/** Adapts an async function to a unary handler; its rejections are mapped like thrown errors. */
export function grpcUnary<Req, Res>(
  fn: (request: Req, call: grpc.ServerUnaryCall<Req, Res>) => Promise<Res>,
): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    fn(call.request, call).then(
      (response) => callback(null, response),
      (err: unknown) => callback(err as grpc.ServerErrorResponse),
    );
  };
}
