import { Injectable } from '@nestjs/common';
import type { Model } from 'mongoose';
import { InjectModel, isDuplicateKey } from '@care/persistence';
import { CHILD_HEALTH_VISITS, type ChildHealthVisitDocument } from './child-health-visit.schema';

/** Ids per `$in` query: FerretDB v1 evaluates `$in` after a scan, so keep the lists short. */
const ID_CHUNK = 200;

/**
 * The only code touching the visits. Reads are by child: the caller has checked the child's
 * county against the actor first (a child's visits follow the child, whatever county recorded them).
 */
@Injectable()
export class ChildHealthVisitsRepository {
  constructor(@InjectModel(CHILD_HEALTH_VISITS) private readonly model: Model<ChildHealthVisitDocument>) {}

  /** Inserts once: false when the child already has this visit (nothing written). */
  async create(doc: ChildHealthVisitDocument): Promise<boolean> {
    try {
      await this.model.collection.insertOne(doc as never);
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  forChild(childId: string): Promise<ChildHealthVisitDocument[]> {
    return this.model.find({ childId }).lean<ChildHealthVisitDocument[]>().exec();
  }

  async byChild(childIds: readonly string[]): Promise<Map<string, ChildHealthVisitDocument[]>> {
    const out = new Map<string, ChildHealthVisitDocument[]>();
    for (let i = 0; i < childIds.length; i += ID_CHUNK) {
      const docs = await this.model
        .find({ childId: { $in: childIds.slice(i, i + ID_CHUNK) } })
        .lean<ChildHealthVisitDocument[]>()
        .exec();
      for (const d of docs) out.set(d.childId, [...(out.get(d.childId) ?? []), d]);
    }
    return out;
  }
}
