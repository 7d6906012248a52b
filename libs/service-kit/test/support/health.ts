import * as grpc from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';

const HealthClient = grpc.makeGenericClientConstructor(
  healthService as unknown as grpc.ServiceDefinition,
  'Health',
) as unknown as new (
  address: string,
  credentials: grpc.ChannelCredentials,
) => grpc.Client & {
  check(
    request: { service: string },
    options: Partial<grpc.CallOptions>,
    callback: (err: grpc.ServiceError | null, value?: { status: string }) => void,
  ): void;
};

/** grpc.health.v1 Check against `address`. */
export async function checkHealth(address: string, service = '', deadlineMs = 2000) {
  const client = new HealthClient(address, grpc.credentials.createInsecure());
  try {
    return await new Promise<{ status: string }>((resolve, reject) =>
      client.check({ service }, { deadline: Date.now() + deadlineMs }, (err, value) =>
        err ? reject(err) : resolve(value!),
      ),
    );
  } finally {
    client.close();
  }
}
