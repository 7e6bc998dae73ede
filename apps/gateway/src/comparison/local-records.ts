import { Inject, Injectable } from '@nestjs/common';
import { Schema, type Model } from 'mongoose';
import type { registry } from '@care/contracts';
import type { ExchangeRecord } from '@care/exchange-rules';
import { InjectModel, isDuplicateKey, isRejectedStaleWrite } from '@care/persistence';
import { CLOCK, FieldSealer, type Clock } from '@care/service-kit';
import { GATEWAY_IDENTITY } from '../identity.provider';
import type { GatewayIdentity } from '../pki/gateway-identity';
import { exchangeRecordOf } from '../push/record-builder';

// This city's own registry children as the exchanged record, indexed per partner under the pair
// key (本市比对名单): the hukou side of a full reconciliation with that partner. Kept from the
// registry's events (each change is read once, audited, by the push consumer), sealed at rest.

export const LOCAL_RECORDS = 'LocalRecord';

export interface LocalRecordDocument {
  _id: string; // `<peerCity>:<childId>`
  peerCity: string;
  childId: string;
  idNumberIndex: string;
  /** The child's county here (where a difference about the child is routed). */
  countyCode: string;
  record: string; // sealed ExchangeRecord
  /** The registry version of the child the record was built from (a later one replaces it). */
  version?: number;
  updatedAt: Date;
}

export const localRecordSchema = new Schema<LocalRecordDocument>(
  {
    _id: String,
    peerCity: String,
    childId: String,
    idNumberIndex: String,
    countyCode: String,
    record: String,
    version: Number,
    updatedAt: Date,
  },
  { versionKey: false },
);
localRecordSchema.index({ peerCity: 1, idNumberIndex: 1 });

const READ_BATCH = 1000;

@Injectable()
export class LocalRecords {
  constructor(
    @InjectModel(LOCAL_RECORDS) private readonly records: Model<LocalRecordDocument>,
    @Inject(GATEWAY_IDENTITY) private readonly identity: GatewayIdentity,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly sealer: FieldSealer,
  ) {}

  /**
   * Keeps the child's record for every partner: one conditional replace each, applied only over
   * an older registry version. The consumer handles the registry's topics concurrently, so two
   * events of one child may race here: the second first insert fails on the key, and an older
   * read must not overwrite a newer one — both are already kept, nothing to do.
   */
  async keep(child: registry.Child): Promise<void> {
    const version = Number(child.facts?.version ?? '0');
    for (const peer of this.identity.peers.values()) {
      const built = exchangeRecordOf(child, {
        pairKey: peer.pairIndexKey,
        keyCare: false,
        updatedAt: this.clock.now().toISOString(),
        side: 'hukou',
      });
      if (!built.ok) continue;
      const doc: LocalRecordDocument = {
        _id: `${peer.city}:${child.childId}`,
        peerCity: peer.city,
        childId: child.childId,
        idNumberIndex: built.record.idNumberIndex,
        countyCode: child.facts?.residenceCountyCode ?? '',
        record: this.sealer.seal(JSON.stringify(built.record)),
        version,
        updatedAt: this.clock.now(),
      };
      try {
        await this.records.collection.replaceOne(
          {
            _id: doc._id as never,
            $or: [{ version: { $lt: version } }, { version: { $exists: false } }],
          },
          doc as never,
          { upsert: true },
        );
      } catch (error) {
        // The record exists at this version or a newer one (a concurrent event of the child);
        // on FerretDB its guard refuses an older write that matched before the newer one landed.
        if (!isDuplicateKey(error) && !isRejectedStaleWrite(error)) throw error;
      }
    }
  }

  /** The county a local child's differences go to. */
  async countyOf(peerCity: string, childId: string): Promise<string | undefined> {
    const doc = await this.records.collection.findOne({ _id: `${peerCity}:${childId}` as never });
    return (doc?.countyCode as string | undefined) ?? undefined;
  }

  /** Every local record for a partner, ascending by pair index, opened, in batches. */
  async *sorted(peerCity: string): AsyncGenerator<ExchangeRecord[]> {
    const cursor = this.records.collection
      .find({ peerCity }, { projection: { record: 1, idNumberIndex: 1 } })
      .sort({ idNumberIndex: 1 })
      .batchSize(READ_BATCH);
    let batch: ExchangeRecord[] = [];
    for await (const doc of cursor) {
      batch.push(JSON.parse(this.sealer.open(doc.record as string)) as ExchangeRecord);
      if (batch.length === READ_BATCH) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }
}
