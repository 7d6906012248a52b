import { UnauthenticatedError } from '@xinfang/kernel';
import type { TokenClaims } from '@xinfang/principal';

/**
 * Port: turns a bearer token into verified claims or rejects with UnauthenticatedError. The
 * production adapter is KeycloakTokenVerifier; unit tests use a double.
 */
export interface TokenVerifier {
  verify(token: string): Promise<TokenClaims>;
}

/** Reads the token of an `Authorization: Bearer <token>` header; missing or other schemes are refused. */
export function bearerToken(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) throw new UnauthenticatedError('missing bearer token');
  const match = /^Bearer +(\S+)\s*$/i.exec(value);
  if (!match) throw new UnauthenticatedError('authorization header is not a bearer token');
  return match[1]!;
}
