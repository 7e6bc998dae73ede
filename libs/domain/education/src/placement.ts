import { compactText } from './cells';

/**
 * 学位类型: on what footing a child holds the school place. 政府购买学位 is the place the
 * government buys at a private compulsory school when public places run short (HZ-03:
 * 对公办学位不足的，采取政府购买学位方式在流入地民办义务教育学校安置); the child studies free, as
 * in a public school.
 */
export const PLACEMENTS = {
  'public-school': { nameZh: '公办学位' },
  'government-purchased-place': { nameZh: '政府购买学位' },
  'private-self-paid': { nameZh: '民办自费' },
} as const satisfies Record<string, { nameZh: string }>;

export type Placement = keyof typeof PLACEMENTS;
export const PLACEMENT_IDS = Object.keys(PLACEMENTS) as Placement[];

export function isPlacement(value: unknown): value is Placement {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(PLACEMENTS, value);
}

const PLACEMENT_WORDS: ReadonlyMap<string, Placement> = new Map<string, Placement>([
  ['公办学位', 'public-school'],
  ['公办', 'public-school'],
  ['政府购买学位', 'government-purchased-place'],
  ['政府购买', 'government-purchased-place'],
  ['购买学位', 'government-purchased-place'],
  ['民办自费', 'private-self-paid'],
  ['自费', 'private-self-paid'],
]);

/** The placement a roster cell names (公办学位 / 政府购买学位 / 民办自费, or 公办 / 政府购买 / 自费). */
export function placementFromText(text: string): Placement | undefined {
  return PLACEMENT_WORDS.get(compactText(text));
}
