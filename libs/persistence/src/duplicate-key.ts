/** True for MongoDB's (and FerretDB's) duplicate-key error (E11000): a unique key already taken. */
export function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 11000;
}
