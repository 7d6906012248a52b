// Proves the servers of deploy/local/infra.sh are real: a message makes a round trip through Kafka,
// a document through the MongoDB-wire server, and Keycloak issues tokens from the xinfang realm.
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import mongoose from 'mongoose';
import { clientCredentialsToken, decodeJwt, passwordToken } from '../support/keycloak';

const runId = randomUUID().slice(0, 8);

describe('Kafka', () => {
  const kafka = new Kafka({
    clientId: `infra-test-${runId}`,
    brokers: (process.env.KAFKA_BROKERS ?? '').split(','),
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer();
  const consumer = kafka.consumer({ groupId: `infra-test-${runId}` });

  afterAll(async () => {
    await Promise.allSettled([producer.disconnect(), consumer.disconnect()]);
  });

  it('delivers a produced message to a consumer', async () => {
    const topic = `xinfang.infra-test.${runId}`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    await admin.disconnect();

    const value = `hello ${runId}`;
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received = new Promise<{ key: string; value: string; partition: number }>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message, partition }) => {
          resolve({ key: String(message.key), value: String(message.value), partition });
        },
      });
    });

    await producer.connect();
    const [meta] = await producer.send({ topic, messages: [{ key: 'case-1', value }] });

    const message = await received;
    expect(message).toEqual({ key: 'case-1', value, partition: meta?.partition });
  });
});

describe('MongoDB-wire server', () => {
  const connection = mongoose.createConnection(process.env.MONGO_URL ?? '', {
    dbName: `infra_test_${runId}`,
    serverSelectionTimeoutMS: 10_000,
  });

  afterAll(async () => {
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  });

  it('stores a document and finds it by a field', async () => {
    const Probe = connection.model(
      'Probe',
      new mongoose.Schema({ caseId: String, tenantId: String, regionPath: String, seq: Number }),
    );
    await Probe.create([
      { caseId: 'c-1', tenantId: '441481', regionPath: '/440000/441400/441481', seq: 1 },
      { caseId: 'c-2', tenantId: '441422', regionPath: '/440000/441400/441422', seq: 2 },
    ]);

    const found = await Probe.find({ regionPath: { $regex: '^/440000/441400/441481' } }).lean();

    expect(found.map((d) => [d.caseId, d.tenantId, d.seq])).toEqual([['c-1', '441481', 1]]);
    expect(await Probe.countDocuments({ seq: { $gte: 1 } })).toBe(2);
  });
});

describe('Keycloak realm xinfang', () => {
  it('issues a password-grant token carrying region, role and API audience', async () => {
    const claims = decodeJwt(await passwordToken('clerk.441481'));

    expect(claims.preferred_username).toBe('clerk.441481');
    expect(claims.regions).toEqual(['/440000/441400/441481']);
    expect((claims.realm_access as { roles: string[] }).roles).toContain('clerk');
    expect((claims.realm_access as { roles: string[] }).roles).not.toContain('handler');
    expect([claims.aud].flat()).toContain('xinfang-api');
    expect(claims.iss).toBe(`${process.env.KEYCLOAK_URL}/realms/xinfang`);
  });

  it('refuses a wrong password', async () => {
    await expect(passwordToken('clerk.441481', 'not-the-password')).rejects.toThrow(/401/);
  });

  it('issues two-second tokens to the short-lived test client', async () => {
    const claims = decodeJwt(
      await passwordToken('handler.441422', undefined, 'xinfang-test-short'),
    );

    expect(Number(claims.exp) - Number(claims.iat)).toBe(2);
    expect(claims.regions).toEqual(['/440000/441400/441422']);
  });

  it('issues a client-credentials token to the downstream client of tenant 441481', async () => {
    const claims = decodeJwt(
      await clientCredentialsToken('downstream-12345', 'downstream-12345-secret'),
    );

    expect(claims.preferred_username).toBe('service-account-downstream-12345');
    expect(claims.azp).toBe('downstream-12345');
    expect(claims.regions).toEqual(['/440000/441400/441481']);
    expect((claims.realm_access as { roles: string[] }).roles).toContain('subscriber');
    expect([claims.aud].flat()).toContain('xinfang-api');
  });

  it('lets the console start a code flow from any loopback port, with PKCE only', async () => {
    const authorize = (redirectUri: string, pkce: boolean) => {
      const query = new URLSearchParams({
        client_id: 'xinfang-console',
        response_type: 'code',
        scope: 'openid',
        redirect_uri: redirectUri,
        ...(pkce
          ? {
              code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
              code_challenge_method: 'S256',
            }
          : {}),
      });
      const url = `${process.env.KEYCLOAK_URL}/realms/xinfang/protocol/openid-connect/auth?${query}`;
      return fetch(url, { redirect: 'manual' });
    };

    expect((await authorize('http://127.0.0.1:5173/callback', true)).status).toBe(200);
    expect((await authorize('http://localhost:3000/callback', true)).status).toBe(200);
    expect((await authorize('http://attacker.example/callback', true)).status).toBe(400);
    const withoutPkce = await authorize('http://127.0.0.1:5173/callback', false);
    expect(withoutPkce.headers.get('location')).toContain('code_challenge_method');
  });

  it('refuses a client-credentials request with a wrong secret', async () => {
    await expect(clientCredentialsToken('downstream-12345', 'wrong')).rejects.toThrow(/401/);
  });
});
