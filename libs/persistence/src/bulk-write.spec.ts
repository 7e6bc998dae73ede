import type { mongo } from 'mongoose';
import { MAX_INSERTS_PER_COMMAND, MAX_OPERATIONS_PER_COMMAND, unorderedBulkWrite } from './bulk-write';

type Doc = { _id: number; n?: number };
type Op = mongo.AnyBulkWriteOperation<Doc>;
const update = (id: number): Op => ({ updateOne: { filter: { _id: id }, update: { $set: { n: id } } } });

/** A collection whose bulkWrite records each command and fails the operations named in `failing`. */
function fakeCollection(failing: Map<number, number> = new Map(), broken = false) {
  const commands: number[][] = [];
  const collection = {
    async bulkWrite(ops: Op[], options: { ordered: boolean }) {
      if (options.ordered !== false) throw new Error('expected an unordered write');
      if (broken) throw new Error('connection closed');
      const ids = ops.map(
        (op) => (op as unknown as { updateOne: { filter: { _id: number } } }).updateOne.filter._id,
      );
      commands.push(ids);
      const errors = ids.flatMap((id, index) =>
        failing.has(id) ? [{ index, code: failing.get(id), errmsg: `E${failing.get(id)} on ${id}` }] : [],
      );
      const result = {
        insertedCount: 0,
        matchedCount: ids.length - errors.length,
        modifiedCount: 1,
        upsertedCount: 0,
      };
      if (errors.length > 0)
        throw Object.assign(new Error('bulk'), {
          writeErrors: errors.length === 1 ? errors[0] : errors,
          result,
        });
      return result;
    },
  };
  return { collection: collection as unknown as mongo.Collection<Doc>, commands };
}

describe('unorderedBulkWrite', () => {
  it('sends commands of at most MAX_OPERATIONS_PER_COMMAND operations (FerretDB holds a connection per statement)', async () => {
    const { collection, commands } = fakeCollection();
    const ops = Array.from({ length: 2 * MAX_OPERATIONS_PER_COMMAND + 3 }, (_, i) => update(i));
    const summary = await unorderedBulkWrite(collection, ops);
    expect(commands.map((c) => c.length)).toEqual([
      MAX_OPERATIONS_PER_COMMAND,
      MAX_OPERATIONS_PER_COMMAND,
      3,
    ]);
    expect(commands.flat()).toEqual(ops.map((_, i) => i));
    expect(summary).toMatchObject({ matchedCount: ops.length, modifiedCount: 3, writeErrors: [] });
  });

  it('lets inserts travel in larger commands, counting only the other statements against the limit', async () => {
    const commands: number[] = [];
    const collection = {
      bulkWrite: async (ops: Op[]) => {
        commands.push(ops.length);
        return { insertedCount: 0, matchedCount: 0, modifiedCount: 0, upsertedCount: 0 };
      },
    } as unknown as mongo.Collection<Doc>;
    const insert = (id: number): Op => ({ insertOne: { document: { _id: id } } });
    const ops = [
      ...Array.from({ length: MAX_INSERTS_PER_COMMAND + 5 }, (_, i) => insert(i)),
      update(1),
      update(2),
      update(3),
    ];
    await unorderedBulkWrite(collection, ops, 2);
    expect(commands).toEqual([MAX_INSERTS_PER_COMMAND, 7, 1]);
  });

  it('returns per-operation failures with their index in the input, and carries on with later commands', async () => {
    const { collection, commands } = fakeCollection(
      new Map([
        [1, 11000],
        [5, 121],
        [6, 11000],
      ]),
    );
    const summary = await unorderedBulkWrite(
      collection,
      Array.from({ length: 8 }, (_, i) => update(i)),
      3,
    );
    expect(commands).toHaveLength(3);
    expect(summary.writeErrors).toEqual([
      { index: 1, code: 11000, message: 'E11000 on 1' },
      { index: 5, code: 121, message: 'E121 on 5' },
      { index: 6, code: 11000, message: 'E11000 on 6' },
    ]);
    expect(summary.matchedCount).toBe(5);
  });

  it('throws what is not a per-operation failure', async () => {
    const { collection } = fakeCollection(new Map(), true);
    await expect(unorderedBulkWrite(collection, [update(1)])).rejects.toThrow('connection closed');
  });

  it('throws a bulk error without write errors (FerretDB fails a whole update command that way)', async () => {
    const failing = {
      bulkWrite: async () => {
        throw Object.assign(new Error('duplicate key value violates unique constraint'), {
          code: 1,
          writeErrors: [],
          result: { matchedCount: 0 },
        });
      },
    } as unknown as mongo.Collection<Doc>;
    await expect(unorderedBulkWrite(failing, [update(1)])).rejects.toThrow('duplicate key value');
  });

  it('writes nothing for no operations, and refuses a batch size below one', async () => {
    const { collection, commands } = fakeCollection();
    await expect(unorderedBulkWrite(collection, [])).resolves.toMatchObject({
      matchedCount: 0,
      writeErrors: [],
    });
    expect(commands).toEqual([]);
    await expect(unorderedBulkWrite(collection, [update(1)], 0)).rejects.toThrow(
      'batchSize must be a positive integer',
    );
  });
});
