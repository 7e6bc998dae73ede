// Bulk writes larger than FerretDB's PostgreSQL pool, against the real database.
//
// FerretDB v1 keeps one PostgreSQL connection checked out per update statement until the whole
// command ends; one `update` command of more statements than its pool (infra/ferretdb.sh:
// pool_max_conns=150) never finishes and FerretDB stops answering everyone. unorderedBulkWrite
// sends commands of MAX_OPERATIONS_PER_COMMAND, so 400 keyed updates complete.
import mongoose, { type Connection } from 'mongoose';
import { MAX_OPERATIONS_PER_COMMAND, unorderedBulkWrite } from '@care/persistence';

const MONGODB_URI = process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017/';
const COUNT = 400;

describe('unorderedBulkWrite on the real database', () => {
  const dbName = `it_bulk_${Date.now().toString(36)}`;
  let connection: Connection;

  beforeAll(async () => {
    connection = await mongoose
      .createConnection(MONGODB_URI, { dbName, serverSelectionTimeoutMS: 5000, retryWrites: false })
      .asPromise();
  });

  afterAll(async () => {
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  });

  it(`applies ${COUNT} keyed updates (more than FerretDB's pool) in one call`, async () => {
    expect(COUNT).toBeGreaterThan(150 + MAX_OPERATIONS_PER_COMMAND);
    type Doc = { _id: string; n: number };
    const collection = connection.collection<Doc>('bulk_updates');
    const ids = Array.from({ length: COUNT }, (_, i) => `item-${String(i).padStart(4, '0')}`);
    await collection.insertMany(ids.map((_id) => ({ _id, n: 0 })));

    const summary = await unorderedBulkWrite(
      collection,
      ids.map((_id, i) => ({ updateOne: { filter: { _id }, update: { $set: { n: i + 1 } } } })),
    );

    expect(summary).toMatchObject({ matchedCount: COUNT, modifiedCount: COUNT, writeErrors: [] });
    const stored = await collection.find({}, { sort: { _id: 1 } }).toArray();
    expect(stored.map((d) => d.n)).toEqual(ids.map((_, i) => i + 1));
  });

  it('reports duplicate inserts by their index in the input and stores the rest', async () => {
    type Doc = { _id: string; code: string };
    const collection = connection.collection<Doc>('bulk_inserts');
    await collection.createIndex({ code: 1 }, { unique: true });
    const docs = Array.from({ length: 3 * MAX_OPERATIONS_PER_COMMAND }, (_, i) => ({
      _id: `doc-${String(i).padStart(3, '0')}`,
      // Two documents repeat the first one's code: the unique index refuses them.
      code: i === 5 || i === 2 * MAX_OPERATIONS_PER_COMMAND + 1 ? 'c0' : `c${i}`,
    }));

    const summary = await unorderedBulkWrite(
      collection,
      docs.map((document) => ({ insertOne: { document } })),
    );

    expect(summary.writeErrors.map((e) => [e.index, e.code])).toEqual([
      [5, 11000],
      [2 * MAX_OPERATIONS_PER_COMMAND + 1, 11000],
    ]);
    expect(summary.insertedCount).toBe(docs.length - 2);
    expect(await collection.countDocuments()).toBe(docs.length - 2);
  });
});
