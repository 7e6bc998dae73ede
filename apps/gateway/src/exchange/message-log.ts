import { Inject, Injectable } from '@nestjs/common';
import { Schema, type Model } from 'mongoose';
import { hmacSm3 } from '@care/crypto';
import { CLOCK, type Clock } from '@care/service-kit';
import { InjectModel } from '@care/persistence';
import { canonicalJson } from './canonical-json';

// 报文日志: every message sent and received, every receipt and every refusal, append-only and
// hash-chained (HMAC-SM3 under AUDIT_CHAIN_KEY, which the database does not hold) so that an
// edit or a removal in the middle shows in `verify()`. It holds hashes, ids, cities and reasons:
// never a record's content.

export const MESSAGE_LOG = 'MessageLogEntry';
/** The HMAC-SM3 chain key (AUDIT_CHAIN_KEY of the config). */
export const MESSAGE_LOG_KEY = Symbol('MessageLogKey');

export type MessageLogEvent =
  | 'sent' // a transmission left (outgoing)
  | 'send-failed' // the partner did not answer, or refused (outgoing)
  | 'receipted' // its signed receipt arrived and verified (outgoing)
  | 'received' // a message was verified and answered (incoming)
  | 'refused'; // a message was refused before anything of it was stored (incoming)

export interface MessageLogInput {
  readonly direction: 'out' | 'in';
  readonly event: MessageLogEvent;
  readonly peerCity: string;
  /** Empty when a refused message had no readable id. */
  readonly messageId: string;
  readonly envelopeHash: string;
  readonly receiptHash?: string;
  /** applied / duplicate / stale for a receipt; the refusal reason (bad-signature, replayed …) for a refusal. */
  readonly outcome?: string;
  /** Chinese text: why it failed or was refused. */
  readonly detail?: string;
}

export interface MessageLogEntry extends MessageLogInput {
  readonly seq: number;
  readonly at: Date;
  readonly prevHash: string;
  readonly hash: string;
}

interface MessageLogDocument extends Omit<MessageLogEntry, 'seq'> {
  _id: number;
}

export const messageLogSchema = new Schema<MessageLogDocument>(
  {
    _id: Number,
    direction: String,
    event: String,
    peerCity: String,
    messageId: String,
    envelopeHash: String,
    receiptHash: String,
    outcome: String,
    detail: String,
    at: Date,
    prevHash: String,
    hash: String,
  },
  { versionKey: false },
);
messageLogSchema.index({ messageId: 1 });

const GENESIS = '0'.repeat(64);
const MAX_APPEND_ATTEMPTS = 50;

function entryHash(key: Buffer, entry: Omit<MessageLogEntry, 'hash'>): string {
  const { prevHash, at, ...rest } = entry;
  return hmacSm3(key, prevHash, canonicalJson({ ...rest, at: at.toISOString() })).toString('hex');
}

function toEntry(doc: MessageLogDocument): MessageLogEntry {
  const { _id, ...rest } = doc;
  const entry: Record<string, unknown> = { ...rest, seq: _id };
  for (const k of ['receiptHash', 'outcome', 'detail'])
    if (entry[k] === null || entry[k] === undefined) delete entry[k];
  return entry as unknown as MessageLogEntry;
}

@Injectable()
export class MessageLog {
  constructor(
    @InjectModel(MESSAGE_LOG) private readonly model: Model<MessageLogDocument>,
    @Inject(MESSAGE_LOG_KEY) private readonly key: Buffer,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Appends run one after another in this process (the head is cached); other replicas contend on seq. */
  private tail: Promise<unknown> = Promise.resolve();
  private head: { seq: number; hash: string } | undefined;

  /** Appends one entry once it is durably stored (seq is the unique _id: one writer wins each seq). */
  append(input: MessageLogInput): Promise<MessageLogEntry> {
    const run = this.tail.then(() => this.appendNow(input));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async appendNow(input: MessageLogInput): Promise<MessageLogEntry> {
    for (let attempt = 1; attempt <= MAX_APPEND_ATTEMPTS; attempt += 1) {
      if (this.head === undefined) {
        const last = await this.model.collection.find({}).sort({ _id: -1 }).limit(1).next();
        this.head = {
          seq: (last?._id as number | undefined) ?? 0,
          hash: (last?.hash as string | undefined) ?? GENESIS,
        };
      }
      const given = Object.fromEntries(
        Object.entries(input).filter(([, v]) => v !== undefined),
      ) as MessageLogInput;
      const body: Omit<MessageLogEntry, 'hash'> = {
        ...given,
        seq: this.head.seq + 1,
        at: this.clock.now(),
        prevHash: this.head.hash,
      };
      const entry: MessageLogEntry = { ...body, hash: entryHash(this.key, body) };
      const { seq, ...rest } = entry;
      try {
        await this.model.collection.insertOne({ _id: seq, ...rest } as never);
        this.head = { seq, hash: entry.hash };
        return entry;
      } catch (error) {
        this.head = undefined; // another replica took this seq, or the write failed: read the head again
        if ((error as { code?: number }).code !== 11000) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 3 * attempt)));
      }
    }
    throw new Error('message log: could not append (too many concurrent writers)');
  }

  /** Entries about one message, oldest first. */
  async forMessage(messageId: string): Promise<MessageLogEntry[]> {
    const docs = await this.model.collection.find({ messageId }).sort({ _id: 1 }).toArray();
    return docs.map((d) => toEntry(d as unknown as MessageLogDocument));
  }

  /** The newest entries first, paged by seq. */
  async page(limit: number, beforeSeq?: number): Promise<MessageLogEntry[]> {
    const filter = beforeSeq === undefined ? {} : { _id: { $lt: beforeSeq } };
    const docs = await this.model.collection
      .find(filter as never)
      .sort({ _id: -1 })
      .limit(limit)
      .toArray();
    return docs.map((d) => toEntry(d as unknown as MessageLogDocument));
  }

  /** Walks the whole chain: the first entry whose hash, link or number is wrong. */
  async verify(): Promise<{ ok: true; checked: number } | { ok: false; brokenAt: number; problem: string }> {
    let previous: MessageLogEntry | undefined;
    let checked = 0;
    for await (const doc of this.model.collection.find({}).sort({ _id: 1 })) {
      const entry = toEntry(doc as unknown as MessageLogDocument);
      if (entry.seq !== (previous?.seq ?? 0) + 1)
        return { ok: false, brokenAt: (previous?.seq ?? 0) + 1, problem: 'gap' };
      if (entry.prevHash !== (previous?.hash ?? GENESIS))
        return { ok: false, brokenAt: entry.seq, problem: 'prev-hash-mismatch' };
      const { hash, ...body } = entry;
      if (entryHash(this.key, body) !== hash)
        return { ok: false, brokenAt: entry.seq, problem: 'hash-mismatch' };
      previous = entry;
      checked += 1;
    }
    return { ok: true, checked };
  }
}
