import { randomBytes } from 'node:crypto';
import { ConflictError } from '@xinfang/kernel';
import { principalFromClaims, runAsSystem, runWithContext } from '@xinfang/principal';
import { closeStore, connectStore } from '@xinfang/store';
import type { Connection } from 'mongoose';
import { RegisterPetition } from '../src/application';
import type { CaseRepository } from '../src/domain';
import { AesGcmPiiCipher, piiKeyRing } from '../src/infrastructure/crypto/AesGcmPiiCipher';
import { HmacPetitionerKeyHasher } from '../src/infrastructure/crypto/HmacPetitionerKeyHasher';
import {
  CryptoRandomSource,
  SystemClock,
  UlidIdGenerator,
} from '../src/infrastructure/crypto/system-ports';
import {
  ensureIntakeIndexes,
  intakeModels,
  type IntakeModels,
} from '../src/infrastructure/mongo/case-model';
import { MongoCaseNumberSequence } from '../src/infrastructure/mongo/MongoCaseNumberSequence';
import { MongoCaseRepository } from '../src/infrastructure/mongo/MongoCaseRepository';
import { MongoPriorCaseFinder } from '../src/infrastructure/mongo/MongoPriorCaseFinder';
import { MongoTerminationChecker } from '../src/infrastructure/mongo/MongoTerminationChecker';
import {
  MongoIntakePolicyProvider,
  MongoSubjectCatalog,
} from '../src/infrastructure/mongo/MongoTenantSettings';
import { JsonRegionDirectory } from '../src/infrastructure/regions/JsonRegionDirectory';
import { uniqueSuffix } from '../../../tests/support/service-harness';
import { aStaffInput, ZHANG } from './support/mothers';

jest.setTimeout(120_000);

let connection: Connection;
let models: IntakeModels;

const clerk = principalFromClaims({
  sub: 'sub-clerk',
  preferred_username: 'clerk.441481',
  regions: ['/440000/441400/441481'],
  realm_access: { roles: ['clerk'] },
});
const asClerk = <T>(fn: () => Promise<T>) => runWithContext({ principal: clerk }, fn);
const key = () => randomBytes(32);

function registration(cases: CaseRepository, cipherKey = key()) {
  return new RegisterPetition({
    cases,
    priorCases: new MongoPriorCaseFinder(models.cases),
    terminations: new MongoTerminationChecker(models.terminatedMatters),
    caseNumbers: new MongoCaseNumberSequence(models.caseNumbers),
    keyHasher: new HmacPetitionerKeyHasher(cipherKey),
    regions: JsonRegionDirectory.forProvince('440000'),
    subjects: new MongoSubjectCatalog(models.subjects),
    policies: new MongoIntakePolicyProvider(models.policies),
    clock: new SystemClock(),
    ids: new UlidIdGenerator(),
    random: new CryptoRandomSource(),
  });
}

beforeAll(async () => {
  connection = await connectStore({
    url: process.env.MONGO_URL!,
    dbName: `test_intake_adapters_${uniqueSuffix()}`,
  });
  models = intakeModels(connection);
  await ensureIntakeIndexes(models);
});

afterAll(async () => {
  await connection?.dropDatabase();
  if (connection) await closeStore(connection);
});

it('issues every case number once under concurrent registrations of several replicas', async () => {
  const replicas = [1, 2, 3].map(() => new MongoCaseNumberSequence(models.caseNumbers));
  const issued = await Promise.all(
    Array.from({ length: 30 }, (_, i) => replicas[i % 3]!.next('441481', '20260314')),
  );
  expect([...issued].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  expect(await replicas[0]!.next('441481', '20260315')).toBe(1);
});

it('refuses a save from a stale copy and keeps state and events of the winner', async () => {
  const cases = new MongoCaseRepository(models.cases, new AesGcmPiiCipher(piiKeyRing('k1', key())));
  const { caseId, caseNumber } = await asClerk(() =>
    registration(cases).execute(clerk, aStaffInput()),
  );
  await runAsSystem('test', async () => {
    const first = (await cases.findById(caseId))!;
    const second = (await cases.findById(caseId))!;
    first.recordProgress('xinfang.case.v1.CaseReplied', new Date(), '已答复', 'e-1');
    await cases.save(first);
    second.recordProgress('xinfang.case.v1.CaseAccepted', new Date(), null, 'e-2');
    await expect(cases.save(second)).rejects.toBeInstanceOf(ConflictError);

    const stored = (await cases.findByCaseNumber(caseNumber))!;
    expect(stored.status).toBe('replied');
    expect(stored.version).toBe(2);
    stored.rate('satisfied', null, new Date(), 'e-3');
    await cases.save(stored);
    const raw = await connection.db!.collection('cases').findOne({ _id: caseId as never });
    expect((raw!.outbox as { type: string }[]).map((e) => e.type)).toEqual([
      'xinfang.case.v1.CaseRegistered',
      'xinfang.case.v1.SatisfactionRated',
    ]);
    expect(raw!.outboxPending).toBe(true);
  });
});

it('reads values sealed with a rotated-out key and seals new ones with the current key', async () => {
  const oldKey = key();
  const before = new MongoCaseRepository(
    models.cases,
    new AesGcmPiiCipher(piiKeyRing('k1', oldKey)),
  );
  const { caseId } = await asClerk(() =>
    registration(before).execute(clerk, aStaffInput({ petitioners: [ZHANG] })),
  );
  const rotated = new AesGcmPiiCipher(piiKeyRing('k2', key(), [`k1:${oldKey.toString('base64')}`]));
  const after = new MongoCaseRepository(models.cases, rotated);
  await runAsSystem('test', async () => {
    const found = (await after.findById(caseId))!;
    expect(found.toState().petitioners[0]).toMatchObject({ idNumber: ZHANG.idNumber });
    found.recordProgress('xinfang.case.v1.CaseAccepted', new Date(), null, 'e-4');
    await after.save(found);
  });
  const raw = await connection.db!.collection('cases').findOne({ _id: caseId as never });
  const sealed = (raw!.petitioners as { idNumberSealed: string }[])[0]!.idNumberSealed;
  expect(sealed.startsWith('k2:')).toBe(true);
  expect(rotated.decrypt(sealed)).toBe(ZHANG.idNumber);
});
