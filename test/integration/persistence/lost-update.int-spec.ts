// A relay acknowledging an outbox races a state change of the same document, on the real
// database. MongoDB makes each single-document update atomic. FerretDB v1 reads, changes in Go
// and writes the whole document back without a lock (40 concurrent $inc left n = 14), so the
// acknowledgement could overwrite the state change and its new events. The guard in
// infra/postgres/ferretdb-lookup-indexes.sql rejects such stale writes; the relay retries a
// rejected acknowledgement. Whatever the interleaving, the new events must survive.
import mongoose, { type Connection } from 'mongoose';

const MONGODB_URI = process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017/';
const ROUNDS = 40;

describe('an outbox acknowledgement racing a state change (real database)', () => {
  const dbName = `it_race_${Date.now().toString(36)}`;
  let connection: Connection;

  beforeAll(async () => {
    connection = await mongoose
      .createConnection(MONGODB_URI, {
        dbName,
        serverSelectionTimeoutMS: 5000,
        retryWrites: false,
        maxPoolSize: 8,
      })
      .asPromise();
  });

  afterAll(async () => {
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  });

  it(`never loses the state change or its events (${ROUNDS} races)`, async () => {
    type Doc = {
      _id: string;
      version: number;
      state: string;
      outbox: { eventId: string }[];
      outboxPending: boolean;
    };
    const collection = connection.collection<Doc>('race_children');
    const published = [{ eventId: 'A' }, { eventId: 'B' }];
    await collection.insertMany(
      Array.from({ length: ROUNDS }, (_, i) => ({
        _id: `child-${String(i).padStart(3, '0')}`,
        version: 1,
        state: 'registered',
        outbox: published,
        outboxPending: true,
      })),
    );

    let rejectedAcks = 0;
    await Promise.all(
      Array.from({ length: ROUNDS }, async (_, i) => {
        const _id = `child-${String(i).padStart(3, '0')}`;
        const acknowledge = collection
          .updateOne({ _id, outbox: published }, { $set: { outbox: [], outboxPending: false } })
          .catch(() => {
            rejectedAcks += 1; // the relay's next round publishes again (at least once)
          });
        const change = collection.updateOne(
          { _id, version: 1 },
          {
            $set: { version: 2, state: 'moved-in', outboxPending: true },
            $push: { outbox: { $each: [{ eventId: `C${i}` }, { eventId: `D${i}` }] } },
          },
        );
        await Promise.all([acknowledge, change]);
      }),
    );

    const stored = await collection.find({}, { sort: { _id: 1 } }).toArray();
    for (const [i, doc] of stored.entries()) {
      expect({ _id: doc._id, version: doc.version, state: doc.state }).toEqual({
        _id: `child-${String(i).padStart(3, '0')}`,
        version: 2,
        state: 'moved-in',
      });
      expect(doc.outbox.map((e) => e.eventId)).toEqual(expect.arrayContaining([`C${i}`, `D${i}`]));
      expect(doc.outboxPending).toBe(true);
    }
    console.log(`[race] ${ROUNDS} races, ${rejectedAcks} stale acknowledgements rejected by the storage`);
  });
});
