import { z } from 'zod';

/** Raised at boot when the environment does not satisfy the app's schema; lists every problem at once. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`配置错误 / invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

export type EnvSource = Readonly<Record<string, string | undefined>>;

// Dev defaults live beside the schema rather than in it: in production a missing variable must
// fail the boot (`必填 / required`), while a developer's laptop and the tests start with none set.
const devDefaults = new WeakMap<z.ZodTypeAny, string>();

/**
 * `schema` marked with the raw value used when the variable is unset outside production. The
 * mark goes on a copy: fields sharing one schema (every `host:port`) keep their own defaults.
 */
export function devDefault<T extends z.ZodTypeAny>(schema: T, value: string): T {
  const own = new (schema.constructor as new (def: unknown) => T)({ ...schema._def });
  devDefaults.set(own, value);
  return own;
}

export function isProduction(env: EnvSource): boolean {
  return env.NODE_ENV === 'production';
}

/**
 * Validates the environment once, at boot, and returns the typed config. Blank values count
 * as unset. Outside production, unset variables take their `devDefault`.
 */
export function loadConfig<S extends z.ZodRawShape>(
  schema: z.ZodObject<S>,
  env: EnvSource = process.env,
): z.output<z.ZodObject<S>> {
  const input: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value.trim() !== '') input[key] = value;
  }
  if (!isProduction(env)) {
    for (const [key, fieldSchema] of Object.entries(schema.shape)) {
      const fallback = devDefaults.get(fieldSchema);
      if (input[key] === undefined && fallback !== undefined) input[key] = fallback;
    }
  }
  const result = schema.safeParse(input);
  if (!result.success) throw new ConfigError(result.error.issues.map(describeIssue));
  return result.data;
}

/** `NAME: 中文规则 / english rule` — the variable first, so an operator can grep the deployment. */
export function describeIssue(issue: z.ZodIssue): string {
  const name = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
  return `${name}: ${describeRule(issue)}`;
}

// Zod's own English defaults; anything else is a message a fragment wrote on purpose (bilingual).
const ZOD_DEFAULT_MESSAGE = /^(Required|Expected |Invalid|Number must|String must|Array must)/;

function describeRule(issue: z.ZodIssue): string {
  const custom = ZOD_DEFAULT_MESSAGE.test(issue.message) ? undefined : issue.message;
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type:
      if (issue.received === 'undefined') return '必填 / required';
      return custom ?? `类型应为 ${issue.expected} / expected ${issue.expected}, got ${issue.received}`;
    case z.ZodIssueCode.invalid_enum_value:
      return `取值须为 ${issue.options.join('|')} 之一 / must be one of ${issue.options.join(', ')} (got "${String(issue.received)}")`;
    case z.ZodIssueCode.too_small:
      if (custom !== undefined) return custom;
      return issue.type === 'string' || issue.type === 'array'
        ? `不能少于 ${String(issue.minimum)} 个字符或元素 / must have at least ${String(issue.minimum)}`
        : `不能小于 ${String(issue.minimum)} / must be >= ${String(issue.minimum)}`;
    case z.ZodIssueCode.too_big:
      if (custom !== undefined) return custom;
      return issue.type === 'string' || issue.type === 'array'
        ? `不能多于 ${String(issue.maximum)} 个字符或元素 / must have at most ${String(issue.maximum)}`
        : `不能大于 ${String(issue.maximum)} / must be <= ${String(issue.maximum)}`;
    case z.ZodIssueCode.invalid_string:
      return (
        custom ??
        `格式不正确 / invalid format (${typeof issue.validation === 'string' ? issue.validation : 'pattern'})`
      );
    case z.ZodIssueCode.custom:
    case z.ZodIssueCode.invalid_literal:
    case z.ZodIssueCode.invalid_union:
    case z.ZodIssueCode.invalid_union_discriminator:
    case z.ZodIssueCode.invalid_arguments:
    case z.ZodIssueCode.invalid_return_type:
    case z.ZodIssueCode.invalid_date:
    case z.ZodIssueCode.invalid_intersection_types:
    case z.ZodIssueCode.not_multiple_of:
    case z.ZodIssueCode.not_finite:
    case z.ZodIssueCode.unrecognized_keys:
      // Refinements in app schemas write their own bilingual message; the rest do not occur for env strings.
      return issue.message;
    default:
      return assertNeverIssue(issue);
  }
}

function assertNeverIssue(issue: never): never {
  throw new Error(`unhandled zod issue ${JSON.stringify(issue)}`);
}
