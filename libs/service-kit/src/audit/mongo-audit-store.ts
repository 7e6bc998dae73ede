import { Schema, type Connection, type Model } from 'mongoose';
import { AUDIT_ROLES, type AuditEntry } from './audit-entry';
import type { AuditQuery, AuditStore } from './audit-store';

export const AUDIT_COLLECTION = 'audit_trail';

/** Stored shape: `_id` is the seq, so the primary key itself forbids two entries with one seq (no fork). */
interface AuditDocument extends Omit<AuditEntry, 'seq'> {
  _id: number;
}

export interface MongoAuditStoreOptions {
  /** The service's actions (e.g. the registry's REGISTRY_AUDIT_ACTIONS): any other is refused on insert. */
  readonly actions?: readonly string[];
}

function auditSchema(actions: readonly string[] | undefined): Schema<AuditDocument> {
  const schema = new Schema<AuditDocument>(
    {
      _id: { type: Number, required: true },
      at: { type: Date, required: true },
      userId: { type: String, required: true },
      role: { type: String, required: true, enum: [...AUDIT_ROLES] },
      department: { type: String, required: true },
      action: { type: String, required: true, ...(actions === undefined ? {} : { enum: [...actions] }) },
      recordId: { type: String, required: true },
      field: { type: String, required: true },
      purpose: { type: String, required: true },
      countyCode: { type: String, required: true },
      recordCount: { type: Number, required: false },
      prevHash: { type: String, required: true },
      hash: { type: String, required: true },
    },
    { collection: AUDIT_COLLECTION, versionKey: false, strict: 'throw', autoIndex: false },
  );
  schema.index({ recordId: 1, _id: 1 });
  schema.index({ at: 1 });
  return schema;
}

function toEntry(doc: AuditDocument): AuditEntry {
  const { _id, recordCount, ...rest } = doc;
  return { ...rest, seq: _id, ...(recordCount === undefined || recordCount === null ? {} : { recordCount }) };
}

function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

function hasDuplicateKeyWriteError(error: unknown): boolean {
  const writeErrors = (error as { writeErrors?: unknown } | null)?.writeErrors;
  const list = Array.isArray(writeErrors) ? writeErrors : writeErrors === undefined ? [] : [writeErrors];
  return list.some(
    (e) =>
      (e as { code?: unknown }).code === 11000 || (e as { err?: { code?: unknown } }).err?.code === 11000,
  );
}

/**
 * The audit trail in MongoDB/FerretDB. The only writes are inserts: this class has no update
 * or delete path, and the database account of a production deployment should be granted
 * insert+find only on this collection (see README).
 */
export class MongoAuditStore implements AuditStore {
  private readonly model: Model<AuditDocument>;

  constructor(connection: Connection, options: MongoAuditStoreOptions = {}) {
    // One model per connection: the first store on a connection fixes its action list.
    this.model =
      (connection.models['AuditEntry'] as Model<AuditDocument> | undefined) ??
      connection.model<AuditDocument>('AuditEntry', auditSchema(options.actions));
  }

  async ensureIndexes(): Promise<void> {
    await this.model.createIndexes();
  }

  async last(): Promise<AuditEntry | undefined> {
    const doc = await this.model.findOne({}).sort({ _id: -1 }).lean<AuditDocument>().exec();
    return doc === null ? undefined : toEntry(doc);
  }

  async append(entries: readonly AuditEntry[]): Promise<number> {
    if (entries.length === 0) return 0;
    const docs = entries.map(({ seq, ...rest }) => ({ _id: seq, ...rest }));
    // Validated first (strict: throw), all of them: a malformed entry refuses the whole batch.
    for (const doc of docs) await new this.model(doc).validate();
    try {
      // One ordered insert: a taken seq stops it there; the entries before it are stored.
      await this.model.collection.insertMany(docs as never[], { ordered: true });
      return entries.length;
    } catch (error) {
      if (!isDuplicateKey(error) && !hasDuplicateKeyWriteError(error)) throw error;
      // Which of ours landed: the prefix whose stored hashes are ours (not a count the driver
      // reports, which servers report unevenly on a failed ordered insert).
      const stored = await this.model
        .find({ _id: { $in: docs.map((d) => d._id) } }, { hash: 1 })
        .lean<{ _id: number; hash: string }[]>()
        .exec();
      const hashes = new Map(stored.map((d) => [d._id, d.hash]));
      let landed = 0;
      while (landed < entries.length && hashes.get(entries[landed]!.seq) === entries[landed]!.hash)
        landed += 1;
      return landed;
    }
  }

  async *scan(fromSeq: number): AsyncIterable<AuditEntry> {
    // Pages by _id rather than one long cursor, so a verification of a long trail does not hold
    // a server cursor open for minutes.
    let after = fromSeq - 1;
    for (;;) {
      const page = await this.model
        .find({ _id: { $gt: after } })
        .sort({ _id: 1 })
        .limit(1000)
        .lean<AuditDocument[]>()
        .exec();
      if (page.length === 0) return;
      for (const doc of page) yield toEntry(doc);
      after = page[page.length - 1]!._id;
    }
  }

  async query(query: AuditQuery): Promise<AuditEntry[]> {
    const filter: Record<string, unknown> = {};
    if (query.recordId !== undefined) filter['recordId'] = query.recordId;
    if (query.action !== undefined) filter['action'] = query.action;
    if (query.countyCodes !== undefined) filter['countyCode'] = { $in: [...query.countyCodes] };
    if (query.afterSeq !== undefined) filter['_id'] = { $gt: query.afterSeq };
    const at: Record<string, Date> = {};
    if (query.from !== undefined) at['$gte'] = query.from;
    if (query.to !== undefined) at['$lt'] = query.to;
    if (Object.keys(at).length > 0) filter['at'] = at;
    const docs = await this.model
      .find(filter)
      .sort({ _id: 1 })
      .limit(query.limit)
      .lean<AuditDocument[]>()
      .exec();
    return docs.map(toEntry);
  }
}
