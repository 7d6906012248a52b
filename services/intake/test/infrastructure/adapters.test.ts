import { randomBytes } from 'node:crypto';
import { caseEvents, decodeCaseEvent, encodeCaseEvent } from '@xinfang/contracts';
import { AddSubject, ListSubjects } from '../../src/application';
import {
  Case,
  officeAt,
  parsePetition,
  DEFAULT_INTAKE_POLICY,
  SubjectTaxonomy,
} from '../../src/domain';
import type { Subject, SubjectRegistry } from '../../src/domain';
import { AesGcmPiiCipher, piiKeyRing } from '../../src/infrastructure/crypto/AesGcmPiiCipher';
import { HmacPetitionerKeyHasher } from '../../src/infrastructure/crypto/HmacPetitionerKeyHasher';
import { outboxEventOf } from '../../src/infrastructure/events/proto-case-events';
import { JsonRegionDirectory } from '../../src/infrastructure/regions/JsonRegionDirectory';
import { publicNoteOf } from '../../src/interfaces/events/progress-consumer';
import { InMemorySubjectCatalog } from '../support/doubles';
import { rejectionOf } from '../support/expectations';
import { aStaffInput, clerkAt, staffAt, ZHANG } from '../support/mothers';

describe('AesGcmPiiCipher', () => {
  const cipher = new AesGcmPiiCipher(piiKeyRing('k1', randomBytes(32)));

  it('seals with a fresh IV under the key id and opens again', () => {
    const a = cipher.encrypt(ZHANG.idNumber);
    const b = cipher.encrypt(ZHANG.idNumber);
    expect(a).toMatch(/^k1:/);
    expect(a).not.toBe(b);
    expect(a).not.toContain(ZHANG.idNumber);
    expect(cipher.decrypt(a)).toBe(ZHANG.idNumber);
  });

  it('refuses a tampered value, an unknown key id and a bad key ring', () => {
    const sealed = cipher.encrypt(ZHANG.phone);
    const raw = Buffer.from(sealed.slice(3), 'base64');
    raw.writeUInt8(raw.readUInt8(raw.length - 1) ^ 1, raw.length - 1);
    expect(() => cipher.decrypt(`k1:${raw.toString('base64')}`)).toThrow();
    expect(() => cipher.decrypt(sealed.replace(/^k1/, 'k9'))).toThrow(/unknown PII key "k9"/);
    expect(() => piiKeyRing('k2', randomBytes(32), ['k1:c2hvcnQ='])).toThrow(/PII_PREVIOUS_KEYS/);
    expect(() => new AesGcmPiiCipher(piiKeyRing('k1', randomBytes(16)))).toThrow(/32 bytes/);
  });
});

describe('HmacPetitionerKeyHasher', () => {
  it('gives the same key for the same value and kind only, and depends on the secret', () => {
    const secret = randomBytes(32);
    const hasher = new HmacPetitionerKeyHasher(secret);
    const key = hasher.keyOf('idNumber', ZHANG.idNumber);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(hasher.keyOf('idNumber', ZHANG.idNumber)).toBe(key);
    expect(hasher.keyOf('phone', ZHANG.idNumber)).not.toBe(key);
    expect(new HmacPetitionerKeyHasher(randomBytes(32)).keyOf('idNumber', ZHANG.idNumber)).not.toBe(
      key,
    );
  });
});

describe('JsonRegionDirectory', () => {
  it('knows the demo province and names townships with their county', async () => {
    const regions = JsonRegionDirectory.forProvince('440000');
    expect(await regions.findMany(['441481', '441481001', '441422100', '449999'])).toEqual([
      { code: '441481', name: '兴宁市' },
      { code: '441481001', name: '兴宁市兴田街道' },
      { code: '441422100', name: '大埔县湖寮镇' },
    ]);
  });
});

