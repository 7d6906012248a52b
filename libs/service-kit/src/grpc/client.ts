import * as grpc from '@grpc/grpc-js';
import { context, propagation, type TextMapSetter } from '@opentelemetry/api';
import { currentContext } from '@xinfang/principal';
import { currentCallerToken } from '../auth/caller-token';

export interface GrpcClientOptions {
  /** The service's own token (ServiceTokenProvider.token), used outside a caller's request. */
  token?: () => Promise<string>;
  /** Deadline of calls that set none; default 5 s. */
  deadlineMs?: number;
  /** Call on behalf of the current request's caller with their token; default true. */
  propagateCallerToken?: boolean;
  credentials?: grpc.ChannelCredentials;
  channelOptions?: grpc.ChannelOptions;
}

type ClientConstructor<C> = new (
  address: string,
  credentials: grpc.ChannelCredentials,
  options?: Partial<grpc.ClientOptions>,
) => C;

const metadataSetter: TextMapSetter<grpc.Metadata> = {
  set: (carrier, key, value) => carrier.set(key, value),
};

/**
 * A client of another xinfang service (a ts-proto generated client class). Every call gets a
 * deadline, `authorization: Bearer` (the caller's token inside a request, else the service token),
 * the request id and the trace context.
 */
export function createGrpcClient<C extends grpc.Client>(
  Client: ClientConstructor<C>,
  address: string,
  options: GrpcClientOptions = {},
): C {
  return new Client(address, options.credentials ?? grpc.credentials.createInsecure(), {
    ...options.channelOptions,
    interceptors: [clientInterceptor(options)],
  });
}

export function clientInterceptor(options: GrpcClientOptions): grpc.Interceptor {
  const deadlineMs = options.deadlineMs ?? 5000;
  const propagate = options.propagateCallerToken ?? true;
  return (callOptions, nextCall) => {
    const deadline = callOptions.deadline ?? Date.now() + deadlineMs;
    // Captured now: the metadata is completed after an await, outside the caller's context.
    const callerToken = propagate ? currentCallerToken() : undefined;
    const requestId = currentContext()?.requestId;
    const traceContext = context.active();
    const inner = nextCall({ ...callOptions, deadline });
    return new grpc.InterceptingCall(inner, {
      start(metadata, listener, next) {
        const token = callerToken
          ? Promise.resolve(callerToken)
          : (options.token?.() ?? Promise.resolve(undefined));
        token.then(
          (value) => {
            if (value && metadata.get('authorization').length === 0) {
              metadata.set('authorization', `Bearer ${value}`);
            }
            if (requestId && metadata.get('x-request-id').length === 0) {
              metadata.set('x-request-id', requestId);
            }
            propagation.inject(traceContext, metadata, metadataSetter);
            next(metadata, listener);
          },
          (err: unknown) => {
            const details = `no token for the call: ${err instanceof Error ? err.message : String(err)}`;
            // the call never started: end it (clearing its deadline timer) and tell the caller
            inner.cancelWithStatus(grpc.status.UNAVAILABLE, details);
            listener.onReceiveStatus({
              code: grpc.status.UNAVAILABLE,
              details,
              metadata: new grpc.Metadata(),
            });
          },
        );
      },
    });
  };
}
