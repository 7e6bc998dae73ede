// The storage side of the backbone on the real database (FerretDB here, MongoDB 7 in production):
// the single-document writes the outbox, inbox and applyOnce rely on.
import {
  EmbeddedOutbox,
  InboxStore,
  OutboxStore,
  applyOnce,
  initialOutbox,
  outboxEntry,
  withOutbox,
  withOutboxUpdate,
  type WithOutbox,
} from '@care/events';
import { Model, Schema, type Connection } from 'mongoose';
import { connectDb, overdue, overdueType, tallyModel, uid } from './support';

jest.setTimeout(60_000);

interface ChildCase extends WithOutbox {
  _id: string;
  status: string;
}

describe('outbox, inbox and applyOnce on the database', () => {
  const id = uid();
  const type = overdueType(id);
  let connection: Connection;
  let Cases: Model<ChildCase>;

  beforeAll(async () => {
    connection = await connectDb(`it_storage_${id}`);
    Cases = connection.model<ChildCase>(
      'ChildCase',
      withOutbox(new Schema<ChildCase>({ _id: String, status: String }, { versionKey: false })),
      'child_cases',
    );
    await Cases.init();
  });

  afterAll(async () => {
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  });

  const entry = (child: string, days: number) => outboxEntry(type, child, overdue(child, days), 'registry');

  it('acknowledging removes exactly the published entries, keeping one written meanwhile pending', async () => {
    const [e1, e2, e3] = [entry('c1', 1), entry('c1', 2), entry('c1', 3)];
    await Cases.create({ _id: 'c1', status: 'registered', ...initialOutbox([e1, e2]) });
    const source = new EmbeddedOutbox(Cases.collection);
    const [pending] = await source.fetchPending(10);
    expect(pending.envelopes.map((e) => e.eventId)).toEqual([e1.eventId, e2.eventId]);
    expect(type.codec.decode(pending.envelopes[1].payload).daysOverdue).toBe(2);

    // The service writes again between the relay's read and its acknowledgement.
    await Cases.updateOne({ _id: 'c1' }, withOutboxUpdate({ $set: { status: 'visit-overdue' } }, [e3]));
    await source.acknowledge(pending);
    const after = await Cases.findById('c1').lean();
    expect(after?.outbox.map((e) => e.eventId)).toEqual([e3.eventId]);
    expect(after?.outboxPending).toBe(true);
    expect(after?.status).toBe('visit-overdue');

    const [next] = await source.fetchPending(10);
    await source.acknowledge(next);
    expect(await Cases.findById('c1').lean()).toMatchObject({ outbox: [], outboxPending: false });
    expect(await source.fetchPending(10)).toEqual([]);
  });

  it('acknowledges a round in bulk: every published outbox emptied, an event written meanwhile kept pending', async () => {
    const Batch = connection.model<ChildCase>(
      'BatchCase',
      withOutbox(new Schema<ChildCase>({ _id: String, status: String }, { versionKey: false })),
      'batch_cases',
    );
    await Batch.init();
    // 40 documents: three bulk commands of at most 16, so the fallback is exercised in one of them.
    const ids = Array.from({ length: 40 }, (_, i) => `b${String(i).padStart(2, '0')}`);
    await Batch.insertMany(
      ids.map((child) => ({
        _id: child,
        status: 'registered',
        ...initialOutbox([entry(child, 1), entry(child, 2)]),
      })),
    );
    await Batch.collection.insertOne({
      _id: 'b-stale' as never,
      status: 'x',
      outbox: [],
      outboxPending: true,
    });
    const source = new EmbeddedOutbox(Batch.collection);
    const pending = await source.fetchPending(100);
    expect(pending).toHaveLength(41);

    const late = entry('b17', 3);
    await Batch.updateOne({ _id: 'b17' }, withOutboxUpdate({ $set: { status: 'visit-overdue' } }, [late]));
    await source.acknowledgeMany(pending);

    const after = await Batch.find({}).sort({ _id: 1 }).lean();
    const kept = after.filter((d) => d.outboxPending);
    expect(kept.map((d) => d._id)).toEqual(['b17']);
    expect(kept[0].outbox.map((e) => e.eventId)).toEqual([late.eventId]);
    expect(kept[0].status).toBe('visit-overdue');
    expect(after.filter((d) => d._id !== 'b17').every((d) => d.outbox.length === 0)).toBe(true);
    expect((await source.fetchPending(100)).map((p) => p.documentId)).toEqual(['b17']);
  });

  it('clears a stale pending flag on a document whose outbox is already empty', async () => {
    await Cases.collection.insertOne({
      _id: 'c-stale' as never,
      status: 'x',
      outbox: [],
      outboxPending: true,
    });
    const source = new EmbeddedOutbox(Cases.collection);
    const stale = (await source.fetchPending(10)).find((p) => p.documentId === 'c-stale');
    expect(stale?.envelopes).toEqual([]);
    await source.acknowledge(stale!);
    expect(await Cases.findById('c-stale').lean()).toMatchObject({ outboxPending: false });
  });

  it('the standalone store publishes in append order and ignores a re-appended event', async () => {
    const store = new OutboxStore(connection, `outbox_${id}`);
    const entries = [entry('c1', 1), entry('c2', 2), entry('c3', 3)];
    await store.append(...entries);
    await store.append(entries[1]); // a retried append
    const pending = await store.fetchPending(10);
    expect(pending.map((p) => p.envelopes[0].eventId)).toEqual(entries.map((e) => e.eventId));
    await store.acknowledge(pending[0]);
    expect(await store.countPending()).toBe(2);

    const retained = new OutboxStore(connection, `outbox_kept_${id}`, { retainPublished: true });
    await retained.append(entries[0]);
    await retained.acknowledge((await retained.fetchPending(1))[0]);
    expect(await retained.countPending()).toBe(0);
    expect(await retained.prune(new Date(Date.now() + 1000))).toBe(1);
  });

  it('the inbox records an event once per group, under its unique index', async () => {
    const inbox = new InboxStore(connection, `inbox_${id}`);
    const source = { topic: type.topic, partition: 0, offset: '5' };
    expect(await inbox.seen('g1', 'E1')).toBe(false);
    await inbox.record('g1', 'E1', source);
    await inbox.record('g1', 'E1', source); // a redelivery after a lost commit: no error, no second record
    expect(await inbox.seen('g1', 'E1')).toBe(true);
    expect(await inbox.seen('g2', 'E1')).toBe(false); // another group has not handled it
    expect(await inbox.model.countDocuments({ group: 'g1', eventId: 'E1' })).toBe(1);
    await expect(inbox.model.collection.insertOne({ group: 'g1', eventId: 'E1' })).rejects.toMatchObject({
      code: 11000,
    });
  });

  it('applyOnce applies an event once, creates the document on first use, and keeps the id window bounded', async () => {
    const Tally = tallyModel(connection);
    await Tally.init();
    const inc = (days: number) => ({ $inc: { overdueVisits: 1, totalDaysOverdue: days } });
    expect(await applyOnce(Tally, { _id: 'c9' }, 'E1', inc(1), { window: 3 })).toBe('applied'); // upserted
    expect(await applyOnce(Tally, { _id: 'c9' }, 'E1', inc(1), { window: 3 })).toBe('duplicate');
    for (const [i, e] of ['E2', 'E3', 'E4', 'E5'].entries())
      expect(await applyOnce(Tally, { _id: 'c9' }, e, inc(i + 2), { window: 3 })).toBe('applied');
    expect(await applyOnce(Tally, { _id: 'c9' }, 'E4', inc(4), { window: 3 })).toBe('duplicate');
    const doc = await Tally.findById('c9').lean();
    expect(doc).toMatchObject({ overdueVisits: 5, totalDaysOverdue: 1 + 2 + 3 + 4 + 5 });
    expect(doc?.processedEventIds).toEqual(['E3', 'E4', 'E5']); // the oldest ids leave the window
  });

  it('applyOnce with upsert off tells a missing document from a duplicate', async () => {
    const Tally = tallyModel(connection);
    expect(
      await applyOnce(Tally, { _id: 'absent' }, 'E1', { $inc: { overdueVisits: 1 } }, { upsert: false }),
    ).toBe('no-match');
    expect(
      await applyOnce(Tally, { _id: 'c9' }, 'E5', { $inc: { overdueVisits: 1 } }, { upsert: false }),
    ).toBe('duplicate');
    expect(await Tally.findById('absent')).toBeNull();
  });

  it('applyOnce refuses a model without processedEventIds (strict mode would drop the guard silently)', async () => {
    await expect(applyOnce(Cases, { _id: 'c1' }, 'E1', { $set: { status: 'x' } })).rejects.toThrow(
      /processedEventIds/,
    );
  });
});
