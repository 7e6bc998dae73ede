/**
 * How every rule of this library reports a broken input: as values, never as exceptions, so an
 * import screen shows every problem of a row at once. `message` is the Chinese text a person
 * reads; it names the field and the rule (STYLE.md "validate at every edge") and never carries
 * a name or an ID number, because problems are logged and returned across services.
 */
export interface EducationProblem {
  /** The input field at fault, in the caller's naming (`grade`, `idNumber`, `countyCode`). */
  readonly field: string;
  /** Stable rule id (`grade-in-stage`, `residence-county`): callers switch on it, never on the text. */
  readonly rule: string;
  readonly message: string;
}

export type Validated<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problems: readonly EducationProblem[] };

export function problem(field: string, rule: string, message: string): EducationProblem {
  return { field, rule, message };
}

/** At most 20 characters of what was typed, quoted, so a message shows it without flooding a screen. */
export function quoted(text: string): string {
  const chars = [...text];
  return `"${chars.length > 20 ? chars.slice(0, 20).join('') + '…' : text}"`;
}
