import * as grpc from '@grpc/grpc-js';
import { asDomainError, GrpcCode, isGrpcError, ISSUES_METADATA_KEY } from '../errors';

const CODE_OF = {
  validation: grpc.status.INVALID_ARGUMENT,
  not_found: grpc.status.NOT_FOUND,
  forbidden: grpc.status.PERMISSION_DENIED,
  unauthenticated: grpc.status.UNAUTHENTICATED,
  conflict: grpc.status.ALREADY_EXISTS,
  precondition: grpc.status.FAILED_PRECONDITION,
  rate_limited: grpc.status.RESOURCE_EXHAUSTED,
} as const;

/** Failures of a downstream call that keep their meaning when passed on. */
const PASSED_ON: ReadonlySet<number> = new Set([
  GrpcCode.CANCELLED,
  GrpcCode.DEADLINE_EXCEEDED,
  GrpcCode.UNAVAILABLE,
]);

export interface GrpcStatusError {
  code: grpc.status;
  details: string;
  metadata: grpc.Metadata;
}

/**
 * The one place an error becomes a gRPC status. Validation issues travel in the
 * `xinfang-issues-bin` trailer; unknown errors become INTERNAL naming only the request id.
 */
export function grpcStatusOf(err: unknown, requestId: string): GrpcStatusError {
  const metadata = new grpc.Metadata();
  const domain = asDomainError(err);
  if (domain) {
    if (domain.code === 'validation' && 'issues' in domain) {
      metadata.set(ISSUES_METADATA_KEY, Buffer.from(JSON.stringify(domain.issues), 'utf8'));
    }
    return { code: CODE_OF[domain.code], details: domain.message, metadata };
  }
  if (isGrpcError(err) && PASSED_ON.has(err.code)) {
    return { code: err.code, details: err.details ?? err.message, metadata };
  }
  return { code: grpc.status.INTERNAL, details: `internal error (request ${requestId})`, metadata };
}
