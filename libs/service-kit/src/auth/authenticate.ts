import { ForbiddenError } from '@xinfang/kernel';
import {
  hasRole,
  principalFromClaims,
  runWithContext,
  type Principal,
  type Role,
} from '@xinfang/principal';
import { runWithCallerToken } from './caller-token';
import type { TokenVerifier } from './token-verifier';

/** Verifies the token and builds the principal; both steps fail with UnauthenticatedError. */
export async function authenticate(verifier: TokenVerifier, token: string): Promise<Principal> {
  const claims = await verifier.verify(token);
  return principalFromClaims(claims);
}

/** An empty list means any authenticated caller. */
export function requireRoles(principal: Principal, roles: readonly Role[]): void {
  if (roles.length === 0 || hasRole(principal, ...roles)) return;
  throw new ForbiddenError(`requires one of the roles: ${roles.join(', ')}`, {
    requiredRoles: [...roles],
  });
}

export interface AuthenticatedCall {
  principal: Principal;
  token: string;
  requestId: string;
  sourceIp?: string;
}

/** Runs `fn` with the principal visible to the data layer and the token to outgoing calls. */
export function runAuthenticated<T>(call: AuthenticatedCall, fn: () => T): T {
  const { principal, requestId, sourceIp, token } = call;
  return runWithContext({ principal, requestId, sourceIp }, () => runWithCallerToken(token, fn));
}
