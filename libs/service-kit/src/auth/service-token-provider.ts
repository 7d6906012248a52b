export interface ServiceTokenOptions {
  keycloakUrl: string;
  realm: string;
  clientId: string;
  clientSecret: string;
  /** Renew this long before expiry (capped at a fifth of the token's lifetime); default 30 s. */
  renewBeforeMs?: number;
  /** Replaceable for tests. */
  fetch?: typeof fetch;
  now?: () => number;
}

interface TokenResponse {
  access_token?: string;
  expires_in?: number;
  error?: string;
  error_description?: string;
}

/**
 * The service's own access token from the client-credentials grant, cached until shortly before
 * it expires; concurrent callers share one request.
 */
export class ServiceTokenProvider {
  private cached?: { token: string; renewAt: number };
  private pending?: Promise<string>;
  private readonly fetchFn: typeof fetch;
  private readonly now: () => number;

  constructor(private readonly options: ServiceTokenOptions) {
    this.fetchFn = options.fetch ?? fetch;
    this.now = options.now ?? Date.now;
  }

  /** Bound, so it can be passed as `token: provider.token`. */
  readonly token = (): Promise<string> => {
    if (this.cached && this.now() < this.cached.renewAt) return Promise.resolve(this.cached.token);
    this.pending ??= this.request().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  };

  private async request(): Promise<string> {
    const { keycloakUrl, realm, clientId, clientSecret } = this.options;
    const url = `${keycloakUrl.replace(/\/+$/, '')}/realms/${encodeURIComponent(realm)}/protocol/openid-connect/token`;
    const requestedAt = this.now();
    const response = await this.fetchFn(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
      }).toString(),
    });
    const body = (await response.json().catch(() => ({}))) as TokenResponse;
    if (!response.ok || !body.access_token) {
      const reason = body.error_description ?? body.error ?? `HTTP ${response.status}`;
      throw new Error(`client-credentials token for ${clientId} refused: ${reason}`);
    }
    const lifetimeMs = (body.expires_in ?? 60) * 1000;
    const margin = Math.min(this.options.renewBeforeMs ?? 30_000, lifetimeMs / 5);
    this.cached = { token: body.access_token, renewAt: requestedAt + lifetimeMs - margin };
    return body.access_token;
  }
}
