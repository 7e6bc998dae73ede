import { Injectable } from '@nestjs/common';
import type { Model } from 'mongoose';
import { InjectModel } from '@care/persistence';
import { SESSIONS, type SessionDocument } from './session.schema';

/** The only code that touches the sessions collection. */
@Injectable()
export class SessionsRepository {
  constructor(@InjectModel(SESSIONS) private readonly model: Model<SessionDocument>) {}

  async insert(doc: SessionDocument): Promise<void> {
    await this.model.collection.insertOne(doc as never);
  }

  async get(id: string): Promise<SessionDocument | undefined> {
    return (await this.model.findById(id).lean<SessionDocument>().exec()) ?? undefined;
  }

  /** Conditional replace on rev (read, compute, replace); false on a lost race. */
  async replace(doc: SessionDocument): Promise<boolean> {
    const result = await this.model.collection.replaceOne(
      { _id: doc._id as never, rev: doc.rev - 1 },
      doc as never,
    );
    return result.matchedCount === 1;
  }

  /** Ends every open session of a user (account disabled, password or TOTP reset, role changed). */
  async revokeAll(userId: string, at: Date): Promise<void> {
    const open = await this.model.find({ userId, revokedAt: null }).lean<SessionDocument[]>().exec();
    for (const session of open) await this.replace({ ...session, revokedAt: at, rev: session.rev + 1 });
  }
}
