/**
 * The shipped GB/T 2260 dataset (src/data/divisions.json, built by scripts/build-dataset.mjs),
 * unpacked once at module load into lookup maps. No I/O happens at call time.
 */

/** The JSON's shape: compact on disk, see scripts/build-dataset.mjs. */
interface RawDataset {
  edition: string;
  provinces: Record<string, string>; // '37' -> 山东省
  cities: Record<string, string>; // '3717' -> 菏泽市
  counties: Record<string, string>; // '371702' -> 牡丹区
  townships: Record<string, string>; // '371702' -> '001东城街道|002西城街道|…'
  townshipCounty: Record<string, string>; // township in a statistics-only zone -> its administrative county
  historicalCounties: Record<string, [name: string, until: string, successor?: string]>;
  historicalTownships: Record<string, [name: string, until: string, successor?: string]>;
}

// require, not import: letting tsc infer a type for a 900 kB JSON literal costs seconds on every typecheck.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const raw: RawDataset = require('./data/divisions.json');

export interface HistoricalEntry {
  name: string;
  /** First dataset edition (date) in which the code no longer appears: retired on or before it. */
  until: string;
  /** The current code that took over, when it is known. */
  successor?: string;
}

export const DATASET_EDITION = raw.edition;
export const provinceNames = new Map(Object.entries(raw.provinces));
export const cityNames = new Map(Object.entries(raw.cities));
export const countyNames = new Map(Object.entries(raw.counties));
export const townshipNames = new Map<string, string>();
for (const [county, packed] of Object.entries(raw.townships)) {
  for (const entry of packed.split('|')) townshipNames.set(county + entry.slice(0, 3), entry.slice(3));
}
export const townshipAdministrativeCounty = new Map(Object.entries(raw.townshipCounty));

function unpackHistory(source: RawDataset['historicalCounties']): Map<string, HistoricalEntry> {
  return new Map(
    Object.entries(source).map(([code, [name, until, successor]]) => [
      code,
      successor ? { name, until, successor } : { name, until },
    ]),
  );
}
export const historicalCounties = unpackHistory(raw.historicalCounties);
export const historicalTownships = unpackHistory(raw.historicalTownships);
