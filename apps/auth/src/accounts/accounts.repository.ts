import { Injectable } from '@nestjs/common';
import type { Model } from 'mongoose';
import { InjectModel, isDuplicateKey } from '@care/persistence';
import { ACCOUNTS, type AccountDocument } from './account.schema';

/** The only code that touches the accounts collection. */
@Injectable()
export class AccountsRepository {
  constructor(@InjectModel(ACCOUNTS) private readonly model: Model<AccountDocument>) {}

  async get(userId: string): Promise<AccountDocument | undefined> {
    const doc = await this.model.findById(userId).lean<AccountDocument>().exec();
    return doc ?? undefined;
  }

  /** Inserts a new account; false when the user id is taken. */
  async insert(doc: AccountDocument): Promise<boolean> {
    try {
      await this.model.collection.insertOne(doc as never);
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  /**
   * Replaces the account if nobody wrote it since `doc.rev - 1` was read (read, compute, conditional
   * replace); false on a lost race, and the caller reads again.
   */
  async replace(doc: AccountDocument): Promise<boolean> {
    const result = await this.model.collection.replaceOne(
      { _id: doc._id as never, rev: doc.rev - 1 },
      doc as never,
    );
    return result.matchedCount === 1;
  }

  /** Accounts whose counties include one of `countyCodes` (an admin's scope), by user id. */
  async inCounties(countyCodes: readonly string[], limit: number): Promise<AccountDocument[]> {
    return this.model
      .find({ countyCodes: { $in: [...countyCodes] } })
      .sort({ _id: 1 })
      .limit(limit)
      .lean<AccountDocument[]>()
      .exec();
  }
}
