import { citiesOf, countiesOf, townshipsOf, type Division } from '@care/divisions';
import { weighted, type WeightedTable } from './random';

/** Where Heze's migrant children live, by county (rough shares: the central district draws most). */
export const HEZE_RESIDENCE_COUNTIES = weighted<string>([
  ['371702', 35], // 牡丹区
  ['371703', 8], // 定陶区
  ['371721', 12], // 曹县
  ['371722', 9], // 单县
  ['371723', 6], // 成武县
  ['371724', 8], // 巨野县
  ['371725', 10], // 郓城县
  ['371726', 6], // 鄄城县
  ['371728', 6], // 东明县
]);
export const HEZE_COUNTIES = HEZE_RESIDENCE_COUNTIES.items;

/** Where their household registration is (户籍地). */
export type HukouOrigin = 'other-heze-county' | 'same-county' | 'other-shandong' | 'henan' | 'other-province';
export const HUKOU_ORIGINS = weighted<HukouOrigin>([
  ['other-heze-county', 40],
  ['same-county', 5], // moved within the county: never a migrant child, kept for negative cases
  ['other-shandong', 25],
  ['henan', 18],
  ['other-province', 12],
]);

/** Anhui, Jiangsu, Hebei, Shanxi, Jiangxi, Sichuan, Guizhou, Heilongjiang. */
const OTHER_PROVINCES = ['340000', '320000', '130000', '140000', '360000', '510000', '520000', '230000'];

const countyCache = new Map<string, readonly string[]>();
/** Current, non-statistical counties of a province that have townships, optionally leaving a city out. */
export function countiesOfProvince(provinceCode: string, exceptCity?: string): readonly string[] {
  const key = `${provinceCode}:${exceptCity ?? ''}`;
  let list = countyCache.get(key);
  if (!list) {
    list = citiesOf(provinceCode)
      .filter((city) => city.code !== exceptCity)
      .flatMap((city) => countiesOf(city.code))
      .filter((county) => !county.statistical && townshipsOfCounty(county.code).length > 0)
      .map((county) => county.code);
    countyCache.set(key, list);
  }
  return list;
}

export const SHANDONG_OUTSIDE_HEZE = () => countiesOfProvince('370000', '371700');
export const HENAN = () => countiesOfProvince('410000');
export const OTHER_PROVINCE_CODES: readonly string[] = OTHER_PROVINCES;

const townshipCache = new Map<string, readonly Division[]>();
export function townshipsOfCounty(countyCode: string): readonly Division[] {
  let list = townshipCache.get(countyCode);
  if (!list) {
    list = townshipsOf(countyCode);
    townshipCache.set(countyCode, list);
  }
  return list;
}

export type { WeightedTable };
