/**
 * 年龄段 of the monitoring KPIs, as data: the stages the service list speaks of (婴幼儿, 学前,
 * 小学, 初中 age) and the last year before a child stops qualifying at 16 (MIGRANT_AGE_LIMIT_YEARS).
 * A band is computed on the day the registry's facts describe: it moves when the registry
 * publishes the child again (every verification at least every six months, or a status change).
 */
export const AGE_BANDS = [
  { code: '0-2', label: '0至2岁', fromYears: 0, toYears: 2 },
  { code: '3-5', label: '3至5岁', fromYears: 3, toYears: 5 },
  { code: '6-11', label: '6至11岁', fromYears: 6, toYears: 11 },
  { code: '12-14', label: '12至14岁', fromYears: 12, toYears: 14 },
  { code: '15', label: '15岁', fromYears: 15, toYears: 15 },
  { code: '16+', label: '16岁及以上', fromYears: 16, toYears: Number.POSITIVE_INFINITY },
] as const;

export type AgeBandCode = (typeof AGE_BANDS)[number]['code'];

/** The band of a completed age in years (negative ages — a birth date after the day — read as 0-2). */
export function ageBandOf(completedYears: number): AgeBandCode {
  const years = Math.max(0, completedYears);
  const band = AGE_BANDS.find((b) => years >= b.fromYears && years <= b.toYears);
  return band?.code ?? '16+';
}
