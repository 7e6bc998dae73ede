import {
  DATASET_EDITION,
  cityNames,
  countyNames,
  historicalCounties,
  historicalTownships,
  provinceNames,
  townshipAdministrativeCounty,
  townshipNames,
  type HistoricalEntry,
} from './dataset';

/** Which edition of the division codes this build ships (name it in exports and audit records). */
export const DIVISION_DATASET_EDITION: string = DATASET_EDITION;

export type DivisionLevel = 'province' | 'city' | 'county' | 'township';

/**
 * One administrative division. Codes are in GB/T 2260 form: province '370000', city '371700',
 * county '371702'; townships (乡镇/街道) have 9 digits ('371702001').
 */
export interface Division {
  code: string;
  name: string;
  level: DivisionLevel;
  provinceCode: string;
  /** Absent for a province. For 直辖市 it is the '市辖区'/'县' pseudo-city ('110100'). */
  cityCode?: string;
  /** The county a township belongs to administratively (a statistics-only zone's township -> its district). */
  countyCode?: string;
  /** 山东省菏泽市牡丹区东城街道: placeholder levels (市辖区, 省直辖县级行政区划) are left out. */
  fullName: string;
  /** Set for statistics-only codes (经济开发区, 高新区: third pair 71..80), which are not administrative divisions. */
  statistical?: boolean;
  /** For a township filed by the statistics under such a zone ('371771001' -> '371771'). */
  statisticalZoneCode?: string;
  /** Set when the code is no longer current (定陶县 371727 -> 定陶区 371703). */
  historical?: { successor?: string; until: string };
}

const PLACEHOLDER_CITY_NAMES = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

/** Statistics-only county-level codes: 经济技术开发区 and the like, third pair 71..80. */
export function isStatisticalCountyCode(code: string): boolean {
  const tail = Number(code.slice(4, 6));
  return /^\d{6}$/.test(code) && tail >= 71 && tail <= 80;
}

function cityLabel(city4: string): string {
  const name = cityNames.get(city4);
  return name && !PLACEHOLDER_CITY_NAMES.has(name) ? name : '';
}

function historicalView(entry: HistoricalEntry): NonNullable<Division['historical']> {
  return entry.successor ? { successor: entry.successor, until: entry.until } : { until: entry.until };
}

/**
 * Canonical form of a code: 2/4/6/9/12 digits accepted, trailing zero levels dropped
 * ('370000' and '37' -> province 37, '371702001000' -> township 371702001).
 */
function canonical(code: string): { level: DivisionLevel; key: string } | undefined {
  const digits = code.trim();
  if (!/^\d+$/.test(digits)) return undefined;
  switch (digits.length) {
    case 2:
      return { level: 'province', key: digits };
    case 4:
      return digits.endsWith('00')
        ? { level: 'province', key: digits.slice(0, 2) }
        : { level: 'city', key: digits };
    case 6:
      if (digits.endsWith('0000')) return { level: 'province', key: digits.slice(0, 2) };
      if (digits.endsWith('00')) return { level: 'city', key: digits.slice(0, 4) };
      return { level: 'county', key: digits };
    case 9:
      return digits.endsWith('000') ? canonical(digits.slice(0, 6)) : { level: 'township', key: digits };
    case 12:
      return canonical(digits.slice(0, 9));
    default:
      return undefined;
  }
}

const pad6 = (key: string) => key.padEnd(6, '0');

function resolveCounty(code: string): Division | undefined {
  const province = provinceNames.get(code.slice(0, 2));
  if (!province) return undefined;
  const cityCode = pad6(code.slice(0, 4));
  const current = countyNames.get(code);
  if (current) {
    const division: Division = {
      code,
      name: current,
      level: 'county',
      provinceCode: pad6(code.slice(0, 2)),
      cityCode,
      fullName: province + cityLabel(code.slice(0, 4)) + current,
    };
    if (isStatisticalCountyCode(code)) division.statistical = true;
    return division;
  }
  const old = historicalCounties.get(code);
  if (!old) return undefined;
  const division: Division = {
    code,
    name: old.name,
    level: 'county',
    provinceCode: pad6(code.slice(0, 2)),
    cityCode,
    fullName: province + cityLabel(code.slice(0, 4)) + old.name,
    historical: historicalView(old),
  };
  if (isStatisticalCountyCode(code)) division.statistical = true;
  return division;
}

function resolveTownship(code: string): Division | undefined {
  const current = townshipNames.get(code);
  const old = current ? undefined : historicalTownships.get(code);
  const name = current ?? old?.name;
  if (!name) return undefined;
  const prefix = code.slice(0, 6);
  const countyCode = townshipAdministrativeCounty.get(code) ?? prefix;
  const county = resolveCounty(countyCode);
  if (!county) return undefined;
  const division: Division = {
    code,
    name,
    level: 'township',
    provinceCode: county.provinceCode,
    cityCode: county.cityCode,
    countyCode,
    fullName: county.fullName + name,
  };
  if (countyCode !== prefix) division.statisticalZoneCode = prefix;
  if (old) division.historical = historicalView(old);
  return division;
}

