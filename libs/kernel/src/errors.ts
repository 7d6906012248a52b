/**
 * Typed domain errors. Each carries a stable `code`; the service kit maps them once to HTTP and
 * gRPC status codes, so handlers never choose a status themselves.
 */
export abstract class DomainError extends Error {
  abstract readonly code:
    | 'validation'
    | 'not_found'
    | 'forbidden'
    | 'unauthenticated'
    | 'conflict'
    | 'precondition'
    | 'rate_limited';
  constructor(
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export interface FieldIssue {
  field: string;
  reason: string;
}

/** Bad input: names every offending field and why. */
export class ValidationError extends DomainError {
  readonly code = 'validation' as const;
  readonly issues: FieldIssue[];
  constructor(field: string | FieldIssue[], reason?: string) {
    const issues = typeof field === 'string' ? [{ field, reason: reason ?? 'is invalid' }] : field;
    super(issues.map((i) => `${i.field}: ${i.reason}`).join('; '));
    this.issues = issues;
  }
}

export class NotFoundError extends DomainError {
  readonly code = 'not_found' as const;
  constructor(what: string, id: string) {
    super(`${what} ${id} not found`);
  }
}

export class ForbiddenError extends DomainError {
  readonly code = 'forbidden' as const;
}

export class UnauthenticatedError extends DomainError {
  readonly code = 'unauthenticated' as const;
}

/** The request conflicts with the current state (duplicate, wrong lifecycle step). */
export class ConflictError extends DomainError {
  readonly code = 'conflict' as const;
}

/** A legal or business precondition is not met (a window expired, a checklist incomplete). */
export class PreconditionError extends DomainError {
  readonly code = 'precondition' as const;
}

export class RateLimitedError extends DomainError {
  readonly code = 'rate_limited' as const;
}
