/**
 * How the rules of this library report a broken input: as values, never as exceptions, so a
 * screen shows every problem of a record at once. `message` is the Chinese text a person reads;
 * it names the field and the rule and never carries a name or an ID number (problems are
 * logged and returned across services).
 */
export interface HealthProblem {
  /** The input field at fault, in the caller's naming (`vaccine`, `dose`, `date`). */
  readonly field: string;
  /** Stable rule id (Chinese, short): callers switch on it, never on the text. */
  readonly rule: string;
  readonly message: string;
}

export type Validated<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problems: readonly HealthProblem[] };

export function problem(field: string, rule: string, message: string): HealthProblem {
  return { field, rule, message };
}

/** At most 20 characters of what was typed, quoted, so a message shows it without flooding a screen. */
export function quoted(text: string): string {
  const chars = [...text];
  return `"${chars.length > 20 ? chars.slice(0, 20).join('') + '…' : text}"`;
}
