import assistanceKindsV1 from '../data/assistance-kinds.v1.json';

/**
 * The kinds of social assistance a migrant child's family may apply for in Heze (救助类别), as
 * configuration data (`data/assistance-kinds.v1.json`): each with its Chinese name, the
 * department that decides it, the service-list item (菏泽市基本服务清单) an approval delivers,
 * whether the hukou place (户籍地) must confirm eligibility, and its amount standard. The amounts
 * are demo values (示例标准), not a published standard. The JSON is checked once at load; a
 * broken edit fails the boot.
 */

export const ASSISTANCE_DEPARTMENTS = ['civil-affairs', 'disabled-persons-federation'] as const;
export type AssistanceDepartment = (typeof ASSISTANCE_DEPARTMENTS)[number];

export const ASSISTANCE_DEPARTMENT_LABELS: Readonly<Record<AssistanceDepartment, string>> = {
  'civil-affairs': '民政部门',
  'disabled-persons-federation': '残联',
};

/** Paid every month from the start month until suspended or ended, or once. */
export type AssistancePeriod = 'monthly' | 'one-off';

export const ASSISTANCE_PERIOD_LABELS: Readonly<Record<AssistancePeriod, string>> = {
  monthly: '按月发放',
  'one-off': '一次性发放',
};

export interface AssistanceStandard {
  readonly period: AssistancePeriod;
  /** The standard amount in fen (分): the default of an approval. */
  readonly amountFen: number;
  /** The most an approval may grant, in fen. */
  readonly maxAmountFen: number;
  /** A demo value (示例标准), not a published standard. */
  readonly demo: boolean;
  readonly labelZh: string;
}

export interface AssistanceKind {
  readonly id: string;
  readonly nameZh: string;
  readonly department: AssistanceDepartment;
  /** The item of the service list an approval delivers (HZ-xx). */
  readonly itemCode: string;
  /** The hukou place must confirm eligibility (认定资格) before review; otherwise the residence county decides alone. */
  readonly hukouCityConfirms: boolean;
  /** Approved children of this kind go on the 护佑健康 list sent to the province. */
  readonly onHuyouList: boolean;
  /**
   * The child's move out of the city (迁出) ends its open applications of this kind. False for
   * 临时救助: it is granted where the emergency happens (急难发生地), not where the child lives.
   */
  readonly endsOnMoveOut: boolean;
  /** The rule in words, for refusals and the interface. */
  readonly basis: string;
  readonly standard: AssistanceStandard;
}

export interface AssistanceKindCatalogue {
  readonly version: number;
  readonly title: string;
  readonly note: string;
  readonly kinds: readonly AssistanceKind[];
}

const ID = /^[a-z][a-z0-9-]{1,47}$/;
const ITEM = /^HZ-\d{2}$/;
const MAX_FEN = 100_000_000; // 100万元: far above any standard

/** Checks the raw JSON; every problem is named (a configuration error, not a user's). */
export function parseAssistanceKinds(
  raw: unknown,
): { readonly catalogue: AssistanceKindCatalogue } | { readonly errors: string[] } {
  const errors: string[] = [];
  const root = raw as Partial<AssistanceKindCatalogue> | null;
  if (root === null || typeof root !== 'object' || !Array.isArray(root.kinds))
    return { errors: ['kinds: must be an array'] };
  if (!Number.isInteger(root.version)) errors.push('version: must be an integer');
  const seen = new Set<string>();
  root.kinds.forEach((k: Partial<AssistanceKind>, i) => {
    const at = `kinds[${i}]${typeof k?.id === 'string' ? ` (${k.id})` : ''}`;
    if (typeof k?.id !== 'string' || !ID.test(k.id)) errors.push(`${at}.id: must be a lower-case id`);
    else if (seen.has(k.id)) errors.push(`${at}.id: duplicate`);
    else seen.add(k.id);
    if (typeof k?.nameZh !== 'string' || !/[\u4e00-\u9fff]/.test(k.nameZh))
      errors.push(`${at}.nameZh: must be a Chinese name`);
    if (!(ASSISTANCE_DEPARTMENTS as readonly unknown[]).includes(k?.department))
      errors.push(`${at}.department: must be one of ${ASSISTANCE_DEPARTMENTS.join(', ')}`);
    if (typeof k?.itemCode !== 'string' || !ITEM.test(k.itemCode))
      errors.push(`${at}.itemCode: must be HZ-nn`);
    if (typeof k?.hukouCityConfirms !== 'boolean') errors.push(`${at}.hukouCityConfirms: must be a boolean`);
    if (typeof k?.onHuyouList !== 'boolean') errors.push(`${at}.onHuyouList: must be a boolean`);
    if (typeof k?.endsOnMoveOut !== 'boolean') errors.push(`${at}.endsOnMoveOut: must be a boolean`);
    if (typeof k?.basis !== 'string' || k.basis === '') errors.push(`${at}.basis: must be text`);
    const s = k?.standard;
    if (s === undefined || s === null || typeof s !== 'object') {
      errors.push(`${at}.standard: missing`);
      return;
    }
    if (s.period !== 'monthly' && s.period !== 'one-off')
      errors.push(`${at}.standard.period: must be monthly or one-off`);
    const fen = (n: unknown) => Number.isInteger(n) && (n as number) >= 1 && (n as number) <= MAX_FEN;
    if (!fen(s.amountFen)) errors.push(`${at}.standard.amountFen: must be a whole number of fen from 1`);
    if (!fen(s.maxAmountFen) || s.maxAmountFen < s.amountFen)
      errors.push(`${at}.standard.maxAmountFen: must be a whole number of fen, not below amountFen`);
    if (s.demo !== true && s.demo !== false) errors.push(`${at}.standard.demo: must be a boolean`);
    if (s.demo === true && !String(s.labelZh).includes('示例标准'))
      errors.push(`${at}.standard.labelZh: a demo standard must say 示例标准`);
  });
  if (errors.length > 0) return { errors };
  return { catalogue: root as AssistanceKindCatalogue };
}

function loadBundled(): AssistanceKindCatalogue {
  const parsed = parseAssistanceKinds(assistanceKindsV1);
  if ('errors' in parsed) throw new Error(`assistance-kinds.v1.json: ${parsed.errors.join('; ')}`);
  return parsed.catalogue;
}

/** The bundled kinds (v1). */
export const ASSISTANCE_KIND_CATALOGUE: AssistanceKindCatalogue = loadBundled();
export const ASSISTANCE_KINDS: readonly AssistanceKind[] = ASSISTANCE_KIND_CATALOGUE.kinds;
export const ASSISTANCE_KIND_IDS: readonly string[] = ASSISTANCE_KINDS.map((k) => k.id);

export function findAssistanceKind(id: string): AssistanceKind | undefined {
  return ASSISTANCE_KINDS.find((k) => k.id === id);
}

export function isAssistanceKindId(value: unknown): value is string {
  return typeof value === 'string' && ASSISTANCE_KIND_IDS.includes(value);
}

/** Yuan with two decimals, for people: 140000 -> "1400.00". */
export function fenToYuan(fen: number): string {
  return (fen / 100).toFixed(2);
}
