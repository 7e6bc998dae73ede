import type { mongo } from 'mongoose';

/**
 * Most operations sent in one bulk command.
 *
 * FerretDB v1 runs each update (or delete) statement of a command as a query whose PostgreSQL
 * connection stays checked out until the whole command ends (handler/msg_update.go closes the
 * statements' iterators in a `defer`). A command of more statements than its pool has
 * connections (pool_max_conns; infra/ferretdb.sh sets 150) waits for itself forever, and
 * FerretDB stops answering everybody. 16 statements times MONGODB_MAX_POOL_SIZE (8) concurrent
 * commands stays within the pool. MongoDB is indifferent: a few more round trips.
 */
export const MAX_OPERATIONS_PER_COMMAND = 16;

/** Inserts hold no connection per statement: they travel in larger commands. */
export const MAX_INSERTS_PER_COMMAND = 1000;

/** Consecutive slices of `operations`, each with at most `limit` non-insert operations. */
function batches<T>(operations: readonly T[], limit: number): { offset: number; batch: T[] }[] {
  const out: { offset: number; batch: T[] }[] = [];
  let current: T[] = [];
  let offset = 0;
  let statements = 0;
  operations.forEach((op, i) => {
    const insert = typeof op === 'object' && op !== null && 'insertOne' in op;
    if (current.length > 0 && (insert ? current.length >= MAX_INSERTS_PER_COMMAND : statements >= limit)) {
      out.push({ offset, batch: current });
      current = [];
      offset = i;
      statements = 0;
    }
    current.push(op);
    if (!insert) statements += 1;
  });
  if (current.length > 0) out.push({ offset, batch: current });
  return out;
}

/** What an unordered bulk write did; `writeErrors` carry the index of the operation in the input. */
export interface BulkWriteSummary {
  readonly insertedCount: number;
  readonly matchedCount: number;
  readonly modifiedCount: number;
  readonly upsertedCount: number;
  readonly writeErrors: readonly {
    readonly index: number;
    readonly code?: number;
    readonly message: string;
  }[];
}

interface BulkErrorShape {
  writeErrors?: RawWriteError | RawWriteError[];
  result?: Partial<
    Pick<mongo.BulkWriteResult, 'insertedCount' | 'matchedCount' | 'modifiedCount' | 'upsertedCount'>
  >;
}
interface RawWriteError {
  index: number;
  code?: number;
  errmsg?: string;
  message?: string;
}

/**
 * An unordered bulk write in commands of at most `batchSize` updates, deletes or replacements
 * (inserts: up to MAX_INSERTS_PER_COMMAND). Per-operation failures
 * (a duplicate key, a validation error) are returned, with their input index, instead of thrown;
 * anything else (the connection, the server, a command that failed as a whole) is thrown, and
 * earlier batches stay written. Each operation is atomic on its own, as
 * in any unordered bulk write: a failure of one does not undo or stop the others.
 */
export async function unorderedBulkWrite<T extends mongo.Document>(
  collection: mongo.Collection<T>,
  operations: readonly mongo.AnyBulkWriteOperation<T>[],
  batchSize = MAX_OPERATIONS_PER_COMMAND,
): Promise<BulkWriteSummary> {
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new Error(`unorderedBulkWrite: batchSize must be a positive integer, got ${batchSize}`);
  const summary = { insertedCount: 0, matchedCount: 0, modifiedCount: 0, upsertedCount: 0 };
  const writeErrors: { index: number; code?: number; message: string }[] = [];
  const add = (counts: BulkErrorShape['result']) => {
    summary.insertedCount += counts?.insertedCount ?? 0;
    summary.matchedCount += counts?.matchedCount ?? 0;
    summary.modifiedCount += counts?.modifiedCount ?? 0;
    summary.upsertedCount += counts?.upsertedCount ?? 0;
  };
  for (const { offset, batch } of batches(operations, batchSize)) {
    try {
      add(await collection.bulkWrite([...batch], { ordered: false }));
    } catch (error) {
      const bulk = error as BulkErrorShape;
      const failed = bulk.writeErrors === undefined ? [] : [bulk.writeErrors].flat();
      // No per-operation error: the command itself failed. FerretDB v1 answers a unique-index
      // violation by an UPDATE that way (code 1, no writeErrors) and skips the command's later
      // statements, so nothing of this batch can be reported as applied.
      if (failed.length === 0) throw error;
      add(bulk.result);
      for (const e of failed)
        writeErrors.push({ index: offset + e.index, code: e.code, message: e.errmsg ?? e.message ?? '' });
    }
  }
  return { ...summary, writeErrors };
}
