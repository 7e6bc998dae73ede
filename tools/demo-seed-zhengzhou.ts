/**
 * Zhengzhou's (郑州 410100) demo registry, the partner city of Heze's in `npm start`: loaded
 * through its registry's import endpoint (:3111) like Heze's, before Heze's (tools/demo-seed.ts),
 * so the records Heze's gateway pushes find Zhengzhou's own records to be compared with.
 * - In 中原区 410102 and 金水区 410105, `--per-county` synthetic children living there: every
 *   third registered at home (no migrant child), the others where the generator puts their
 *   household, Heze's counties among them: those are migrant children in Zhengzhou, and
 *   Zhengzhou's gateway pushes them to Heze's (Heze is their hukou city).
 * - Zhengzhou's records of two in three of Heze's children with hukou in Zhengzhou
 *   (`zhengzhouHukouChildren`), at their household's address, each with one field written
 *   differently (guardian's name, child's name or house number of the hukou address), half
 *   of them moved out (迁出时间 seven months ago, to Heze) and half still listed as living at home: Heze's push
 *   then shows a field difference, and for the second half also a status conflict. The third
 *   child of three is not known here (户籍地无记录).
 * Deterministic, and re-running it creates nothing new (the import matches on ID numbers).
 *   npx tsx tools/demo-seed-zhengzhou.ts [--per-county 10] [--seed 20250220]
 * ZHENGZHOU_REGISTRY_URL defaults to http://127.0.0.1:3111.
 */
import { addMonths, shanghaiDate, type LocalDate } from '@care/child-rules';
import { countyOf, resolveDivision, townshipsOf, type Division } from '@care/divisions';
import { createGenerator, toLedgerRow, type SyntheticChild, type SyntheticGenerator } from '@care/synthetic';
import {
  DEMO_SEED,
  ZHENGZHOU_DEMO_COUNTIES,
  flag,
  importLedger,
  plainChild,
  withHukouIn,
  withoutProvince,
  zhengzhouHukouChildren,
} from './demo-seed';

/** Where the generator's indices of Zhengzhou's own children begin (apart from Heze's). */
const OWN_FIRST_INDEX = 2_500_000;

/** The child living at `address` in `township` since the generated day. */
function livingAt(child: SyntheticChild, township: Division, address: string): SyntheticChild {
  const residence = { ...child.residence, divisionCode: township.code, address };
  return { ...child, residence, residenceHistory: [residence] };
}

/** The generated residence detail (below the township) in a township of Zhengzhou. */
function livingIn(child: SyntheticChild, township: Division): SyntheticChild {
  const old = resolveDivision(child.residence.divisionCode);
  const place = old === undefined ? '' : withoutProvince(old.fullName);
  const detail =
    place !== '' && child.residence.address.startsWith(place)
      ? child.residence.address.slice(place.length)
      : child.residence.address.replace(/^.*?(街道|镇|乡)/, '');
  return livingAt(child, township, `${withoutProvince(township.fullName)}${detail}`);
}

/** Zhengzhou's own demo children of one district (see the header). */
function ownChildren(generator: SyntheticGenerator, countyCode: string, count: number, first: number) {
  const townships = townshipsOf(countyCode);
  const out: SyntheticChild[] = [];
  for (let i = first; out.length < count && i < first + 100_000; i += 1) {
    const child = generator.child(i);
    if (!plainChild(child)) continue;
    const township = townships[out.length % townships.length];
    const here = livingIn(child, township);
    out.push(out.length % 3 === 0 ? withHukouIn(here, township) : here);
  }
  return out;
}

/** Another given name's last character (a typing difference between the two registries). */
function otherName(name: string): string {
  return `${name.slice(0, -1)}${name.endsWith('华') ? '伟' : '华'}`;
}

type Variant = 'guardianName' | 'name' | 'hukouAddress.detail';
const VARIANTS: readonly Variant[] = ['guardianName', 'name', 'hukouAddress.detail'];

/** Zhengzhou's record of a Heze child with hukou here: at home, one field written differently. */
function zhengzhouRecordOf(child: SyntheticChild, variant: Variant, movedOutOn?: LocalDate): SyntheticChild {
  const [first, ...others] = child.guardians;
  const changed: SyntheticChild =
    variant === 'name'
      ? { ...child, name: otherName(child.name) }
      : variant === 'guardianName'
        ? { ...child, guardians: [{ ...first, name: otherName(first.name) }, ...others] }
        : {
            ...child,
            hukou: {
              ...child.hukou,
              address: child.hukou.address.replace(/(\d+)号$/, (_, n: string) => `${Number(n) + 1}号`),
            },
          };
  const home = resolveDivision(changed.hukou.divisionCode) as Division;
  const atHome = livingAt(changed, home, withoutProvince(changed.hukou.address));
  return movedOutOn === undefined ? atHome : { ...atHome, residence: { ...atHome.residence, movedOutOn } };
}

async function main(): Promise<void> {
  const registry = process.env.ZHENGZHOU_REGISTRY_URL ?? 'http://127.0.0.1:3111';
  const perCounty = flag('per-county', 10);
  const asOf = shanghaiDate(new Date());
  const generator = createGenerator(flag('seed', DEMO_SEED), { asOf });
  // Moved out seven months ago, after living at home for years (the import's 迁入日期 of those rows).
  const movedOutOn = addMonths(asOf, -7);
  const livedThereSince = addMonths(asOf, -60);

  const resident = new Map<string, SyntheticChild[]>();
  const movedOut = new Map<string, SyntheticChild[]>();
  ZHENGZHOU_DEMO_COUNTIES.forEach((county, k) =>
    resident.set(county, ownChildren(generator, county, perCounty, OWN_FIRST_INDEX + k * 100_000)),
  );
  const known = [...zhengzhouHukouChildren(generator).values()].flat().filter((_, k) => k % 3 !== 2);
  known.forEach((child, j) => {
    const out = j % 2 === 0;
    const record = zhengzhouRecordOf(child, VARIANTS[j % VARIANTS.length], out ? movedOutOn : undefined);
    const county = countyOf(record.hukou.divisionCode) as string;
    const into = out ? movedOut : resident;
    into.set(county, [...(into.get(county) ?? []), record]);
  });

  for (const county of ZHENGZHOU_DEMO_COUNTIES) {
    const name = resolveDivision(county)?.name ?? county;
    const rows = (list: SyntheticChild[] | undefined) => (list ?? []).map((c, i) => toLedgerRow(c, i + 1));
    console.log(
      `郑州 ${name} ${county}: ${JSON.stringify(await importLedger(registry, county, rows(resident.get(county))))}`,
    );
    const out = movedOut.get(county);
    if (out !== undefined) {
      const options = { residentSince: livedThereSince, movedOutColumn: true };
      const withDate = rows(out).map((row, i) => [...row, out[i].residence.movedOutOn ?? '']);
      console.log(
        `郑州 ${name} ${county} 已迁出: ${JSON.stringify(await importLedger(registry, county, withDate, options))}`,
      );
    }
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
