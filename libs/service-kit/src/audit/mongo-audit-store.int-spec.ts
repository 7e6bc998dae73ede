import mongoose, { type Connection } from 'mongoose';
import { ulid } from 'ulid';
import { AuditTrail } from './audit-trail';
import { AUDIT_COLLECTION, MongoAuditStore } from './mongo-audit-store';
import type { AuditRecordInput } from './audit-entry';

// Real FerretDB/MongoDB: the append-only store, concurrent writers on separate connections,
// tampering through the raw collection, and the service's own action list enforced.

const uri = process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017/';
const dbName = `audit_it_${ulid().toLowerCase()}`;
const chainKey = Buffer.alloc(32, 0x5a);

const entry = (over: Partial<AuditRecordInput> = {}): AuditRecordInput => ({
  userId: 'officer-1',
  role: 'civil-affairs-officer',
  department: 'DEPARTMENT_CIVIL_AFFAIRS',
  action: 'reveal',
  recordId: 'child-A',
  field: 'idNumber',
  purpose: '核对户籍信息',
  countyCode: '371702',
  ...over,
});

async function connect(): Promise<Connection> {
  return mongoose.createConnection(uri, { dbName }).asPromise();
}

describe('audit trail on the real database', () => {
  let a: Connection;
  let b: Connection;

  beforeAll(async () => {
    [a, b] = await Promise.all([connect(), connect()]);
  });

  afterAll(async () => {
    await a.dropDatabase();
    await Promise.all([a.close(), b.close()]);
  });

  it('two writers on two connections append in batches without forking the chain, and the chain verifies', async () => {
    const clock = { now: () => new Date() };
    const storeA = new MongoAuditStore(a);
    await storeA.ensureIndexes();
    const trailA = new AuditTrail(storeA, chainKey, clock);
    const trailB = new AuditTrail(new MongoAuditStore(b), chainKey, clock);
    // Enough at once that each process writes batches, and the two collide on seqs many times.
    const writes = Array.from({ length: 150 }, (_, i) =>
      (i % 2 === 0 ? trailA : trailB).record(entry({ recordId: `child-${i}` })),
    );
    const written = await Promise.all(writes);
    expect(new Set(written.map((e) => e.seq))).toEqual(new Set(Array.from({ length: 150 }, (_, i) => i + 1)));
    // What each caller was told is what is stored under its seq.
    const stored = await a.collection(AUDIT_COLLECTION).find({}).toArray();
    const hashes = new Map(stored.map((d) => [d._id as unknown as number, d.hash as string]));
    for (const e of written) expect(hashes.get(e.seq)).toBe(e.hash);
    await expect(trailB.verifyChain()).resolves.toMatchObject({ ok: true, checked: 150, lastSeq: 150 });
  });

  it('detects an entry modified directly in the database', async () => {
    const trail = new AuditTrail(new MongoAuditStore(a), chainKey, { now: () => new Date() });
    await a.collection(AUDIT_COLLECTION).updateOne({ _id: 5 as never }, { $set: { purpose: '改过的用途' } });
    await expect(trail.verifyChain()).resolves.toMatchObject({
      ok: false,
      brokenAt: 5,
      problem: 'hash-mismatch',
    });
    await a
      .collection(AUDIT_COLLECTION)
      .updateOne({ _id: 5 as never }, { $set: { purpose: '核对户籍信息' } });
    await expect(trail.verifyChain()).resolves.toMatchObject({ ok: true });
  });

  it('detects an entry removed from the database', async () => {
    const trail = new AuditTrail(new MongoAuditStore(a), chainKey, { now: () => new Date() });
    const removed = await a.collection(AUDIT_COLLECTION).findOne({ _id: 7 as never });
    await a.collection(AUDIT_COLLECTION).deleteOne({ _id: 7 as never });
    await expect(trail.verifyChain()).resolves.toMatchObject({ ok: false, brokenAt: 7, problem: 'gap' });
    await a.collection(AUDIT_COLLECTION).insertOne(removed!);
    await expect(trail.verifyChain(3)).resolves.toMatchObject({ ok: true, checked: 148 });
  });

  it("refuses an action outside the service's list, and the chain is unchanged", async () => {
    const other = await mongoose.createConnection(uri, { dbName: `${dbName}_actions` }).asPromise();
    try {
      const trail = new AuditTrail(new MongoAuditStore(other, { actions: ['reveal'] }), chainKey, {
        now: () => new Date(),
      });
      await trail.record(entry());
      await expect(trail.record(entry({ action: 'delete-everything' }))).rejects.toThrow(/action/);
      await expect(trail.verifyChain()).resolves.toMatchObject({ ok: true, checked: 1 });
    } finally {
      await other.dropDatabase();
      await other.close();
    }
  });
});
