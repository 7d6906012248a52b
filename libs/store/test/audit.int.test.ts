import { UnauthenticatedError } from '@xinfang/kernel';
import { Principal, principalFromClaims, runAsSystem, runWithContext } from '@xinfang/principal';
import {
  AuditLog,
  auditLog,
  closeStore,
  connectStore,
  GENESIS_HASH,
  recordAudit,
  verifyAuditChain,
} from '@xinfang/store';
import { Connection } from 'mongoose';

const MONGO_URL = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27018';

const clerk = (region: string): Principal =>
  principalFromClaims({
    sub: `sub-${region}`,
    preferred_username: `clerk.${region.split('/').pop()}`,
    regions: [region],
    realm_access: { roles: ['clerk'] },
  });

const clerk481 = clerk('/440000/441400/441481');
const clerk422 = clerk('/440000/441400/441422');

jest.setTimeout(60_000);

let conn: Connection;
let audit: AuditLog;

beforeAll(async () => {
  conn = await connectStore({ url: MONGO_URL, dbName: `store_audit_${Date.now()}_${process.pid}` });
  audit = auditLog(conn);
});

afterAll(async () => {
  await conn.dropDatabase();
  await closeStore(conn);
});

const asClerk = <T>(p: Principal, fn: () => Promise<T>) =>
  runWithContext({ principal: p, requestId: 'req-1', sourceIp: '192.0.2.7' }, fn);
const raw = () => conn.collection('audit_log');

describe('audit log', () => {
  it('records who, when, what and from where, linked into a per-tenant chain', async () => {
    const first = await asClerk(clerk481, () =>
      recordAudit(conn, {
        action: 'register',
        entity: 'case',
        entityId: 'C1',
        regionPath: '/440000/441400/441481/441481001',
        details: { channel: 'visit', at: new Date(0) },
      }),
    );
    const second = await asClerk(clerk481, () =>
      recordAudit(conn, {
        action: 'read',
        entity: 'case',
        entityId: 'C1',
        regionPath: '/440000/441400/441481',
      }),
    );
    expect(first).toMatchObject({
      chain: '441481',
      seq: 1,
      prevHash: GENESIS_HASH,
      tenantId: '441481',
      requestId: 'req-1',
      sourceIp: '192.0.2.7',
      actor: { kind: 'user', username: 'clerk.441481', roles: ['clerk'] },
      details: { channel: 'visit', at: '1970-01-01T00:00:00.000Z' },
    });
    expect(second).toMatchObject({ seq: 2, prevHash: first.hash });
    await expect(verifyAuditChain(conn, '441481')).resolves.toEqual({
      ok: true,
      chain: '441481',
      count: 2,
      headHash: second.hash,
    });
  });

  it('keeps one unbroken chain under concurrent appends', async () => {
    // Three instances stand for three replicas: their appends race through the unique index.
    const replicas = [audit, new AuditLog(conn), new AuditLog(conn)];
    await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        asClerk(clerk422, () =>
          replicas[i % 3]!.record({
            action: 'read',
            entity: 'case',
            entityId: `C${i}`,
            regionPath: '/440000/441400/441422',
          }),
        ),
      ),
    );
    const seqs = (await raw().find({ chain: '441422' }).toArray())
      .map((e) => e.seq as number)
      .sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    await expect(audit.verify('441422')).resolves.toMatchObject({ ok: true, count: 24 });
  });

  it('detects an edited entry, a re-hashed entry and a removed entry', async () => {
    const region = '/440000/441300/441322';
    await runAsSystem('test', async () => {
      for (let i = 0; i < 5; i++)
        await audit.record({
          action: 'forward',
          entity: 'case',
          entityId: `D${i}`,
          regionPath: region,
          details: { i },
        });
    });
    await expect(audit.verify('441322')).resolves.toMatchObject({ ok: true, count: 5 });

    await raw().updateOne({ chain: '441322', seq: 3 }, { $set: { 'details.i': 99 } });
    await expect(audit.verify('441322')).resolves.toMatchObject({
      ok: false,
      brokenAt: 3,
      reason: 'content does not match its hash',
    });

    const { auditHash } = await import('@xinfang/store');
    const edited = (await raw().findOne(
      { chain: '441322', seq: 3 },
      { projection: { _id: 0, hash: 0 } },
    )) as never;
    await raw().updateOne({ chain: '441322', seq: 3 }, { $set: { hash: auditHash(edited) } });
    await expect(audit.verify('441322')).resolves.toMatchObject({
      ok: false,
      brokenAt: 4,
      reason: 'does not link to the previous entry',
    });

    await raw().deleteOne({ chain: '441322', seq: 2 });
    await expect(audit.verify('441322')).resolves.toMatchObject({
      ok: false,
      brokenAt: 3,
      reason: 'expected entry 2, found 3',
    });
  });

  it('chains city-level entries under the city code', async () => {
    const entry = await runAsSystem('test', () =>
      audit.record({
        action: 'supervise',
        entity: 'case',
        entityId: 'E1',
        regionPath: '/440000/441400',
      }),
    );
    expect(entry).toMatchObject({
      chain: '441400',
      tenantId: null,
      actor: { kind: 'system', username: 'test' },
    });
    await expect(audit.verify('441400')).resolves.toMatchObject({ ok: true, count: 1 });
  });

  it('refuses to record without a principal', async () => {
    await expect(
      audit.record({
        action: 'read',
        entity: 'case',
        entityId: 'C1',
        regionPath: '/440000/441400/441481',
      }),
    ).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it('shows a principal only the trail it may see', async () => {
    expect(await asClerk(clerk481, () => audit.trail('case', 'C1'))).toHaveLength(2);
    expect(await asClerk(clerk422, () => audit.trail('case', 'C1'))).toHaveLength(1);
  });
});
