// ScopedRepository and keyset paging against the real database (FerretDB locally, MongoDB in CI).
import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import mongoose, { Schema, type Connection, type Model } from 'mongoose';
import {
  connectMongo,
  InjectModel,
  MONGO_CONNECTION,
  MongoModule,
  mongoReadinessCheck,
  ScopedRepository,
} from '@care/persistence';

interface VisitDoc {
  _id: string;
  countyCode: string; // 县区 — the scope
  childId: string;
  dueOn: string;
  status: 'planned' | 'done';
}
type CountyScope = { countyCode: string };

const visitSchema = new Schema<VisitDoc>(
  {
    _id: { type: String, required: true },
    countyCode: { type: String, required: true },
    childId: String,
    dueOn: String,
    status: String,
  },
  { versionKey: false },
);
visitSchema.index({ countyCode: 1, dueOn: 1, _id: 1 });

class VisitRepository extends ScopedRepository<VisitDoc, CountyScope> {
  constructor(connection: Connection) {
    super(connection.model<VisitDoc>('Visit', visitSchema, 'visits'), ['countyCode']);
  }
}

const MUDAN = { countyCode: '371702' }; // 牡丹区
const CAOXIAN = { countyCode: '371721' }; // 曹县

describe('ScopedRepository on the real database', () => {
  let connection: Connection;
  let repo: VisitRepository;
  const dbName = `platform_persistence_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;

  beforeAll(async () => {
    connection = await connectMongo({ uri: process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017/', dbName });
    repo = new VisitRepository(connection);
    const rows: VisitDoc[] = [];
    for (let i = 0; i < 7; i++)
      rows.push({
        _id: `m${i}`,
        countyCode: MUDAN.countyCode,
        childId: `c${i}`,
        dueOn: `2025-03-0${(i % 3) + 1}`,
        status: 'planned',
      });
    rows.push({
      _id: 'c0',
      countyCode: CAOXIAN.countyCode,
      childId: 'x',
      dueOn: '2025-03-01',
      status: 'planned',
    });
    await connection.model('Visit').insertMany(rows);
  });

  afterAll(async () => {
    await connection?.dropDatabase();
    await connection?.close();
  });

  it('answers the readiness ping', async () => {
    await expect(mongoReadinessCheck(connection).check()).resolves.toBe(true);
  });

  it("never returns another county's documents", async () => {
    expect(await repo.count(MUDAN)).toBe(7);
    expect(await repo.count(CAOXIAN)).toBe(1);
    expect(await repo.findOne(MUDAN, { _id: 'c0' })).toBeNull();
    expect((await repo.find(CAOXIAN)).map((v) => v._id)).toEqual(['c0']);
  });

  it('refuses a blank scope at run time, and a scope key smuggled into the filter', async () => {
    await expect(repo.count({ countyCode: '' })).rejects.toThrow(/scope key countyCode is required/);
    await expect(repo.find(MUDAN, { countyCode: CAOXIAN.countyCode } as never)).rejects.toThrow(
      /belongs in the scope/,
    );
  });

  it('does not compile without the scope (checked by tsc)', () => {
    const typecheckOnly = () => {
      // @ts-expect-error the scope argument is required
      void repo.find();
      // @ts-expect-error a filter is not a scope
      void repo.count({ childId: 'c1' });
      // @ts-expect-error the scope key may not appear in the filter
      void repo.find(MUDAN, { countyCode: '371721' });
    };
    expect(typeof typecheckOnly).toBe('function');
  });

  it('updates within the scope only, and never moves a document to another scope', async () => {
    expect(await repo.updateOne(CAOXIAN, { _id: 'm1' }, { $set: { status: 'done' } })).toEqual({
      matched: 0,
      modified: 0,
      upserted: false,
    });
    expect(await repo.updateOne(MUDAN, { _id: 'm1' }, { $set: { status: 'done' } })).toEqual({
      matched: 1,
      modified: 1,
      upserted: false,
    });
    await expect(
      repo.updateOne(MUDAN, { _id: 'm1' }, { $set: { countyCode: CAOXIAN.countyCode } }),
    ).rejects.toThrow(/may not change scope key/);
    const updated = await repo.findOneAndUpdate(MUDAN, { _id: 'm2' }, { $set: { status: 'done' } });
    expect(updated).toMatchObject({ _id: 'm2', status: 'done', countyCode: MUDAN.countyCode });
  });

  it('inserts with the scope keys from the scope, and bulk-updates keyed single documents', async () => {
    await repo.insertOne(CAOXIAN, { _id: 'c1', childId: 'y', dueOn: '2025-04-01', status: 'planned' });
    expect(await repo.findOne(CAOXIAN, { _id: 'c1' })).toMatchObject({ countyCode: CAOXIAN.countyCode });
    const result = await repo.bulkUpdate(CAOXIAN, [
      { filter: { _id: 'c0' }, update: { $set: { status: 'done' } } },
      { filter: { _id: 'm3' }, update: { $set: { status: 'done' } } }, // another county's id: no match
      {
        filter: { _id: 'c2' },
        update: { $set: { childId: 'z', dueOn: '2025-05-01', status: 'planned' } },
        upsert: true,
      },
    ]);
    expect(result).toEqual({ matched: 1, modified: 1, upserted: 1 });
    expect(await repo.findOne(CAOXIAN, { _id: 'c2' })).toMatchObject({
      countyCode: CAOXIAN.countyCode,
      childId: 'z',
    });
    expect(await repo.findOne(MUDAN, { _id: 'm3' })).toMatchObject({ status: 'planned' });
    expect(await repo.deleteOne(MUDAN, { _id: 'c2' })).toBe(false);
    expect(await repo.deleteOne(CAOXIAN, { _id: 'c2' })).toBe(true);
  });

  it('inserts once: the first writer of an id wins, a second learns it and changes nothing', async () => {
    const first = await repo.insertOnce(CAOXIAN, {
      _id: 'once',
      childId: 'a',
      dueOn: '2025-06-01',
      status: 'planned',
    });
    const second = await repo.insertOnce(CAOXIAN, {
      _id: 'once',
      childId: 'b',
      dueOn: '2025-07-01',
      status: 'done',
    });
    expect([first, second]).toEqual([true, false]);
    expect(await repo.findOne(CAOXIAN, { _id: 'once' })).toMatchObject({ childId: 'a', status: 'planned' });
    expect(await repo.deleteOne(CAOXIAN, { _id: 'once' })).toBe(true);
  });

  it('pages by keyset over (dueOn, _id): every row once, in order, with ties across pages', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await repo.findPage(MUDAN, {}, { pageSize: 3, cursor, sortField: 'dueOn' });
      seen.push(...page.items.map((v) => `${v.dueOn}/${v._id}`));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== undefined && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual([
      '2025-03-01/m0',
      '2025-03-01/m3',
      '2025-03-01/m6',
      '2025-03-02/m1',
      '2025-03-02/m4',
      '2025-03-03/m2',
      '2025-03-03/m5',
    ]);
  });

  it('pages by _id with a filter, and the last page has no cursor', async () => {
    const first = await repo.findPage(MUDAN, { status: 'planned' }, { pageSize: 4 });
    expect(first.items.map((v) => v._id)).toEqual(['m0', 'm3', 'm4', 'm5']);
    const second = await repo.findPage(
      MUDAN,
      { status: 'planned' },
      { pageSize: 4, cursor: first.nextCursor },
    );
    expect(second.items.map((v) => v._id)).toEqual(['m6']);
    expect(second.nextCursor).toBeUndefined();
  });
});

describe('MongoModule in a Nest app', () => {
  const dbName = `platform_mongomodule_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;

  @Injectable()
  class NestVisitRepository extends ScopedRepository<VisitDoc, CountyScope> {
    constructor(@InjectModel('Visit') model: Model<VisitDoc>) {
      super(model, ['countyCode']);
    }
  }

  it('provides the connection and models with their indexes built, and closes the connection on shutdown', async () => {
    @Module({
      imports: [
        MongoModule.forRoot({ uri: process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017/', dbName }),
        MongoModule.forFeature([{ name: 'Visit', schema: visitSchema, collection: 'visits' }]),
      ],
      providers: [NestVisitRepository],
    })
    class AppModule {}
    const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
    const connection = app.get<Connection>(MONGO_CONNECTION);
    try {
      expect(connection.name).toBe(dbName);
      const repo = app.get(NestVisitRepository);
      await repo.insertOne(MUDAN, { _id: 'n1', childId: 'c', dueOn: '2025-03-01', status: 'planned' });
      expect(await repo.count(MUDAN)).toBe(1);
      const indexes = await connection.collection('visits').indexes();
      expect(indexes.map((index) => index.key)).toContainEqual({ countyCode: 1, dueOn: 1, _id: 1 });
      await connection.dropDatabase();
    } finally {
      await app.close();
    }
    expect(connection.readyState).toBe(mongoose.ConnectionStates.disconnected);
  });
});
