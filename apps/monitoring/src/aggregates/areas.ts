import { countiesOf, townshipsOf } from '@care/divisions';
import type { AggregateStore } from './aggregate-store';

/** The counties of the city: the division dataset's, plus any the aggregates hold (a code newer than the dataset). */
export function countiesOfCity(store: AggregateStore, cityCode: string): string[] {
  const prefix = cityCode.slice(0, 4);
  const codes = new Set(countiesOf(cityCode).map((d) => d.code));
  for (const area of store.areas())
    if (/^[0-9]{6}$/.test(area) && area.startsWith(prefix) && area !== cityCode) codes.add(area);
  return [...codes].sort();
}

/** The townships of a county that the dataset lists or the aggregates hold. */
export function townshipsOfCounty(store: AggregateStore, countyCode: string): string[] {
  const codes = new Set(townshipsOf(countyCode).map((d) => d.code));
  for (const area of store.areas()) if (area.length === 9 && area.startsWith(countyCode)) codes.add(area);
  return [...codes].sort();
}
