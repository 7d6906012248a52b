import { ForbiddenError, UnauthenticatedError, ValidationError } from '@xinfang/kernel';
import { Principal, principalFromClaims, runAsSystem, runWithContext } from '@xinfang/principal';
import { closeStore, connectStore, crossTenant, Tenanted, tenancyPlugin } from '@xinfang/store';
import { randomUUID } from 'node:crypto';
import { Connection, Model, Schema } from 'mongoose';

const MONGO_URL = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27018';

interface Petition extends Tenanted {
  _id: string;
  title: string;
  status: string;
}

const staff = (region: string): Principal =>
  principalFromClaims({
    sub: `sub-${region}`,
    preferred_username: `handler.${region}`,
    regions: [region],
    realm_access: { roles: ['handler'] },
  });

const county481 = staff('/440000/441400/441481');
const county422 = staff('/440000/441400/441422');
const city = staff('/440000/441400');
const province = staff('/440000');

const as = <T>(p: Principal, fn: () => Promise<T>): Promise<T> =>
  runWithContext({ principal: p, requestId: randomUUID(), sourceIp: '10.0.0.1' }, fn);

const PATHS = {
  c481: '/440000/441400/441481',
  t481: '/440000/441400/441481/441481001',
  c422: '/440000/441400/441422',
  c322: '/440000/441300/441322',
  city: '/440000/441400',
};

jest.setTimeout(60_000);

let conn: Connection;
let Petitions: Model<Petition>;

beforeAll(async () => {
  conn = await connectStore({
    url: MONGO_URL,
    dbName: `store_tenancy_${Date.now()}_${process.pid}`,
  });
  const schema = new Schema<Petition>({ _id: String, title: String, status: String });
  schema.plugin(tenancyPlugin);
  Petitions = conn.model<Petition>('Petition', schema);
  await Petitions.init();
});

beforeEach(async () => {
  await runAsSystem('test-seed', async () => {
    await Petitions.deleteMany({});
    await Petitions.insertMany(
      Object.entries(PATHS).map(([id, regionPath]) => ({
        _id: id,
        title: `p ${id}`,
        status: 'registered',
        regionPath,
      })),
    );
  });
});

afterAll(async () => {
  await conn.dropDatabase();
  await closeStore(conn);
});

const ids = (docs: { _id: string }[]): string[] => docs.map((d) => d._id).sort();
const stored = (id: string) =>
  runAsSystem('test-check', () => Petitions.findById(id).lean().exec());

