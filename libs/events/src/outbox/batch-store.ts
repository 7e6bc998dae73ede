import { envelope as envelopeProto } from '@care/contracts';
import { mongo, type Connection } from 'mongoose';
import { ulidGenerator, type EventEnvelope, type IdGenerator } from '../envelope';
import type { OutboxEntry } from './entry';
import type { OutboxSource, PendingOutbox } from './source';

/** One event of a batch and the document whose write it reports. */
export interface BatchedEntry {
  readonly documentId: string;
  readonly entry: OutboxEntry;
}

/** A batch left open by a writer that did not seal it, as the owner's resolver sees it. */
export interface OpenOutboxBatch {
  readonly batchId: string;
  /** What the writer said about itself when it opened the batch (e.g. its job and county). */
  readonly owner: Readonly<Record<string, string>>;
  readonly openedAt: Date;
  /** The documents the batch's events report, in batch order, each once. */
  readonly documentIds: readonly string[];
}

/**
 * Decides an open batch: 'in-progress' while its writer may still be writing, otherwise the ids
 * of the documents whose write did happen (their events are published, the others dropped).
 */
export type OpenBatchResolver = (batch: OpenOutboxBatch) => Promise<'in-progress' | readonly string[]>;

export interface OutboxBatchStoreOptions {
  /** Without a resolver an open batch stays open (and is reported by countOpen()). */
  readonly resolveOpen?: OpenBatchResolver;
  /** An open batch younger than this is its writer's business (default 60 s). */
  readonly openGraceMs?: number;
  /** How often fetchPending looks for abandoned open batches (default 30 s). */
  readonly openCheckEveryMs?: number;
  readonly now?: () => Date;
  readonly newId?: IdGenerator;
}

type BatchState = 'open' | 'sealed';

/**
 * A batch as stored: its events as ONE binary field (length-prefixed protobuf envelopes) and their
 * documents' ids as one string, in the same order. FerretDB v1 turns every field of a document
 * into typed JSONB; a thousand entry sub-documents cost it seconds per insert where one binary
 * field of the same bytes costs milliseconds.
 */
interface StoredBatch {
  _id: string;
  state: BatchState;
  owner: Record<string, string>;
  openedAt: Date;
  count: number;
  documentIds: string;
  envelopes: mongo.Binary | Buffer;
}

