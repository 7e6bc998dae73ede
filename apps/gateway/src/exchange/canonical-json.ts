/**
 * JSON with object keys sorted at every level and no whitespace: the exact text a signature
 * covers, so that the signer and the verifier serialise the same value to the same bytes.
 * Only JSON values are accepted: a value JSON cannot carry (a non-finite number, a bigint, a
 * function, a symbol) or would carry lossily (a Date or another class instance, which
 * JSON.stringify turns into `{}` or its own toJSON) is refused, naming where it is, rather
 * than signed as something else. As in JSON, an undefined member is left out and an undefined
 * array element is `null`.
 */
export function canonicalJson(value: unknown): string {
  return canonical(value, '$');
}

function canonical(value: unknown, at: string): string {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`canonicalJson: non-finite number at ${at}`);
    return JSON.stringify(value);
  }
  if (typeof value !== 'object') throw new Error(`canonicalJson: ${typeof value} at ${at} is not JSON`);
  if (Array.isArray(value))
    return `[${value.map((v, i) => canonical(v === undefined ? null : v, `${at}[${i}]`)).join(',')}]`;
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null)
    throw new Error(`canonicalJson: ${value.constructor?.name ?? 'object'} at ${at} is not a plain object`);
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v, `${at}.${k}`)}`).join(',')}}`;
}