describe('a county principal', () => {
  it('finds and counts only its own tenant', async () => {
    await as(county481, async () => {
      expect(ids(await Petitions.find().lean())).toEqual(['c481', 't481']);
      expect(await Petitions.findById('c422')).toBeNull();
      expect(await Petitions.find({ regionPath: PATHS.c422 }).lean()).toEqual([]);
      expect(await Petitions.countDocuments()).toBe(2);
      expect((await Petitions.distinct('_id')).sort()).toEqual(['c481', 't481']);
      expect(await Petitions.exists({ _id: 'c422' })).toBeNull();
    });
  });

  it('aggregates only its own tenant', async () => {
    const rows = await as(county481, () =>
      Petitions.aggregate<{ _id: string | null; n: number }>([
        { $group: { _id: '$tenantId', n: { $sum: 1 } } },
      ]).exec(),
    );
    expect(rows).toEqual([{ _id: '441481', n: 2 }]);
  });

  it('cannot update or delete another tenant’s document', async () => {
    await as(county481, async () => {
      expect(
        (await Petitions.updateOne({ _id: 'c422' }, { $set: { status: 'hacked' } })).matchedCount,
      ).toBe(0);
      expect((await Petitions.updateMany({}, { $set: { status: 'bulk' } })).modifiedCount).toBe(2);
      expect(
        await Petitions.findOneAndUpdate({ _id: 'c422' }, { $set: { status: 'hacked' } }),
      ).toBeNull();
      expect(
        (
          await Petitions.replaceOne(
            { _id: 'c422' },
            { title: 'x', status: 'x', regionPath: PATHS.c481 },
          )
        ).matchedCount,
      ).toBe(0);
      expect((await Petitions.deleteOne({ _id: 'c422' })).deletedCount).toBe(0);
      expect((await Petitions.deleteMany({ regionPath: PATHS.c422 })).deletedCount).toBe(0);
      expect(await Petitions.findOneAndDelete({ _id: 'c422' })).toBeNull();
    });
    expect(await stored('c422')).toMatchObject({ status: 'registered', regionPath: PATHS.c422 });
    expect(await stored('c481')).toMatchObject({ status: 'bulk' });
  });

  it('cannot delete or save a document it obtained through a cross-tenant read', async () => {
    await as(county481, async () => {
      const foreign = await Petitions.findById('c422').setOptions(
        crossTenant('test: duplicate check across counties'),
      );
      expect(foreign?.regionPath).toBe(PATHS.c422);
      await expect(foreign!.save()).rejects.toBeInstanceOf(ForbiddenError);
      await foreign!.deleteOne();
    });
    expect(await stored('c422')).not.toBeNull();
  });

  it('cannot move a document out of its tenant, and tenantId follows the move inside it', async () => {
    await as(county481, async () => {
      await expect(
        Petitions.updateOne({ _id: 'c481' }, { $set: { regionPath: PATHS.c422 } }),
      ).rejects.toBeInstanceOf(ForbiddenError);
      await expect(
        Petitions.updateOne({ _id: 'c481' }, { $set: { tenantId: '441422' } }),
      ).rejects.toBeInstanceOf(ForbiddenError);
      const doc = (await Petitions.findById('c481'))!;
      doc.regionPath = PATHS.c422;
      await expect(doc.save()).rejects.toBeInstanceOf(ForbiddenError);
      doc.regionPath = PATHS.t481;
      await doc.save();
    });
    expect(await stored('c481')).toMatchObject({ regionPath: PATHS.t481, tenantId: '441481' });
  });

  it('is refused when inserting outside its scope, by every write path', async () => {
    await as(county481, async () => {
      await expect(
        Petitions.create({ _id: 'n1', title: 'x', status: 'registered', regionPath: PATHS.c422 }),
      ).rejects.toBeInstanceOf(ForbiddenError);
      await expect(
        Petitions.insertMany([
          { _id: 'n2', title: 'x', status: 'registered', regionPath: PATHS.c322 },
        ]),
      ).rejects.toBeInstanceOf(ForbiddenError);
      await expect(
        Petitions.bulkWrite([
          {
            insertOne: { document: { _id: 'n3', title: 'x', status: 'r', regionPath: PATHS.city } },
          },
        ]),
      ).rejects.toBeInstanceOf(ForbiddenError);
      await expect(
        Petitions.updateOne(
          { _id: 'n4' },
          { $set: { title: 'x', regionPath: PATHS.c422 } },
          { upsert: true },
        ),
      ).rejects.toBeInstanceOf(ForbiddenError);
      await expect(
        Petitions.create({ _id: 'n5', title: 'x', status: 'registered' }),
      ).rejects.toThrow(/regionPath/);
      await expect(
        Petitions.create({
          _id: 'n6',
          title: 'x',
          status: 'registered',
          regionPath: '/440000/441481',
        }),
      ).rejects.toThrow(/regionPath/);
    });
    expect(
      await runAsSystem('test-check', () =>
        Petitions.countDocuments({ _id: { $in: ['n1', 'n2', 'n3', 'n4', 'n5', 'n6'] } }).exec(),
      ),
    ).toBe(0);
  });

  it('writes inside its scope with tenantId derived from regionPath', async () => {
    await as(county481, async () => {
      await Petitions.create({
        _id: 'w1',
        title: 'x',
        status: 'registered',
        regionPath: PATHS.t481,
        tenantId: '441422',
      });
      await Petitions.insertMany([
        { _id: 'w2', title: 'x', status: 'registered', regionPath: PATHS.c481 },
      ]);
      await Petitions.bulkWrite([
        {
          insertOne: {
            document: { _id: 'w3', title: 'x', status: 'registered', regionPath: PATHS.t481 },
          },
        },
        { updateOne: { filter: { _id: 'c422' }, update: { $set: { status: 'hacked' } } } },
        { deleteOne: { filter: { _id: 'c322' } } },
      ]);
      await Petitions.updateOne(
        { _id: 'w4' },
        { $set: { title: 'x', regionPath: PATHS.c481 } },
        { upsert: true },
      );
    });
    for (const id of ['w1', 'w2', 'w3', 'w4'])
      expect(await stored(id)).toMatchObject({ tenantId: '441481' });
    expect(await stored('c422')).toMatchObject({ status: 'registered' });
    expect(await stored('c322')).not.toBeNull();
  });

  it('may read across tenants only when it says why, and never write that way', async () => {
    await as(county481, async () => {
      expect(
        await Petitions.countDocuments().setOptions(
          crossTenant('test: province-wide duplicate check'),
        ),
      ).toBe(5);
      const rows = await Petitions.aggregate([{ $count: 'n' }]).option(
        crossTenant('test: duplicate check'),
      );
      expect(rows).toEqual([{ n: 5 }]);
      await expect(Petitions.find().setOptions({ crossTenant: '' })).rejects.toBeInstanceOf(
        ValidationError,
      );
      await expect(
        Petitions.updateMany({}, { $set: { status: 'x' } }).setOptions(
          crossTenant('test: mass update'),
        ),
      ).rejects.toBeInstanceOf(ForbiddenError);
      await expect(Petitions.estimatedDocumentCount()).rejects.toBeInstanceOf(ForbiddenError);
      await expect(
        Petitions.aggregate([
          { $lookup: { from: 'petitions', localField: '_id', foreignField: '_id', as: 'x' } },
        ]),
      ).rejects.toBeInstanceOf(ForbiddenError);
    });
  });
});

