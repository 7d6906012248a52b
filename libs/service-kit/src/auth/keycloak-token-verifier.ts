import Keycloak from 'keycloak-connect';
import { UnauthenticatedError } from '@xinfang/kernel';
import type { TokenClaims } from '@xinfang/principal';
import type { TokenVerifier } from './token-verifier';

export interface KeycloakVerifierOptions {
  /** Keycloak base URL as it appears in the tokens' `iss`, e.g. http://127.0.0.1:18080. */
  url: string;
  realm: string;
  /** The API client the tokens must be issued for (`aud`), e.g. xinfang-api. */
  audience: string;
  /**
   * Where this service fetches the realm keys when that differs from the public `url` (inside a
   * cluster). The issuer check still uses `url`.
   */
  backchannelUrl?: string;
  /** Lower bound between two key-set fetches triggered by an unknown `kid` (seconds). */
  minTimeBetweenJwksRequests?: number;
}

/** The runtime shape of keycloak-connect's Token, which its typings leave out. */
interface ParsedToken {
  content: TokenClaims;
}

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * Verifies access tokens with keycloak-connect's grant manager in bearer-only mode: signature
 * against the realm key named by `kid` (key set fetched from the realm and re-fetched when a new
 * key appears, so rotation needs no restart), expiry, `typ: Bearer`, issuer and audience.
 *
 * The express middleware of keycloak-connect answers failures with a 403 text page and cannot
 * serve gRPC, so the grant manager is used directly and the kit maps failures to 401 itself.
 */
export class KeycloakTokenVerifier implements TokenVerifier {
  private readonly keycloak: Keycloak.Keycloak;

  constructor(options: KeycloakVerifierOptions) {
    this.keycloak = new Keycloak({}, {
      realm: options.realm,
      'auth-server-url': options.url,
      resource: options.audience,
      'bearer-only': true,
      'verify-token-audience': true,
      'confidential-port': 0,
      'ssl-required': 'external',
      'min-time-between-jwks-requests': options.minTimeBetweenJwksRequests ?? 10,
    } as Keycloak.KeycloakConfig);
    if (options.backchannelUrl) {
      const rotation = (this.keycloak.grantManager as unknown as { rotation: { realmUrl: string } })
        .rotation;
      rotation.realmUrl = `${options.backchannelUrl.replace(/\/+$/, '')}/realms/${options.realm}`;
    }
  }

  async verify(token: string): Promise<TokenClaims> {
    if (!JWT_SHAPE.test(token)) throw new UnauthenticatedError('malformed token');
    // keycloak-connect checks RS256 signatures whatever the header says; refuse anything else
    // (`none`, HS256) before it gets that far.
    const alg = headerAlg(token);
    if (alg !== 'RS256') throw new UnauthenticatedError(`unsupported token algorithm ${alg}`);
    try {
      const grant = await this.keycloak.grantManager.createGrant({
        access_token: token as unknown as Keycloak.Token,
      });
      const claims = (grant.access_token as unknown as ParsedToken).content;
      // keycloak-connect treats a token without `exp` as never expiring
      if (typeof claims.exp !== 'number') throw new Error('invalid token (no expiry)');
      return claims;
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new UnauthenticatedError(reason.replace(/^Grant validation failed\. Reason: /, ''));
    }
  }
}

function headerAlg(token: string): string {
  try {
    const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8'));
    return typeof header?.alg === 'string' ? header.alg : 'missing';
  } catch {
    return 'unreadable';
  }
}
