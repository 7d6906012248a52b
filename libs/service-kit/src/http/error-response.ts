import { ValidationError, type FieldIssue } from '@xinfang/kernel';
import { asDomainError, fromGrpcError, GrpcCode, isGrpcError } from '../errors';

export interface ErrorResponse {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

/**
 * A body over a limit a handler checks itself (a tenant's upload limit): 413 like the parser's
 * own, with `issues` naming the field.
 */
export class PayloadTooLargeError extends Error {
  /** Marks it the way body-parser marks its own 413. */
  readonly type = 'entity.too.large';
  readonly status = 413;
  readonly issues: FieldIssue[];

  constructor(field: string, limitBytes: number) {
    super(`${field} is larger than ${limitBytes} bytes`);
    this.name = 'PayloadTooLargeError';
    this.issues = [{ field, reason: `must be at most ${limitBytes} bytes` }];
  }
}

const STATUS_OF = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition: 422,
  rate_limited: 429,
} as const;

/**
 * The one place an error becomes an HTTP response. Domain errors keep their message and details;
 * everything else is a 500 that names only the request id (the error itself goes to the log).
 */
export function httpErrorOf(thrown: unknown, requestId: string): ErrorResponse {
  const err = fromGrpcError(thrown);
  const domain = asDomainError(err);
  if (domain) {
    const status = STATUS_OF[domain.code];
    const body: Record<string, unknown> = { error: domain.code, message: domain.message };
    if (domain instanceof ValidationError || domain.code === 'validation') {
      body.issues = (domain as ValidationError).issues;
    }
    if (domain.details) Object.assign(body, { ...domain.details, ...body });
    body.requestId = requestId;
    const headers: Record<string, string> = {};
    if (domain.code === 'unauthenticated') {
      headers['www-authenticate'] = 'Bearer error="invalid_token"';
    }
    const retryAfter = domain.details?.retryAfterSeconds;
    if (domain.code === 'rate_limited' && typeof retryAfter === 'number') {
      headers['retry-after'] = String(Math.ceil(retryAfter));
    }
    return { status, body, headers };
  }
  const bodyParserStatus = bodyParserErrorStatus(err);
  if (bodyParserStatus === 'malformed') {
    return httpErrorOf(new ValidationError('body', 'is not valid JSON'), requestId);
  }
  if (typeof bodyParserStatus === 'number') {
    const message = (err as Error).message;
    if (bodyParserStatus === 413) {
      const issues = (err as { issues?: FieldIssue[] }).issues ?? [
        { field: 'body', reason: 'is larger than the limit' },
      ];
      return {
        status: 413,
        body: { error: 'payload_too_large', message, issues, requestId },
      };
    }
    return { status: bodyParserStatus, body: { error: 'bad_request', message, requestId } };
  }
  if (isGrpcError(err) && err.code === GrpcCode.UNAVAILABLE) {
    return { status: 503, body: { error: 'unavailable', requestId } };
  }
  if (isGrpcError(err) && err.code === GrpcCode.DEADLINE_EXCEEDED) {
    return { status: 504, body: { error: 'timeout', requestId } };
  }
  return { status: 500, body: { error: 'internal', requestId } };
}

/** body-parser marks its own failures with `type` and a 4xx `status`. */
function bodyParserErrorStatus(err: unknown): 'malformed' | number | undefined {
  if (!(err instanceof Error)) return undefined;
  const { type, status } = err as { type?: unknown; status?: unknown };
  if (typeof type !== 'string' || typeof status !== 'number') return undefined;
  if (type === 'entity.parse.failed') return 'malformed';
  return status >= 400 && status < 500 ? status : undefined;
}
