import {
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  PreconditionError,
  RateLimitedError,
  UnauthenticatedError,
  ValidationError,
  type FieldIssue,
} from '@xinfang/kernel';
import type { z } from 'zod';

type DomainCode = DomainError['code'];

const DOMAIN_CODES: ReadonlySet<string> = new Set<DomainCode>([
  'validation',
  'not_found',
  'forbidden',
  'unauthenticated',
  'conflict',
  'precondition',
  'rate_limited',
]);

/** Also recognises domain errors from a second copy of the kernel (a bundled dependency). */
export function asDomainError(err: unknown): DomainError | undefined {
  if (err instanceof DomainError) return err;
  if (err instanceof Error && DOMAIN_CODES.has((err as { code?: unknown }).code as string)) {
    return err as DomainError;
  }
  return undefined;
}

/**
 * Turns zod issues into a ValidationError whose fields are dotted paths under `prefix`
 * (`body.petitioners.0.idNumber`), one issue per offending field.
 */
export function validationErrorFromZod(prefix: string, error: z.ZodError): ValidationError {
  const issues: FieldIssue[] = [];
  for (const issue of error.issues) {
    const field = [prefix, ...issue.path.map(String)].filter((s) => s !== '').join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        issues.push({ field: `${field}.${key}`, reason: 'is not allowed' });
    } else if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) {
      issues.push({ field, reason: 'is required' });
    } else {
      issues.push({ field, reason: issue.message });
    }
  }
  return new ValidationError(issues);
}

/** gRPC status codes used by the kit (numeric values of grpc.status). */
export const GrpcCode = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;

interface GrpcErrorShape {
  code: number;
  details?: string;
  metadata?: { get(key: string): unknown[] };
}

export function isGrpcError(err: unknown): err is Error & GrpcErrorShape {
  return (
    err instanceof Error &&
    typeof (err as { code?: unknown }).code === 'number' &&
    typeof (err as { metadata?: unknown }).metadata === 'object'
  );
}

/**
 * Converts the error of a call to another xinfang service back into the domain error the callee
 * raised, so it maps to the same HTTP status here. Other errors are returned unchanged.
 */
export function fromGrpcError(err: unknown): unknown {
  if (!isGrpcError(err)) return err;
  const details = err.details ?? err.message;
  const withMessage = <E extends DomainError>(e: E): E => {
    e.message = details;
    return e;
  };
  switch (err.code) {
    case GrpcCode.INVALID_ARGUMENT:
      return new ValidationError(
        issuesFromMetadata(err) ?? [{ field: 'request', reason: details }],
      );
    case GrpcCode.NOT_FOUND:
      return withMessage(new NotFoundError('resource', ''));
    case GrpcCode.PERMISSION_DENIED:
      return new ForbiddenError(details);
    case GrpcCode.UNAUTHENTICATED:
      return new UnauthenticatedError(details);
    case GrpcCode.ALREADY_EXISTS:
    case GrpcCode.ABORTED:
      return new ConflictError(details);
    case GrpcCode.FAILED_PRECONDITION:
      return new PreconditionError(details);
    case GrpcCode.RESOURCE_EXHAUSTED:
      return new RateLimitedError(details);
    default:
      return err;
  }
}

export const ISSUES_METADATA_KEY = 'xinfang-issues-bin';

function issuesFromMetadata(err: GrpcErrorShape): FieldIssue[] | undefined {
  const raw = err.metadata?.get(ISSUES_METADATA_KEY)[0];
  if (!Buffer.isBuffer(raw)) return undefined;
  try {
    const parsed: unknown = JSON.parse(raw.toString('utf8'));
    return Array.isArray(parsed) ? (parsed as FieldIssue[]) : undefined;
  } catch {
    return undefined;
  }
}
