import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac, createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { UnauthenticatedError } from '@xinfang/kernel';
import { KeycloakTokenVerifier } from '@xinfang/service-kit';

// The adapter's verification logic against a key set we control (rotation, forged algorithms).
// The same verifier runs against the real Keycloak in auth.int.test.ts.

interface Key {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

const newKey = (kid: string): Key => ({
  kid,
  ...generateKeyPairSync('rsa', { modulusLength: 2048 }),
});
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

function sign(key: Key, claims: object, header: object = {}): string {
  const input = `${b64({ alg: 'RS256', typ: 'JWT', kid: key.kid, ...header })}.${b64(claims)}`;
  return `${input}.${createSign('RSA-SHA256').update(input).sign(key.privateKey, 'base64url')}`;
}

describe('KeycloakTokenVerifier', () => {
  let server: Server;
  let baseUrl: string;
  let served: Key[];
  let certRequests = 0;
  const key1 = newKey('k1');
  const key2 = newKey('k2');

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/realms/xinfang/protocol/openid-connect/certs') {
        certRequests += 1;
        const keys = served.map((k) => ({
          ...k.publicKey.export({ format: 'jwk' }),
          kid: k.kid,
          use: 'sig',
          alg: 'RS256',
        }));
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ keys }));
        return;
      }
      res.statusCode = 404;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  beforeEach(() => {
    served = [key1];
    certRequests = 0;
  });

  const verifier = () =>
    new KeycloakTokenVerifier({
      url: baseUrl,
      realm: 'xinfang',
      audience: 'xinfang-api',
      minTimeBetweenJwksRequests: 0.001,
    });

  const claims = (overrides: object = {}) => ({
    iss: `${baseUrl}/realms/xinfang`,
    aud: ['xinfang-api', 'account'],
    typ: 'Bearer',
    sub: 'u-1',
    preferred_username: 'clerk.441481',
    iat: Math.floor(Date.now() / 1000) - 5,
    exp: Math.floor(Date.now() / 1000) + 300,
    regions: ['/440000/441400/441481'],
    realm_access: { roles: ['clerk'] },
    ...overrides,
  });

  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => 'accepted',
      (e: unknown) => (e instanceof UnauthenticatedError ? e.message : `wrong error ${String(e)}`),
    );

  it('returns the claims of a valid token', async () => {
    const verified = await verifier().verify(sign(key1, claims()));
    expect(verified).toMatchObject({ sub: 'u-1', regions: ['/440000/441400/441481'] });
  });

  it('refuses expired, wrong-audience, wrong-issuer and non-access tokens', async () => {
    const v = verifier();
    const now = Math.floor(Date.now() / 1000);
    expect(await refusal(v.verify(sign(key1, claims({ exp: now - 1 }))))).toContain('expired');
    expect(await refusal(v.verify(sign(key1, claims({ aud: 'account' }))))).toContain('audience');
    expect(
      await refusal(v.verify(sign(key1, claims({ iss: 'http://evil/realms/xinfang' })))),
    ).toContain('ISS');
    expect(await refusal(v.verify(sign(key1, claims({ typ: 'ID' }))))).toContain('type');
    expect(await refusal(v.verify(sign(key1, claims({ typ: 'Refresh' }))))).toContain('type');
    expect(await refusal(v.verify(sign(key1, claims({ exp: undefined }))))).toContain('no expiry');
  });

  it('refuses alg none, HS256 keyed with the public key, and foreign keys', async () => {
    const v = verifier();
    const payload = b64(claims());
    expect(await refusal(v.verify(`${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`))).toContain(
      'algorithm none',
    );
    const hsInput = `${b64({ alg: 'HS256', typ: 'JWT', kid: 'k1' })}.${payload}`;
    const pem = key1.publicKey.export({ format: 'pem', type: 'spki' });
    const hs = `${hsInput}.${createHmac('sha256', pem).update(hsInput).digest('base64url')}`;
    expect(await refusal(v.verify(hs))).toContain('algorithm HS256');
    // a key of our own, claiming the realm key's kid
    const impostor = { ...newKey('k1') };
    expect(await refusal(v.verify(sign(impostor, claims())))).toContain('signature');
    expect(await refusal(v.verify('not-a-jwt'))).toBe('malformed token');
  });

  it('picks up a rotated realm key without a restart', async () => {
    const v = verifier();
    await v.verify(sign(key1, claims()));
    expect(certRequests).toBe(1);
    await v.verify(sign(key1, claims()));
    expect(certRequests).toBe(1); // cached

    served = [key2, key1];
    await new Promise((r) => setTimeout(r, 5));
    const verified = await v.verify(sign(key2, claims({ sub: 'u-2' })));
    expect(verified.sub).toBe('u-2');
    expect(certRequests).toBe(2);
  });

  it('fetches keys from the backchannel URL while checking the public issuer', async () => {
    const v = new KeycloakTokenVerifier({
      url: 'https://sso.example.gov.cn',
      backchannelUrl: baseUrl,
      realm: 'xinfang',
      audience: 'xinfang-api',
    });
    const token = sign(key1, claims({ iss: 'https://sso.example.gov.cn/realms/xinfang' }));
    expect((await v.verify(token)).sub).toBe('u-1');
  });
});