describe('a city principal', () => {
  it('sees the counties below it but not another city’s', async () => {
    await as(city, async () => {
      expect(ids(await Petitions.find().lean())).toEqual(['c422', 'c481', 'city', 't481']);
      expect(await Petitions.findById('c322')).toBeNull();
      expect(await Petitions.countDocuments({ regionPath: PATHS.c322 })).toBe(0);
    });
  });

  it('changes only what is addressed to the city itself', async () => {
    await as(city, async () => {
      expect(
        (await Petitions.updateMany({}, { $set: { status: 'supervised' } })).modifiedCount,
      ).toBe(1);
      const county = (await Petitions.findById('c481'))!;
      county.status = 'overridden';
      await expect(county.save()).rejects.toBeInstanceOf(ForbiddenError);
      await expect(
        Petitions.create({ _id: 'cx', title: 'x', status: 'r', regionPath: PATHS.c481 }),
      ).rejects.toBeInstanceOf(ForbiddenError);
      await Petitions.create({ _id: 'cy', title: 'x', status: 'r', regionPath: PATHS.city });
    });
    expect(await stored('city')).toMatchObject({ status: 'supervised', tenantId: null });
    expect(await stored('c481')).toMatchObject({ status: 'registered' });
    expect(await stored('cy')).toMatchObject({ tenantId: null });
  });
});

describe('a province principal', () => {
  it('sees everything in the province', async () => {
    await as(province, async () => {
      expect(ids(await Petitions.find().lean())).toEqual(['c322', 'c422', 'c481', 'city', 't481']);
      expect(await Petitions.aggregate([{ $count: 'n' }])).toEqual([{ n: 5 }]);
    });
  });

  it('sees nothing of another province', async () => {
    await runAsSystem('test-seed', () =>
      Petitions.create({ _id: 'gx', title: 'x', status: 'r', regionPath: '/450000/450100' }),
    );
    await as(province, async () => expect(await Petitions.findById('gx')).toBeNull());
  });
});

describe('outside any context', () => {
  it('every operation throws', async () => {
    await expect(Petitions.find()).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(Petitions.findOne({ _id: 'c481' })).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(Petitions.countDocuments()).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(Petitions.distinct('_id')).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(Petitions.aggregate([{ $count: 'n' }])).rejects.toBeInstanceOf(
      UnauthenticatedError,
    );
    await expect(
      Petitions.updateOne({ _id: 'c481' }, { $set: { status: 'x' } }),
    ).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(Petitions.deleteMany({})).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(
      Petitions.create({ _id: 'z', title: 'x', status: 'r', regionPath: PATHS.c481 }),
    ).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(
      Petitions.insertMany([{ _id: 'z', title: 'x', status: 'r', regionPath: PATHS.c481 }]),
    ).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(Petitions.bulkWrite([{ deleteMany: { filter: {} } }])).rejects.toBeInstanceOf(
      UnauthenticatedError,
    );
    expect(await runAsSystem('test-check', () => Petitions.countDocuments().exec())).toBe(5);
  });
});

describe('another county principal', () => {
  it('is confined the same way', async () => {
    await as(county422, async () => expect(ids(await Petitions.find().lean())).toEqual(['c422']));
  });
});

describe('connectStore', () => {
  it('gives up with a clear error when the server does not answer', async () => {
    await expect(
      connectStore({
        url: 'mongodb://user:secret@127.0.0.1:1',
        dbName: 'nowhere',
        attempts: 2,
        retryDelayMs: 10,
        serverSelectionTimeoutMS: 200,
      }),
    ).rejects.toThrow(
      /could not connect to mongodb:\/\/user:\*\*\*@127\.0\.0\.1:1 \(database nowhere\) after 2 attempts/,
    );
  });
});
