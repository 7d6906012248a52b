import * as grpc from '@grpc/grpc-js';
import { z } from 'zod';
import {
  ConflictError,
  PreconditionError,
  RateLimitedError,
  ValidationError,
} from '@xinfang/kernel';
import { grpcStatusOf, httpErrorOf, peerIp, validationErrorFromZod } from '@xinfang/service-kit';

describe('validationErrorFromZod', () => {
  const schema = z.strictObject({
    petitioners: z.array(z.object({ idNumber: z.string().length(18) })),
  });

  it('names nested fields by dotted path and expands unknown keys', () => {
    const parsed = schema.safeParse({ petitioners: [{ idNumber: '1' }], extra: 1, more: 2 });
    const err = validationErrorFromZod('body', parsed.error!);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.issues).toEqual(
      expect.arrayContaining([
        { field: 'body.petitioners.0.idNumber', reason: expect.stringContaining('18') },
        { field: 'body.extra', reason: 'is not allowed' },
        { field: 'body.more', reason: 'is not allowed' },
      ]),
    );
  });
});

describe('status mapping', () => {
  it.each([
    [new ConflictError('duplicate'), grpc.status.ALREADY_EXISTS, 409],
    [new PreconditionError('window closed'), grpc.status.FAILED_PRECONDITION, 422],
    [new RateLimitedError('slow down'), grpc.status.RESOURCE_EXHAUSTED, 429],
  ])('maps %p to gRPC %i and HTTP %i', (err, code, status) => {
    expect(grpcStatusOf(err, 'r').code).toBe(code);
    expect(httpErrorOf(err, 'r').status).toBe(status);
  });

  it('passes an unavailable downstream on as 503, other gRPC failures as 500', () => {
    const unavailable = Object.assign(new Error('14 UNAVAILABLE'), {
      code: grpc.status.UNAVAILABLE,
      details: 'connection refused',
      metadata: new grpc.Metadata(),
    });
    expect(httpErrorOf(unavailable, 'r').status).toBe(503);
    expect(grpcStatusOf(unavailable, 'r').code).toBe(grpc.status.UNAVAILABLE);
    const internal = Object.assign(new Error('13 INTERNAL'), {
      code: grpc.status.INTERNAL,
      details: 'boom',
      metadata: new grpc.Metadata(),
    });
    expect(httpErrorOf(internal, 'r')).toEqual({
      status: 500,
      body: { error: 'internal', requestId: 'r' },
    });
  });
});

describe('peerIp', () => {
  it('reads IPv4 and IPv6 peers', () => {
    expect(peerIp('ipv4:10.0.0.7:53122')).toBe('10.0.0.7');
    expect(peerIp('ipv6:[::1]:5000')).toBe('::1');
    expect(peerIp('unix:/tmp/sock')).toBeUndefined();
  });
});
