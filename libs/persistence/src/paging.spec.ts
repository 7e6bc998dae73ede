import { Types } from 'mongoose';
import { DomainError } from '@care/errors';
import {
  afterPosition,
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  encodeCursor,
  MAX_PAGE_SIZE,
  normalizePageSize,
} from './paging';

describe('keyset cursors', () => {
  const id = new Types.ObjectId();
  it.each([
    ['a string sort value (a ULID child id)', 'name', '01JDQ8Z6X3K4M5N6P7Q8R9S0T1'],
    ['a number sort value', 'age', 12],
    ['a date sort value', 'updatedAt', new Date('2025-03-01T08:00:00.000Z')],
    ['an ObjectId sort value', '_id', new Types.ObjectId()],
  ])('round-trips %s', (_reason, field, value) => {
    const position = decodeCursor(field, encodeCursor(field, { sortValue: value, id }));
    expect(position.sortValue).toEqual(value);
    expect(position.id).toEqual(id);
  });

  it.each([
    ['garbage', 'not-a-cursor'],
    ['a cursor of another ordering', encodeCursor('updatedAt', { sortValue: 'x', id: 'y' })],
    ['an empty object', Buffer.from('{}').toString('base64url')],
  ])('rejects %s as invalid-argument naming the cursor', (_reason, cursor) => {
    let thrown: unknown;
    try {
      decodeCursor('name', cursor);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect(thrown).toMatchObject({ code: 'invalid-argument', field: 'cursor' });
  });

  it('continues strictly after (sortValue, _id), breaking ties on _id', () => {
    expect(afterPosition('_id', { sortValue: 'b', id: 'b' })).toEqual({ _id: { $gt: 'b' } });
    expect(afterPosition('name', { sortValue: 'n', id: 'i' })).toEqual({
      $or: [{ name: { $gt: 'n' } }, { name: 'n', _id: { $gt: 'i' } }],
    });
  });
});

describe('normalizePageSize', () => {
  it.each<[number | undefined, number, string]>([
    [undefined, DEFAULT_PAGE_SIZE, 'absent -> default'],
    [0, DEFAULT_PAGE_SIZE, 'proto3 default 0 means unset'],
    [1, 1, 'smallest'],
    [MAX_PAGE_SIZE, MAX_PAGE_SIZE, 'largest'],
  ])('%s -> %s (%s)', (input, expected) => {
    expect(normalizePageSize(input)).toBe(expected);
  });

  it.each([[-1], [MAX_PAGE_SIZE + 1], [2.5]])('rejects %s', (input) => {
    expect(() => normalizePageSize(input)).toThrow(DomainError);
  });
});
