// Tokens from the real Keycloak realm (deploy/keycloak) for integration tests.

/** Password of every demo user in the dev realm. */
export const DEMO_PASSWORD = 'Xinfang-Demo-2026';

export function keycloakUrl(): string {
  return process.env.KEYCLOAK_URL ?? 'http://127.0.0.1:18080';
}

export function keycloakRealm(): string {
  return process.env.KEYCLOAK_REALM ?? 'xinfang';
}

export function tokenEndpoint(): string {
  return `${keycloakUrl()}/realms/${keycloakRealm()}/protocol/openid-connect/token`;
}

async function requestToken(form: Record<string, string>): Promise<string> {
  const response = await fetch(tokenEndpoint(), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  const body = (await response.json().catch(() => ({}))) as {
    access_token?: string;
    error?: string;
    error_description?: string;
  };
  if (!response.ok || !body.access_token) {
    const reason = body.error_description ?? body.error ?? response.statusText;
    throw new Error(`token request for ${form.client_id} failed: ${response.status} ${reason}`);
  }
  return body.access_token;
}

/** An access token for a demo user through the resource-owner password grant. */
export function passwordToken(
  username: string,
  password: string = DEMO_PASSWORD,
  clientId = 'xinfang-test',
): Promise<string> {
  return requestToken({
    grant_type: 'password',
    client_id: clientId,
    username,
    password,
    scope: 'openid',
  });
}

/** An access token for a confidential client's service account. */
export function clientCredentialsToken(clientId: string, secret: string): Promise<string> {
  return requestToken({
    grant_type: 'client_credentials',
    client_id: clientId,
    client_secret: secret,
  });
}

/** The payload of a JWT, unverified: tests read claims of tokens they just received. */
export function decodeJwt(token: string): Record<string, unknown> {
  const payload = token.split('.')[1];
  if (!payload) throw new Error('not a JWT');
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}
