import { Inject, Injectable } from '@nestjs/common';
import { Schema, type Model } from 'mongoose';
import type { registry } from '@care/contracts';
import type { ExchangeRecord } from '@care/exchange-rules';
import { InjectModel } from '@care/persistence';
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

  /** Keeps the child's record for every partner (one replace each: the consumer is the only writer of a child). */
  async keep(child: registry.Child): Promise<void> {
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
        updatedAt: this.clock.now(),
      };
      await this.records.collection.replaceOne({ _id: doc._id as never }, doc as never, { upsert: true });
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
