import * as grpc from '@grpc/grpc-js';

/** A gRPC service with JSON messages, so the tests need no generated code. */
function method<Req, Res>(name: string, responseStream = false): grpc.MethodDefinition<Req, Res> {
  const serialize = (value: unknown) => Buffer.from(JSON.stringify(value ?? {}), 'utf8');
  const deserialize = (buffer: Buffer) => JSON.parse(buffer.toString('utf8') || '{}');
  return {
    path: `/xinfang.test.v1.Echo/${name}`,
    requestStream: false,
    responseStream,
    requestSerialize: serialize,
    requestDeserialize: deserialize,
    responseSerialize: serialize,
    responseDeserialize: deserialize,
    originalName: name.charAt(0).toLowerCase() + name.slice(1),
  };
}

export interface WhoAmIResponse {
  subject: string;
  tenantId: string | null;
  requestId?: string;
  authorization?: string;
}

export const EchoService = {
  whoAmI: method<{ fail?: string; delayMs?: number }, WhoAmIResponse>('WhoAmI'),
  relay: method<Record<string, never>, WhoAmIResponse>('Relay'),
  count: method<{ upTo: number; failAt?: number }, { n: number }>('Count', true),
} satisfies grpc.ServiceDefinition;

export const EchoClient = grpc.makeGenericClientConstructor(EchoService, 'Echo') as unknown as new (
  address: string,
  credentials: grpc.ChannelCredentials,
  options?: Partial<grpc.ClientOptions>,
) => grpc.Client & {
  whoAmI(
    request: { fail?: string; delayMs?: number },
    metadata: grpc.Metadata,
    options: Partial<grpc.CallOptions>,
    callback: (err: grpc.ServiceError | null, value?: WhoAmIResponse) => void,
  ): grpc.ClientUnaryCall;
  relay(
    request: Record<string, never>,
    metadata: grpc.Metadata,
    options: Partial<grpc.CallOptions>,
    callback: (err: grpc.ServiceError | null, value?: WhoAmIResponse) => void,
  ): grpc.ClientUnaryCall;
  count(
    request: { upTo: number; failAt?: number },
    metadata: grpc.Metadata,
  ): grpc.ClientReadableStream<{ n: number }>;
};

export type EchoClientType = InstanceType<typeof EchoClient>;

/** Promisified unary call. */
export function call<Res>(
  invoke: (
    metadata: grpc.Metadata,
    options: Partial<grpc.CallOptions>,
    callback: (err: grpc.ServiceError | null, value?: Res) => void,
  ) => unknown,
  metadata = new grpc.Metadata(),
  options: Partial<grpc.CallOptions> = {},
): Promise<Res> {
  return new Promise((resolve, reject) => {
    invoke(metadata, options, (err, value) => (err ? reject(err) : resolve(value as Res)));
  });
}
