import { Injectable } from '@nestjs/common';
import type { AnyBulkWriteOperation, Model } from 'mongoose';
import {
  InjectModel,
  ScopedRepository,
  unorderedBulkWrite,
  type FindOptions,
  type Page,
  type PageRequest,
  type ScopedFilter,
} from '@care/persistence';
import type { CountyScope } from '../children/children.repository';
import { INCOMPLETE_CHILD_MODEL } from './incomplete.schema';
import type { IncompleteChildRecord, IncompleteIndexEntry } from './incomplete.types';
import { fromStoredIncomplete } from './incomplete-rules';

/** A keyed write of the import to the worklist. */
export type IncompleteWrite =
  | { kind: 'insert'; record: IncompleteChildRecord }
  | { kind: 'replace'; before: Pick<IncompleteChildRecord, '_id' | 'version'>; record: IncompleteChildRecord }
  | { kind: 'delete'; id: string };

/** incomplete_children (待补录): the county's records to complete, scoped to the county. */
@Injectable()
export class IncompleteChildrenRepository extends ScopedRepository<IncompleteChildRecord, CountyScope> {
  constructor(@InjectModel(INCOMPLETE_CHILD_MODEL) model: Model<IncompleteChildRecord>) {
    super(model, ['countyCode']);
  }

  // Every read hands records out through fromStoredIncomplete: optional facts absent, never null.
  override async findOne(
    scope: CountyScope,
    filter: ScopedFilter<IncompleteChildRecord, CountyScope>,
  ): Promise<IncompleteChildRecord | null> {
    const found = await super.findOne(scope, filter);
    return found === null ? null : fromStoredIncomplete(found);
  }

  override async find(
    scope: CountyScope,
    filter?: ScopedFilter<IncompleteChildRecord, CountyScope>,
    options?: FindOptions<IncompleteChildRecord>,
  ): Promise<IncompleteChildRecord[]> {
    return (await super.find(scope, filter, options)).map((r) => fromStoredIncomplete(r));
  }

  /** The county's worklist as the import matches it, read once per import (a county's list is short). */
  async indexOf(scope: CountyScope): Promise<IncompleteIndexEntry[]> {
    return this.find(
      scope,
      {},
      {
        projection: {
          _id: 1,
          matchKeys: 1,
          importFingerprint: 1,
          sex: 1,
          sheetAge: 1,
          sheetAgeOn: 1,
          version: 1,
          createdAt: 1,
        },
      },
    );
  }

  async pageOf(scope: CountyScope, page: PageRequest): Promise<Page<IncompleteChildRecord>> {
    const found = await this.findPage(scope, {}, { ...page, sortField: '_id' });
    return { ...found, items: found.items.map((r) => fromStoredIncomplete(r)) };
  }

  /**
   * The import's writes of one chunk in one unordered bulk of keyed single-document writes
   * (insert, version-conditional replace, delete by id). Returns the index of each write that
   * did not apply (a replace that lost a race, an insert refused by the key).
   */
  async bulkApply(scope: CountyScope, writes: readonly IncompleteWrite[]): Promise<Set<number>> {
    if (writes.length === 0) return new Set();
    const operations = writes.map((w): AnyBulkWriteOperation<IncompleteChildRecord> => {
      if (w.kind === 'insert') {
        if (w.record.countyCode !== scope.countyCode)
          throw new Error('IncompleteChildrenRepository.bulkApply: a write outside the county');
        return { insertOne: { document: w.record } };
      }
      if (w.kind === 'replace')
        return {
          replaceOne: {
            filter: { _id: w.before._id, version: w.before.version, countyCode: scope.countyCode },
            replacement: w.record,
          },
        };
      return { deleteOne: { filter: { _id: w.id, countyCode: scope.countyCode } } };
    });
    const result = await unorderedBulkWrite(this.model.collection, operations as never);
    const failed = new Set(result.writeErrors.map((e) => e.index));
    // A replace that matched nothing lost the version race: the stored versions tell which.
    const replaces = writes.flatMap((w, i) => (w.kind === 'replace' && !failed.has(i) ? [{ w, i }] : []));
    if (result.matchedCount < replaces.length) {
      const stored = await this.find(
        scope,
        { _id: { $in: replaces.map((r) => r.w.record._id) } },
        { projection: { _id: 1, version: 1 } },
      );
      const versions = new Map(stored.map((r) => [r._id, r.version]));
      for (const { w, i } of replaces) if (versions.get(w.record._id) !== w.record.version) failed.add(i);
    }
    return failed;
  }

  /** Deletes a completed record (its child now exists under the same id). */
  async remove(scope: CountyScope, id: string): Promise<boolean> {
    return this.deleteOne(scope, { _id: id });
  }
}
