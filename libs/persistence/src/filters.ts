/**
 * A filter value matching any of `values`: the plain value when there is one, else `$in`.
 *
 * Same meaning on every store, but FerretDB v1 pushes only plain top-level equality down to
 * PostgreSQL (where infra/postgres/ferretdb-lookup-indexes.sql gives it an index); `$in` is
 * evaluated after a sequential scan. The common case, one blind-index version or one county,
 * therefore stays an indexed lookup there.
 */
export function oneOf<T>(values: readonly T[]): T | { $in: T[] } {
  if (values.length === 0) throw new Error('oneOf needs at least one value (an empty $in matches nothing)');
  return values.length === 1 ? values[0] : { $in: [...values] };
}
