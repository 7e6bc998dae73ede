import { invalidArgument } from '@care/errors';
import { Types } from 'mongoose';

// Keyset (seek) paging: a page continues after the last (sortKey, _id) seen, so page N costs the
// same as page 1 and concurrent inserts do not shift later pages — unlike skip/limit, which
// scans and discards every earlier row and is unusable over hundreds of thousands of children.

export type KeysetValue = string | number | Date | Types.ObjectId;

export interface PageRequest {
  /** 1..MAX_PAGE_SIZE; default DEFAULT_PAGE_SIZE. */
  readonly pageSize?: number;
  /** The `nextCursor` of the previous page; absent for the first page. */
  readonly cursor?: string;
}

export interface Page<T> {
  readonly items: T[];
  /** Absent on the last page. */
  readonly nextCursor?: string;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

type Encoded = { s: string } | { n: number } | { d: string } | { o: string };

function encodeValue(value: KeysetValue): Encoded {
  if (typeof value === 'string') return { s: value };
  if (typeof value === 'number') return { n: value };
  if (value instanceof Date) return { d: value.toISOString() };
  return { o: value.toHexString() };
}

function decodeValue(value: unknown): KeysetValue {
  if (typeof value !== 'object' || value === null) throw new Error('bad cursor value');
  const v = value as Partial<Record<'s' | 'n' | 'd' | 'o', unknown>>;
  if (typeof v.s === 'string') return v.s;
  if (typeof v.n === 'number') return v.n;
  if (typeof v.d === 'string') return new Date(v.d);
  if (typeof v.o === 'string' && Types.ObjectId.isValid(v.o)) return new Types.ObjectId(v.o);
  throw new Error('bad cursor value');
}

export interface KeysetPosition {
  readonly sortValue: KeysetValue;
  readonly id: KeysetValue;
}

/** Opaque to clients (base64url JSON); it names the sort field so a cursor cannot be replayed on another ordering. */
export function encodeCursor(sortField: string, position: KeysetPosition): string {
  return Buffer.from(
    JSON.stringify({ f: sortField, v: encodeValue(position.sortValue), i: encodeValue(position.id) }),
    'utf8',
  ).toString('base64url');
}

export function decodeCursor(sortField: string, cursor: string): KeysetPosition {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      f?: unknown;
      v?: unknown;
      i?: unknown;
    };
    if (parsed.f !== sortField) throw new Error('cursor of another ordering');
    return { sortValue: decodeValue(parsed.v), id: decodeValue(parsed.i) };
  } catch {
    throw invalidArgument('cursor', '分页游标无效', '分页游标无效或已过期，请从第一页重新查询');
  }
}

export function normalizePageSize(pageSize: number | undefined): number {
  if (pageSize === undefined || pageSize === 0) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw invalidArgument(
      'pageSize',
      `1 至 ${MAX_PAGE_SIZE} 的整数`,
      `每页条数须为 1 至 ${MAX_PAGE_SIZE} 的整数`,
    );
  }
  return pageSize;
}

/** The filter selecting rows strictly after `position` in ascending (sortField, _id) order. */
export function afterPosition(sortField: string, position: KeysetPosition): Record<string, unknown> {
  if (sortField === '_id') return { _id: { $gt: position.id } };
  return {
    $or: [
      { [sortField]: { $gt: position.sortValue } },
      { [sortField]: position.sortValue, _id: { $gt: position.id } },
    ],
  };
}
