/** True for MongoDB's (and FerretDB's) duplicate-key error (E11000): a unique key already taken. */
export function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 11000;
}

/**
 * True for the local FerretDB guard's refusal of a write that would lower a document's numeric
 * `version`/`rev` (infra/postgres/ferretdb-lookup-indexes.sql, ADR 0004): FerretDB v1 applies a
 * conditional update as read + write without a lock, so two writers can both match. On MongoDB
 * the condition itself is atomic and this never happens.
 */
export function isRejectedStaleWrite(error: unknown): boolean {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' && /care: (stale|concurrent) write of /.test(message);
}
