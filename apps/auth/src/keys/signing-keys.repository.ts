import { Injectable } from '@nestjs/common';
import type { Model } from 'mongoose';
import { InjectModel } from '@care/persistence';
import { publishedAt } from './key-schedule';
import { SIGNING_KEYS, type SigningKeyDocument } from './signing-key.schema';

/** The only code that touches the signing_keys collection. */
@Injectable()
export class SigningKeysRepository {
  constructor(@InjectModel(SIGNING_KEYS) private readonly model: Model<SigningKeyDocument>) {}

  async insert(doc: SigningKeyDocument): Promise<void> {
    await this.model.collection.insertOne(doc as never);
  }

  /** Every key still signing or still published at `now`, newest first. */
  async published(now: Date): Promise<SigningKeyDocument[]> {
    const stored = await this.model.find({}).sort({ createdAt: -1 }).lean<SigningKeyDocument[]>().exec();
    // A key stored before keys had an activation instant signed from its creation.
    const docs = stored.map((d) => (d.activatesAt instanceof Date ? d : { ...d, activatesAt: d.createdAt }));
    // Filtered here rather than with $or/$gt on nullable dates (FerretDB v1 evaluates those unevenly).
    return publishedAt(docs, now);
  }

  /** Retires a signing key: it signs no more from `at` on and stays published until `publishUntil`. */
  async retire(kid: string, at: Date, publishUntil: Date): Promise<void> {
    await this.model
      .updateOne({ _id: kid, retiredAt: null }, { $set: { retiredAt: at, publishUntil } })
      .exec();
  }
}
