import { ServiceTokenProvider } from '@xinfang/service-kit';

function tokenEndpoint(expiresIn = 300) {
  let issued = 0;
  const requests: { url: string; body: string }[] = [];
  const fetchDouble = jest.fn(async (url: string | URL | Request, init?: RequestInit) => {
    requests.push({ url: String(url), body: String(init?.body) });
    issued += 1;
    return new Response(
      JSON.stringify({ access_token: `token-${issued}`, expires_in: expiresIn }),
      {
        status: 200,
        headers: { 'content-type': 'application/json' },
      },
    );
  });
  return { fetchDouble, requests };
}

describe('ServiceTokenProvider', () => {
  it('asks for a client-credentials token and caches it until shortly before expiry', async () => {
    const { fetchDouble, requests } = tokenEndpoint(300);
    let now = 1_000_000;
    const provider = new ServiceTokenProvider({
      keycloakUrl: 'http://kc:8080/',
      realm: 'xinfang',
      clientId: 'xinfang-intake',
      clientSecret: 's3cret',
      fetch: fetchDouble as typeof fetch,
      now: () => now,
    });
    expect(await provider.token()).toBe('token-1');
    expect(requests[0]!.url).toBe('http://kc:8080/realms/xinfang/protocol/openid-connect/token');
    expect(new URLSearchParams(requests[0]!.body).get('grant_type')).toBe('client_credentials');

    now += 269_000; // 300 s lifetime, renewed 30 s early
    expect(await provider.token()).toBe('token-1');
    now += 2_000;
    expect(await provider.token()).toBe('token-2');
    expect(fetchDouble).toHaveBeenCalledTimes(2);
  });

  it('shares one request among concurrent callers', async () => {
    const { fetchDouble } = tokenEndpoint();
    const provider = new ServiceTokenProvider({
      keycloakUrl: 'http://kc:8080',
      realm: 'xinfang',
      clientId: 'c',
      clientSecret: 's',
      fetch: fetchDouble as typeof fetch,
    });
    const tokens = await Promise.all([provider.token(), provider.token(), provider.token()]);
    expect(tokens).toEqual(['token-1', 'token-1', 'token-1']);
    expect(fetchDouble).toHaveBeenCalledTimes(1);
  });

  it('reports a refusal with Keycloak’s reason and without the secret', async () => {
    const refuse = jest.fn(
      async () =>
        new Response(
          JSON.stringify({
            error: 'unauthorized_client',
            error_description: 'Invalid client secret',
          }),
          { status: 401 },
        ),
    );
    const provider = new ServiceTokenProvider({
      keycloakUrl: 'http://kc:8080',
      realm: 'xinfang',
      clientId: 'xinfang-intake',
      clientSecret: 'wrong-secret',
      fetch: refuse as typeof fetch,
    });
    const err = await provider.token().catch((e: Error) => e);
    expect((err as Error).message).toContain('Invalid client secret');
    expect((err as Error).message).not.toContain('wrong-secret');
  });
});
