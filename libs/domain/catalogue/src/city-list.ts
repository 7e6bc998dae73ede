import hezeBasicListData from './data/heze-basic-list.v1.json';
import { parseServiceList, type ServiceList } from './service-list';

/** GB/T 2260 code of Heze (菏泽市), whose basic list (Attachment 2) every county list starts from. */
export const HEZE_CITY_CODE = '371700';

/** The six-digit code a county of the city starts with. */
export function isCountyOfCity(divisionCode: string, cityCode: string = HEZE_CITY_CODE): boolean {
  return (
    /^[0-9]{6}$/.test(divisionCode) &&
    divisionCode !== cityCode &&
    divisionCode.slice(0, 4) === cityCode.slice(0, 4)
  );
}

let cached: ServiceList | undefined;

/**
 * Heze's basic list, version 1, as published with the action plan (2025-02-20): 21 items,
 * verbatim from the seed, with the readings taken where its table is garbled (`corrections`).
 * It is data (data/heze-basic-list.v1.json), checked by the same parser that guards editors.
 */
export function hezeBasicList(): ServiceList {
  if (cached === undefined) {
    const parsed = parseServiceList(hezeBasicListData, 'heze-basic-list.v1');
    if (!parsed.ok)
      throw new Error(
        `heze-basic-list.v1.json is invalid:\n${parsed.problems.map((p) => p.message).join('\n')}`,
      );
    cached = parsed.value;
  }
  return cached;
}
