import { UnauthenticatedError } from '@xinfang/kernel';
import type { TokenClaims } from '@xinfang/principal';
import type { TokenVerifier } from '@xinfang/service-kit';

/** Test double of the TokenVerifier port: known tokens map to claims, anything else is refused. */
export class StaticTokenVerifier implements TokenVerifier {
  constructor(private readonly tokens: Record<string, TokenClaims>) {}

  async verify(token: string): Promise<TokenClaims> {
    const claims = this.tokens[token];
    if (!claims) throw new UnauthenticatedError('invalid token (signature)');
    return claims;
  }
}

export const CLERK_441481: TokenClaims = {
  sub: 'u-clerk',
  preferred_username: 'clerk.441481',
  regions: ['/440000/441400/441481'],
  realm_access: { roles: ['clerk'] },
};

export const ANALYST_441400: TokenClaims = {
  sub: 'u-analyst',
  preferred_username: 'analyst.441400',
  regions: ['/440000/441400'],
  realm_access: { roles: ['analyst'] },
};

export const verifier = new StaticTokenVerifier({
  'clerk-token': CLERK_441481,
  'analyst-token': ANALYST_441400,
});

export interface LogLine {
  level: string;
  obj: Record<string, unknown>;
  msg?: string;
}

/** Collects log lines so tests can check what was (and was not) logged. */
export function memoryLogger() {
  const lines: LogLine[] = [];
  const at =
    (level: string) =>
    (obj: object, msg?: string): void => {
      lines.push({ level, obj: obj as Record<string, unknown>, msg });
    };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