describe('outboxEventOf', () => {
  const register = (overrides: Parameters<typeof aStaffInput>[0] = {}) => {
    const { officeRegionCode: _office, ...draft } = aStaffInput(overrides);
    const petition = parsePetition(
      { urgency: 'normal', attachments: [], ...draft } as never,
      officeAt('441481'),
      {
        policy: DEFAULT_INTAKE_POLICY,
        subjects: SubjectTaxonomy.withExtensions(),
        knownRegions: new Set(['441481', '441481001']),
        today: new Date('2026-03-14T02:00:00Z'),
      },
    );
    return Case.register(petition, {
      id: '01JQ0000000000000000000001',
      caseNumber: 'XF-441481-20260314-000001',
      eventId: '01JQ0000000000000000000002',
      registeredAt: new Date('2026-03-14T02:00:00Z'),
      registeredBy: { subject: 's', username: 'clerk.441481' },
      queryCodeHash: 'x'.repeat(64),
      petitionerKeys: ['k'.repeat(64)],
      priorCases: [],
      terminated: null,
    });
  };

  it('writes CaseRegistered as the proto3 JSON of the public contract', () => {
    const aggregate = register();
    const [event] = aggregate.pullEvents();
    const out = outboxEventOf(event!, aggregate.toState());
    expect(out).toMatchObject({
      id: event!.id,
      subject: aggregate.id,
      type: 'xinfang.case.v1.CaseRegistered',
    });
    const decoded = decodeCaseEvent(out.type, out.data);
    if (decoded?.name !== 'CaseRegistered') throw new Error('not CaseRegistered');
    expect(decoded.payload).toMatchObject({
      caseRef: { caseId: aggregate.id, tenantId: '441481', regionCode: '441481' },
      channel: caseEvents.Channel.CHANNEL_LETTER,
      nature: caseEvents.Nature.NATURE_CLAIM,
      petitionerKeys: ['k'.repeat(64)],
      actor: { username: 'clerk.441481', role: 'clerk' },
    });
    expect(JSON.stringify(out.data)).not.toContain(ZHANG.idNumber);
  });

  it('leaves the petitioner keys and the title out of an accusation', () => {
    const aggregate = register({ nature: 'accusation', title: `举报${ZHANG.name}的上级` });
    const [event] = aggregate.pullEvents();
    const out = outboxEventOf(event!, aggregate.toState());
    const decoded = decodeCaseEvent(out.type, out.data);
    if (decoded?.name !== 'CaseRegistered') throw new Error('not CaseRegistered');
    expect(decoded.payload.petitionerKeys).toEqual([]);
    expect(decoded.payload.title).toBe('');
  });
});

describe('publicNoteOf', () => {
  it('takes what the petitioner is told and nothing else', () => {
    const declined = decodeCaseEvent(
      'xinfang.case.v1.CaseDeclined',
      encodeCaseEvent('CaseDeclined', {
        reason: '不属于信访事项',
        legalChannelGuidance: '请向法院起诉',
      }).json,
    )!;
    expect(publicNoteOf(declined)).toBe('不属于信访事项\n请向法院起诉');
    const forwarded = decodeCaseEvent(
      'xinfang.case.v1.CaseForwarded',
      encodeCaseEvent('CaseForwarded', { note: '内部:请王科长阅' }).json,
    )!;
    expect(publicNoteOf(forwarded)).toBeNull();
  });
});

describe('AddSubject and ListSubjects', () => {
  class Registry implements SubjectRegistry {
    readonly added: Array<{ scope: string; subject: Subject }> = [];
    async add(scope: string, subject: Subject): Promise<void> {
      this.added.push({ scope, subject });
    }
  }
  const existing = {
    '441481': [{ code: 'land-compensation', name: '征地补偿', parent: 'land-acquisition' }],
  };

  it("adds a refinement for the admin's tenant and names bad fields plainly", async () => {
    const registry = new Registry();
    const add = new AddSubject({ subjects: new InMemorySubjectCatalog(existing), registry });
    const admin = staffAt('/440000/441400/441481', 'tenant-admin');
    await add.execute(admin, {
      code: 'wage-arrears',
      name: '拖欠工资',
      parent: 'labour-social-security',
    });
    expect(registry.added).toEqual([
      {
        scope: '441481',
        subject: { code: 'wage-arrears', name: '拖欠工资', parent: 'labour-social-security' },
      },
    ]);
    const bad = await rejectionOf(add.execute(admin, { code: 'X Y', name: ' ', parent: 'none' }));
    expect(bad).toMatchObject({ code: 'validation' });
    expect((bad as unknown as { issues: { field: string }[] }).issues.map((i) => i.field)).toEqual([
      'code',
      'name',
      'parent',
    ]);
    expect(
      await rejectionOf(
        add.execute(admin, {
          code: 'land-compensation',
          name: '征地补偿',
          parent: 'land-acquisition',
        }),
      ),
    ).toMatchObject({ code: 'conflict' });
    expect(
      await rejectionOf(
        add.execute(clerkAt('/440000/441400/441481'), { code: 'a', name: 'b', parent: 'other' }),
      ),
    ).toMatchObject({ code: 'forbidden' });
  });

  it("lists base subjects with the office's own", async () => {
    const list = new ListSubjects({ subjects: new InMemorySubjectCatalog(existing) });
    const own = await list.execute(clerkAt('/440000/441400/441481'));
    expect(own.scopeCode).toBe('441481');
    expect(own.subjects.map((s) => s.code)).toContain('land-compensation');
    const other = await list.execute(clerkAt('/440000/441400/441422'));
    expect(other.subjects.map((s) => s.code)).not.toContain('land-compensation');
  });
});