/** The division a code names, current or historical; undefined when the dataset does not know it. */
export function resolveDivision(code: string): Division | undefined {
  const c = canonical(code);
  if (!c) return undefined;
  switch (c.level) {
    case 'province': {
      const name = provinceNames.get(c.key);
      return name
        ? { code: pad6(c.key), name, level: 'province', provinceCode: pad6(c.key), fullName: name }
        : undefined;
    }
    case 'city': {
      const name = cityNames.get(c.key);
      const province = provinceNames.get(c.key.slice(0, 2));
      if (!name || !province) return undefined;
      return {
        code: pad6(c.key),
        name,
        level: 'city',
        provinceCode: pad6(c.key.slice(0, 2)),
        cityCode: pad6(c.key),
        fullName: province + cityLabel(c.key),
      };
    }
    case 'county':
      return resolveCounty(c.key);
    case 'township':
      return resolveTownship(c.key);
  }
}

/**
 * A statistics-only zone code maps to a district only when every township filed under it
 * belongs to that one district (371772 -> 牡丹区); a zone spanning two districts (371771:
 * 牡丹区 and 定陶区) has no single county. Zones we know nothing about stay their own pseudo-county.
 */
const statisticalZoneCounty = new Map<string, string | undefined>();
for (const [township, county] of townshipAdministrativeCounty) {
  const zone = township.slice(0, 6);
  statisticalZoneCounty.set(
    zone,
    statisticalZoneCounty.has(zone) && statisticalZoneCounty.get(zone) !== county ? undefined : county,
  );
}

function currentCountyOf6(code: string): string | undefined {
  if (countyNames.has(code)) {
    return statisticalZoneCounty.has(code) ? statisticalZoneCounty.get(code) : code;
  }
  const successor = historicalCounties.get(code)?.successor;
  return successor && countyNames.has(successor) ? currentCountyOf6(successor) : undefined;
}

/**
 * The current 6-digit county (县级) code a 6-, 9- or 12-digit code lies in, following
 * successors of historical codes (371727 -> 371703). Undefined when unknown, or for a
 * province/city code, or for a historical code whose successor the dataset does not know.
 */
export function countyOf(code: string): string | undefined {
  const c = canonical(code);
  if (!c) return undefined;
  switch (c.level) {
    case 'province':
    case 'city':
      return undefined;
    case 'county':
      return currentCountyOf6(c.key);
    case 'township': {
      const administrative = townshipAdministrativeCounty.get(c.key);
      if (administrative) return currentCountyOf6(administrative);
      if (!townshipNames.has(c.key)) {
        const successor = historicalTownships.get(c.key)?.successor;
        if (successor) return countyOf(successor);
      }
      // an unlisted township still lies in the county its prefix names
      return currentCountyOf6(c.key.slice(0, 6));
    }
  }
}

/**
 * Whether an ID number's first six digits are a county-level code GB/T 2260 ever listed
 * (current or historical, statistics-only zones included): ID numbers keep their address
 * code for life, so 371727 (定陶县 before 2016) is as valid as 371703.
 */
export function isKnownAddressCode(code6: string): boolean {
  return (
    /^\d{6}$/.test(code6) &&
    !code6.endsWith('00') &&
    (countyNames.has(code6) || historicalCounties.has(code6))
  );
}

/** The current county-level divisions of a city (6-digit city code '371700' or 4-digit '3717'). */
export function countiesOf(cityCode: string): Division[] {
  const prefix = cityCode.slice(0, 4);
  return [...countyNames.keys()]
    .filter((code) => code.startsWith(prefix))
    .map((code) => resolveCounty(code))
    .filter((d): d is Division => d !== undefined);
}

/** The cities (地级) of a province ('370000' or '37'). */
export function citiesOf(provinceCode: string): Division[] {
  const prefix = provinceCode.slice(0, 2);
  return [...cityNames.keys()]
    .filter((code) => code.startsWith(prefix))
    .map((code) => resolveDivision(code))
    .filter((d): d is Division => d !== undefined);
}

let townshipsByCounty: Map<string, string[]> | undefined;

/** The current townships administratively in a county, including those the statistics file under a zone. */
export function townshipsOf(countyCode: string): Division[] {
  if (!townshipsByCounty) {
    townshipsByCounty = new Map();
    for (const code of townshipNames.keys()) {
      const county = townshipAdministrativeCounty.get(code) ?? code.slice(0, 6);
      const list = townshipsByCounty.get(county);
      if (list) list.push(code);
      else townshipsByCounty.set(county, [code]);
    }
  }
  return (townshipsByCounty.get(countyCode) ?? [])
    .map((code) => resolveTownship(code))
    .filter((d): d is Division => d !== undefined);
}

export function allProvinces(): Division[] {
  return [...provinceNames.keys()]
    .map((code) => resolveDivision(code))
    .filter((d): d is Division => d !== undefined);
}