/** Length-prefixed (uint32 big-endian) protobuf envelopes, in order. */
export function encodeEnvelopes(envelopes: readonly EventEnvelope[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of envelopes) {
    const bytes = envelopeProto.EventEnvelope.encode(e).finish();
    const prefix = Buffer.alloc(4);
    prefix.writeUInt32BE(bytes.length, 0);
    parts.push(prefix, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }
  return Buffer.concat(parts);
}

export function decodeEnvelopes(bytes: Uint8Array): EventEnvelope[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: EventEnvelope[] = [];
  let at = 0;
  while (at < buf.length) {
    if (at + 4 > buf.length) throw new Error('outbox batch: truncated envelope length');
    const length = buf.readUInt32BE(at);
    at += 4;
    if (at + length > buf.length) throw new Error('outbox batch: truncated envelope');
    out.push(envelopeProto.EventEnvelope.decode(buf.subarray(at, at + length)));
    at += length;
  }
  return out;
}

/** The entries of a batch whose document was written, in batch order (pure: what sealing keeps). */
export function entriesOfApplied<E extends { documentId: string }>(
  entries: readonly E[],
  applied: Iterable<string>,
): E[] {
  const written = new Set(applied);
  return entries.filter((e) => written.has(e.documentId));
}

/** The distinct document ids of a batch, in first-seen order. */
export function documentIdsOf(entries: readonly { documentId: string }[]): string[] {
  return [...new Set(entries.map((e) => e.documentId))];
}

interface Decoded {
  documentId: string;
  envelope: EventEnvelope;
}

function toEnvelope(entry: OutboxEntry): EventEnvelope {
  return {
    ...entry,
    payload: new Uint8Array(entry.payload.buffer, entry.payload.byteOffset, entry.payload.byteLength),
  };
}

function decodeBatch(doc: StoredBatch): Decoded[] {
  const raw = doc.envelopes instanceof mongo.Binary ? doc.envelopes.value() : doc.envelopes;
  const envelopes = decodeEnvelopes(raw);
  const ids = doc.documentIds === '' ? [] : doc.documentIds.split('\n');
  if (ids.length !== envelopes.length)
    throw new Error(`outbox batch ${doc._id}: ${envelopes.length} events but ${ids.length} document ids`);
  return envelopes.map((envelope, i) => ({ documentId: ids[i], envelope }));
}

/**
 * The outbox of a multi-document write (ADR 0009): the events of many new documents kept in ONE
 * outbox document, so the relay acknowledges them with one delete instead of one update per
 * document (on FerretDB v1 an update rewrites the whole document: as dear as the insert itself).
 *
 *   const batch = await store.open(entries, { jobId });   // 1. the events, before the documents
 *   … insert the documents (without their events) …       // 2. any subset may fail or crash
 *   await store.seal(batch, writtenIds);                  // 3. the events of what was written
 *
 * Open and sealed batches are only ever inserted and deleted, never updated, so FerretDB's lost
 * updates cannot touch them. The relay publishes sealed batches (in `_id` order) and deletes them.
 * A writer that dies between 1 and 3 leaves the batch open: once it is older than openGraceMs,
 * the owner's resolver says which documents exist, and their events are sealed then. A document
 * written is therefore always announced (perhaps twice: consumers de-duplicate), and a document
 * refused or never written never is.
 */
export class OutboxBatchStore implements OutboxSource {
  readonly name: string;
  private readonly collection: mongo.Collection<StoredBatch>;
  private readonly openGraceMs: number;
  private readonly openCheckEveryMs: number;
  private readonly now: () => Date;
  private readonly newId: IdGenerator;
  private ready: Promise<unknown> | undefined;
  private lastOpenCheck = 0;

  constructor(
    connection: Connection,
    collection = 'outbox_batches',
    private readonly options: OutboxBatchStoreOptions = {},
  ) {
    this.collection = connection.collection<StoredBatch>(collection);
    this.name = collection;
    this.openGraceMs = options.openGraceMs ?? 60_000;
    this.openCheckEveryMs = options.openCheckEveryMs ?? 30_000;
    this.now = options.now ?? (() => new Date());
    this.newId = options.newId ?? ulidGenerator;
  }

  init(): Promise<unknown> {
    if (!this.ready) {
      this.ready = this.collection.createIndex({ state: 1, _id: 1 });
      this.ready.catch(() => (this.ready = undefined));
    }
    return this.ready;
  }

  /** Step 1: stores the events before the documents are written; returns the batch id. */
  async open(entries: readonly BatchedEntry[], owner: Record<string, string> = {}): Promise<string> {
    await this.init();
    const _id = this.newId();
    await this.collection.insertOne(
      this.stored(
        _id,
        'open',
        { ...owner },
        entries.map((e) => ({ documentId: e.documentId, envelope: toEnvelope(e.entry) })),
      ),
    );
    return _id;
  }

  /**
   * Step 3: the events of the documents written (`applied`) leave with the next relay round; the
   * rest are dropped. Inserts the sealed batch, then deletes the open one: a crash in between
   * publishes them twice at worst.
   */
  async seal(batchId: string, entries: readonly BatchedEntry[], applied: Iterable<string>): Promise<void> {
    const kept = entriesOfApplied(
      entries.map((e) => ({ documentId: e.documentId, envelope: toEnvelope(e.entry) })),
      applied,
    );
    await this.sealStored(batchId, kept, {});
  }

  async fetchPending(limit: number): Promise<PendingOutbox[]> {
    await this.init();
    await this.resolveAbandoned();
    const docs = await this.collection.find({ state: 'sealed' }).sort({ _id: 1 }).limit(limit).toArray();
    return docs.map((doc) => ({
      source: this.name,
      documentId: doc._id,
      stored: [],
      envelopes: decodeBatch(doc).map((d) => d.envelope),
    }));
  }

  async acknowledge(pending: PendingOutbox): Promise<void> {
    await this.collection.deleteOne({ _id: pending.documentId as string, state: 'sealed' });
  }

  /** One delete for a whole round (the ids of a round are few: one per batch). */
  async acknowledgeMany(pending: readonly PendingOutbox[]): Promise<void> {
    if (pending.length === 0) return;
    if (pending.length === 1) return this.acknowledge(pending[0]);
    await this.collection.deleteMany({
      _id: { $in: pending.map((p) => p.documentId as string) },
      state: 'sealed',
    });
  }

  /** Batches sealed and not yet published. */
  async countSealed(): Promise<number> {
    return this.collection.countDocuments({ state: 'sealed' });
  }

  /** Batches opened and neither sealed nor resolved yet (a writer at work, or one that died). */
  async countOpen(): Promise<number> {
    return this.collection.countDocuments({ state: 'open' });
  }

  /** Looks at open batches past their grace now (fetchPending does it every openCheckEveryMs). */
  async resolveAbandoned(force = false): Promise<number> {
    const resolve = this.options.resolveOpen;
    if (resolve === undefined) return 0;
    const nowMs = this.now().getTime();
    if (!force && nowMs - this.lastOpenCheck < this.openCheckEveryMs) return 0;
    this.lastOpenCheck = nowMs;
    const stale = await this.collection
      .find({ state: 'open', openedAt: { $lt: new Date(nowMs - this.openGraceMs) } })
      .sort({ _id: 1 })
      .toArray();
    let resolved = 0;
    for (const batch of stale) {
      const entries = decodeBatch(batch);
      const verdict = await resolve({
        batchId: batch._id,
        owner: batch.owner ?? {},
        openedAt: batch.openedAt,
        documentIds: documentIdsOf(entries),
      });
      if (verdict === 'in-progress') continue;
      await this.sealStored(batch._id, entriesOfApplied(entries, verdict), { resolvedFrom: batch._id });
      resolved += 1;
    }
    return resolved;
  }

  private async sealStored(
    openId: string,
    kept: readonly Decoded[],
    owner: Record<string, string>,
  ): Promise<void> {
    if (kept.length > 0) await this.collection.insertOne(this.stored(this.newId(), 'sealed', owner, kept));
    await this.collection.deleteOne({ _id: openId, state: 'open' });
  }

  private stored(
    _id: string,
    state: BatchState,
    owner: Record<string, string>,
    entries: readonly Decoded[],
  ): StoredBatch {
    for (const e of entries)
      if (e.documentId.includes('\n'))
        throw new Error('outbox batch: a document id may not contain a line break');
    return {
      _id,
      state,
      owner,
      openedAt: this.now(),
      count: entries.length,
      documentIds: entries.map((e) => e.documentId).join('\n'),
      envelopes: encodeEnvelopes(entries.map((e) => e.envelope)),
    };
  }
}
