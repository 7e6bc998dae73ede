import { citiesOf, countiesOf, countyOf, resolveDivision, townshipsOf, type Division } from '@care/divisions';

// Attachment 1 gives addresses as text (户籍地址 "山东省菏泽市曹县曹城街道…", 现居住地 "牡丹区东城街道…"),
// while the migrant-child rule needs division codes. These functions find the divisions an
// address names, by the official names of the shipped GB/T 2260 dataset, most specific last.

const PROVINCE_SUFFIXES = ['维吾尔自治区', '壮族自治区', '回族自治区', '特别行政区', '自治区', '省', '市'];
const CITY_SUFFIXES = ['自治州', '地区', '市', '盟'];

function shortName(name: string, suffixes: readonly string[]): string {
  for (const suffix of suffixes)
    if (name.endsWith(suffix) && name.length > suffix.length + 1) return name.slice(0, -suffix.length);
  return name;
}

let provinces: Division[] | undefined;
function allProvinces(): Division[] {
  if (provinces === undefined) {
    provinces = [];
    for (let p = 11; p <= 82; p += 1) {
      const d = resolveDivision(`${p}0000`);
      if (d !== undefined) provinces.push(d);
    }
  }
  return provinces;
}

const townshipCache = new Map<string, Division[]>();
function townshipsByLength(countyCode: string): Division[] {
  let list = townshipCache.get(countyCode);
  if (list === undefined) {
    // Longest names first, so 牡丹街道 is not taken for a shorter name inside it.
    list = [...townshipsOf(countyCode)].sort((a, b) => b.name.length - a.name.length);
    townshipCache.set(countyCode, list);
  }
  return list;
}

const citiesCache = new Map<string, Division[]>();
const countiesCache = new Map<string, Division[]>();
function citiesOfCached(provinceCode: string): Division[] {
  let list = citiesCache.get(provinceCode);
  if (list === undefined) citiesCache.set(provinceCode, (list = [...citiesOf(provinceCode)]));
  return list;
}
function countiesOfCached(cityCode: string): Division[] {
  let list = countiesCache.get(cityCode);
  if (list === undefined) countiesCache.set(cityCode, (list = [...countiesOf(cityCode)]));
  return list;
}

function compact(text: string): string {
  return text.normalize('NFKC').replace(/\s/g, '');
}

function firstNamed(
  text: string,
  divisions: readonly Division[],
  names: (d: Division) => string[],
): Division | undefined {
  let best: { division: Division; at: number; length: number } | undefined;
  for (const division of divisions) {
    for (const name of names(division)) {
      if (name.length < 2) continue;
      const at = text.indexOf(name);
      if (at === -1) continue;
      if (best === undefined || at < best.at || (at === best.at && name.length > best.length))
        best = { division, at, length: name.length };
    }
  }
  return best?.division;
}

/** The township of a county that the address names, if any. */
export function townshipNamedIn(address: string, countyCode: string): Division | undefined {
  const text = compact(address);
  return townshipsByLength(countyCode).find((t) => text.includes(t.name));
}

export interface ResolvedAddress {
  /** The current county code (a historical county resolves to its successor). */
  countyCode: string;
  /** The 9-digit township when the address names one of the county's townships. */
  townshipCode?: string;
  /** The most specific division found: the township, else the county. */
  divisionCode: string;
}

/**
 * The county (and township) an address names, looking for the province, then the city, then
 * the county by their official names; an address that starts below the province level
 * ("菏泽市牡丹区…", "牡丹区…") is read within `defaultProvince`/`defaultCity`.
 */
export function resolveAddress(
  address: string,
  defaults: { provinceCode: string; cityCode: string },
): ResolvedAddress | undefined {
  const text = compact(address);
  if (text === '') return undefined;
  const province = firstNamed(text, allProvinces(), (d) => [d.name, shortName(d.name, PROVINCE_SUFFIXES)]);
  const provinceCode = province?.code ?? defaults.provinceCode;
  const cities = citiesOfCached(provinceCode);
  const city = firstNamed(text, cities, (d) => [d.name, shortName(d.name, CITY_SUFFIXES)]);
  const searchCities =
    city !== undefined
      ? [city]
      : province === undefined
        ? [resolveDivision(defaults.cityCode)].filter((d): d is Division => d !== undefined)
        : cities;
  let county: Division | undefined;
  for (const c of searchCities) {
    county = firstNamed(text, countiesOfCached(c.code), (d) => [d.name]);
    if (county !== undefined) break;
  }
  if (county === undefined && city === undefined && province === undefined) {
    // A bare county name of another city of the default province.
    for (const c of cities) {
      county = firstNamed(text, countiesOfCached(c.code), (d) => [d.name]);
      if (county !== undefined) break;
    }
  }
  if (county === undefined) return undefined;
  const countyCode = countyOf(county.code) ?? county.code;
  const township = townshipNamedIn(text, countyCode);
  return township === undefined
    ? { countyCode, divisionCode: countyCode }
    : { countyCode, townshipCode: township.code, divisionCode: township.code };
}
