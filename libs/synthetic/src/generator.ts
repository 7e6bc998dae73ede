import {
  addDays,
  addMonths,
  compareDates,
  type Accompaniment,
  type DifficultyType,
  type LocalDate,
} from '@care/child-rules';
import { DayTable } from './day-table';
import { resolveDivision, type Division } from '@care/divisions';
import { computeCheckCharacter, makeIdNumber } from '@care/identity';
import { schoolYearAge, typicalStage, type EducationStage } from './education';
import {
  HEZE_COUNTIES,
  HEZE_RESIDENCE_COUNTIES,
  HENAN,
  HUKOU_ORIGINS,
  OTHER_PROVINCE_CODES,
  SHANDONG_OUTSIDE_HEZE,
  countiesOfProvince,
  townshipsOfCounty,
  type HukouOrigin,
} from './places';
import { Rng, weighted } from './random';
import {
  ADULT_FEMALE_CHARACTERS,
  ADULT_MALE_CHARACTERS,
  BOY_CHARACTERS,
  CARE_ACTIVITIES,
  COMMUNITY_WORDS,
  GIRL_CHARACTERS,
  MOBILE_PREFIXES,
  ROADS,
  SUMMARY_PHRASES,
  SURNAMES,
  VILLAGE_SUFFIXES,
} from './vocabulary';

export type GuardianRelationship = '父亲' | '母亲' | '祖父' | '祖母' | '外祖父' | '外祖母';

export interface SyntheticGuardian {
  name: string;
  relationship: GuardianRelationship;
  sex: 'male' | 'female';
  /** 11-digit mobile number, 1[3-9]x. */
  phone: string;
  /** 18 digits, or a 15-digit legacy number for a few adults born before 1990. */
  idNumber: string;
  birthDate: LocalDate;
}

export interface SyntheticResidence {
  divisionCode: string; // 9-digit township
  address: string;
  movedInOn: LocalDate;
  movedOutOn?: LocalDate;
}

export interface SyntheticChild {
  seed: number;
  index: number;
  /** Stable key for fixtures: `syn-<seed>-<index>`. */
  key: string;
  /** The day the child's facts describe (ages, residence durations). */
  asOf: LocalDate;
  name: string;
  sex: 'male' | 'female';
  birthDate: LocalDate;
  /** Absent for about 1%: children without household registration (黑户). */
  idNumber?: string;
  hukou: { divisionCode: string; address: string; origin: HukouOrigin };
  /** The current (last) residence; also the last item of residenceHistory. */
  residence: SyntheticResidence;
  residenceHistory: SyntheticResidence[];
  accompaniedBy: Accompaniment;
  guardians: SyntheticGuardian[];
  /** The five difficulty types only (a help request is in askedForHelp). */
  difficultyTypes: DifficultyType[];
  askedForHelp: boolean;
  education: { stage: EducationStage; schoolName?: string; grade?: string };
  summary: string;
  careActivities: string[];
}

export interface GeneratorOptions {
  /** The day the population describes; default 2025-06-01. */
  asOf?: LocalDate;
}

export interface SyntheticGenerator {
  seed: number;
  asOf: LocalDate;
  child(index: number): SyntheticChild;
  /** Children start..start+n-1, one at a time: a million never sit in memory together. */
  children(n: number, start?: number): Iterable<SyntheticChild>;
}

/** Ages 0 to 17: the registry also holds 16- and 17-year-olds, who are no longer migrant children. */
const AGE_SPAN_YEARS = 18;
const ACCOMPANIMENT = weighted<Accompaniment>([
  ['both-parents', 55],
  ['one-parent', 34],
  ['other-guardian', 9],
  ['none', 1],
  ['unknown', 1],
]);
const DIFFICULTIES = weighted<DifficultyType>([
  ['family-hardship', 40],
  ['disability', 15],
  ['lack-of-guardianship', 20],
  ['vagrancy', 3],
  ['psychological-behavioural', 15],
]);
const DINGTAO_DISTRICT = '371703';
const DINGTAO_COUNTY_OLD = '371727'; // 定陶县 until 2016: children registered before keep it in their ID
const DINGTAO_RENAMED_ON = '2016-03-01';

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * ID numbers must not collide (an import test would see duplicates), so the birth day and
 * sequence come from an affine permutation of the index over days × 500 sequence pairs: the
 * first days×500 (≈3.3 million) children of a seed have distinct (birth date, sequence).
 */
function birthSlots(seed: number, days: number) {
  const modulus = days * 500;
  const rng = new Rng(seed, 0x51075);
  let multiplier = rng.int(Math.floor(modulus / 3), modulus - 1);
  while (gcd(multiplier, modulus) !== 1) multiplier++;
  const offset = rng.int(0, modulus - 1);
  return (index: number) => {
    const slot = ((((multiplier % modulus) * (index % modulus)) % modulus) + offset) % modulus;
    return { dayOffset: slot % days, sequencePair: Math.floor(slot / days) };
  };
}

export function createGenerator(seed: number, options: GeneratorOptions = {}): SyntheticGenerator {
  if (!Number.isSafeInteger(seed)) throw new RangeError('seed must be a safe integer');
  const asOf = options.asOf ?? '2025-06-01';
  // guardians reach back 70 years before the oldest child
  const calendar = new DayTable(addMonths(asOf, -12 * (AGE_SPAN_YEARS + 72)), asOf);
  const earliestBirthDay = calendar.day(addDays(addMonths(asOf, -12 * AGE_SPAN_YEARS), 1));
  const slots = birthSlots(seed, calendar.lastDay - earliestBirthDay + 1);

  const child = (index: number): SyntheticChild => {
    if (!Number.isSafeInteger(index) || index < 0)
      throw new RangeError('index must be a non-negative integer');
    const rng = new Rng(seed, index);
    const { dayOffset, sequencePair } = slots(index);
    const birthDay = earliestBirthDay + dayOffset;
    const birthDate = calendar.date(birthDay);
    const sex = rng.chance(0.52) ? 'male' : 'female';
    const surname = rng.pickWeighted(SURNAMES);
    const name = surname + givenName(rng, sex === 'male' ? BOY_CHARACTERS : GIRL_CHARACTERS);

    // where the child lives now, and where the household is registered
    const residenceCounty = rng.pickWeighted(HEZE_RESIDENCE_COUNTIES);
    const residenceTownship = rng.pick(townshipsOfCounty(residenceCounty));
    const origin = rng.pickWeighted(HUKOU_ORIGINS);
    const hukouCounty = pickHukouCounty(rng, origin, residenceCounty);
    const hukouTownship = pickTownship(
      rng,
      hukouCounty,
      origin === 'same-county' ? residenceTownship.code : undefined,
    );

    // ID number: address code of the hukou county as it was at birth registration
    const idAddressCode =
      hukouCounty === DINGTAO_DISTRICT && compareDates(birthDate, DINGTAO_RENAMED_ON) < 0
        ? DINGTAO_COUNTY_OLD
        : hukouCounty;
    const hasIdNumber = !rng.chance(0.01);
    const sequence = sequencePair * 2 + (sex === 'male' ? 1 : 0);
    const idNumber = hasIdNumber ? makeIdNumber(idAddressCode, birthDate, sequence) : undefined;
    // some records still carry the retired county code as the hukou place itself
    const hukouCode =
      idAddressCode === DINGTAO_COUNTY_OLD && rng.chance(0.25) ? DINGTAO_COUNTY_OLD : hukouTownship.code;

    const residenceHistory = residences(rng, calendar, birthDay, residenceTownship, surname);
    const residence = residenceHistory[residenceHistory.length - 1];

    const accompaniedBy = rng.pickWeighted(ACCOMPANIMENT);
    const guardians = makeGuardians(rng, calendar, accompaniedBy, surname, birthDay, hukouCounty);

    const difficultyTypes = rng.chance(0.04) ? pickDifficulties(rng, accompaniedBy) : [];
    const askedForHelp = rng.chance(0.02);
    const education = makeEducation(rng, birthDate, asOf, residenceTownship, difficultyTypes);
    const keyCare = difficultyTypes.length > 0 || askedForHelp;
    const careActivities = keyCare ? distinct(rng, CARE_ACTIVITIES, rng.int(1, 3)) : [];
    const summary = `${rng.pick(summaryPhrases(accompaniedBy, guardians[0].relationship))}；${rng.pick(SUMMARY_PHRASES.general)}`;

    return {
      seed,
      index,
      key: `syn-${seed}-${index}`,
      asOf,
      name,
      sex,
      birthDate,
      ...(idNumber ? { idNumber } : {}),
      hukou: { divisionCode: hukouCode, address: address(rng, hukouTownship, surname, true), origin },
      residence,
      residenceHistory,
      accompaniedBy,
      guardians,
      difficultyTypes,
      askedForHelp,
      education,
      summary,
      careActivities,
    };
  };

  function* children(n: number, start = 0): Generator<SyntheticChild> {
    for (let i = start; i < start + n; i++) yield child(i);
  }

  return { seed, asOf, child, children };
}

function summaryPhrases(
  accompaniedBy: Accompaniment,
  firstGuardian: GuardianRelationship,
): readonly string[] {
  switch (accompaniedBy) {
    case 'both-parents':
      return SUMMARY_PHRASES.parents;
    case 'one-parent':
      return SUMMARY_PHRASES['one-parent'].filter(
        (p) => !p.startsWith(firstGuardian === '母亲' ? '随父亲' : '随母亲'),
      );
    case 'other-guardian':
      return SUMMARY_PHRASES.grandparents;
    case 'none':
    case 'unknown':
      return SUMMARY_PHRASES.alone;
    default:
      return assertNever(accompaniedBy);
  }
}

function givenName(rng: Rng, characters: readonly string[]): string {
  return rng.chance(0.8) ? rng.pick(characters) + rng.pick(characters) : rng.pick(characters);
}

function pickHukouCounty(rng: Rng, origin: HukouOrigin, residenceCounty: string): string {
  switch (origin) {
    case 'same-county':
      return residenceCounty;
    case 'other-heze-county':
      return rng.pick(HEZE_COUNTIES.filter((c) => c !== residenceCounty));
    case 'other-shandong':
      return rng.pick(SHANDONG_OUTSIDE_HEZE());
    case 'henan':
      return rng.pick(HENAN());
    case 'other-province':
      return rng.pick(countiesOfProvince(rng.pick(OTHER_PROVINCE_CODES)));
    default:
      return assertNever(origin);
  }
}

function pickTownship(rng: Rng, countyCode: string, avoid?: string): Division {
  const townships = townshipsOfCounty(countyCode);
  const choices = townships.length > 1 && avoid ? townships.filter((t) => t.code !== avoid) : townships;
  return rng.pick(choices);
}

function address(rng: Rng, township: Division, surname: string, withProvince: boolean): string {
  const place = withProvince ? township.fullName : township.fullName.replace(/^.+?省/, '');
  const road = rng.pick(ROADS);
  const number = rng.int(1, 300);
  if (township.name.endsWith('街道')) return `${place}${rng.pick(COMMUNITY_WORDS)}社区${road}${number}号`;
  const village =
    (rng.chance(0.6) ? surname.slice(0, 1) : rng.pick(['东', '西', '南', '北', '前', '后', '大', '小'])) +
    rng.pick(VILLAGE_SUFFIXES);
  return `${place}${village}村${road}${number}号`;
}

/** About twelve years: how far back a current residence may begin. */
const LONGEST_STAY_DAYS = 4383;

function residences(
  rng: Rng,
  calendar: DayTable,
  birthDay: number,
  township: Division,
  surname: string,
): SyntheticResidence[] {
  const today = calendar.lastDay;
  const earliest = Math.max(birthDay, today - LONGEST_STAY_DAYS);
  const span = today - earliest;
  // about one in ten arrived in the last six months and does not qualify yet
  const movedInDay = rng.chance(0.1) ? today - rng.int(0, Math.min(span, 182)) : earliest + rng.int(0, span);
  const current: SyntheticResidence = {
    divisionCode: township.code,
    address: address(rng, township, surname, false),
    movedInOn: calendar.date(movedInDay),
  };
  if (rng.chance(0.05) && movedInDay < today)
    current.movedOutOn = calendar.date(movedInDay + rng.int(1, today - movedInDay));

  if (!rng.chance(0.2) || movedInDay - earliest < 60) return [current];
  const previousCounty = rng.pick(HEZE_COUNTIES);
  const previousTownship = rng.pick(townshipsOfCounty(previousCounty));
  const previous: SyntheticResidence = {
    divisionCode: previousTownship.code,
    address: address(rng, previousTownship, surname, false),
    movedInOn: calendar.date(earliest + rng.int(0, movedInDay - earliest - 30)),
    movedOutOn: current.movedInOn,
  };
  return [previous, current];
}

function makeGuardians(
  rng: Rng,
  calendar: DayTable,
  accompaniedBy: Accompaniment,
  surname: string,
  childBirthDay: number,
  hukouCounty: string,
): SyntheticGuardian[] {
  const father = (): SyntheticGuardian =>
    adult(rng, calendar, '父亲', 'male', surname, childBirthDay, 22, 42, hukouCounty);
  const mother = (): SyntheticGuardian =>
    adult(rng, calendar, '母亲', 'female', rng.pickWeighted(SURNAMES), childBirthDay, 20, 40, hukouCounty);
  switch (accompaniedBy) {
    case 'both-parents':
      return rng.chance(0.5) ? [mother(), father()] : [father(), mother()];
    case 'one-parent':
    case 'none':
    case 'unknown':
      return [rng.chance(0.6) ? mother() : father()];
    case 'other-guardian': {
      const relationship = rng.pick<GuardianRelationship>(['祖父', '祖母', '外祖父', '外祖母']);
      const male = relationship.endsWith('父');
      const grandSurname = relationship.startsWith('祖') && male ? surname : rng.pickWeighted(SURNAMES);
      return [
        adult(
          rng,
          calendar,
          relationship,
          male ? 'male' : 'female',
          grandSurname,
          childBirthDay,
          44,
          70,
          hukouCounty,
        ),
      ];
    }
    default:
      return assertNever(accompaniedBy);
  }
}

function adult(
  rng: Rng,
  calendar: DayTable,
  relationship: GuardianRelationship,
  sex: 'male' | 'female',
  surname: string,
  childBirthDay: number,
  minGapYears: number,
  maxGapYears: number,
  county: string,
): SyntheticGuardian {
  // years counted as 365.25 days: the guardian's age gap need not land on a calendar anniversary
  const birthDate = calendar.date(
    childBirthDay -
      Math.floor(365.25 * minGapYears) -
      rng.int(0, Math.floor(365.25 * (maxGapYears - minGapYears + 1)) - 1),
  );
  const sequence = rng.int(0, 499) * 2 + (sex === 'male' ? 1 : 0);
  const idAddress = adultIdAddressCode(rng, county, birthDate);
  const legacy = compareDates(birthDate, '1990-01-01') < 0 && rng.chance(0.03);
  const idNumber = legacy
    ? legacyIdNumber(idAddress, birthDate, sequence)
    : makeIdNumber(idAddress, birthDate, sequence);
  const characters = sex === 'male' ? ADULT_MALE_CHARACTERS : ADULT_FEMALE_CHARACTERS;
  return {
    name: surname + givenName(rng, characters),
    relationship,
    sex,
    phone: mobile(rng),
    idNumber,
    birthDate,
  };
}

/** Codes of 菏泽地区 before it became 菏泽市 in 2000; adults registered then keep them. */
const HEZE_PRE_2000: Readonly<Record<string, string>> = {
  '371702': '372901', // 菏泽市 (county-level) -> 牡丹区
  '371721': '372922', // 曹县
  '371703': '372923', // 定陶县
  '371723': '372924', // 成武县
  '371722': '372925', // 单县
  '371724': '372926', // 巨野县
  '371725': '372928', // 郓城县
  '371726': '372929', // 鄄城县
  '371728': '372930', // 东明县
};

function adultIdAddressCode(rng: Rng, county: string, birthDate: LocalDate): string {
  const before2000 = HEZE_PRE_2000[county];
  if (before2000 && compareDates(birthDate, '2000-01-01') < 0 && rng.chance(0.4)) return before2000;
  if (county === DINGTAO_DISTRICT && compareDates(birthDate, DINGTAO_RENAMED_ON) < 0)
    return DINGTAO_COUNTY_OLD;
  return county;
}

/** A 15-digit number (GB 11643-1989): 6-digit address, yymmdd, 3-digit sequence, no check character. */
function legacyIdNumber(addressCode: string, birthDate: LocalDate, sequence: number): string {
  const id = addressCode + birthDate.slice(2).replace(/-/g, '') + String(sequence).padStart(3, '0');
  // the 18-digit form must exist, which also proves the parts are well-formed
  computeCheckCharacter(id.slice(0, 6) + '19' + id.slice(6));
  return id;
}

function mobile(rng: Rng): string {
  return rng.pick(MOBILE_PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, '0');
}

function pickDifficulties(rng: Rng, accompaniedBy: Accompaniment): DifficultyType[] {
  const types = new Set<DifficultyType>([rng.pickWeighted(DIFFICULTIES)]);
  if (rng.chance(0.2)) types.add(rng.pickWeighted(DIFFICULTIES));
  if (accompaniedBy === 'none' && rng.chance(0.5)) types.add('lack-of-guardianship');
  return DIFFICULTIES.items.filter((t) => types.has(t));
}

function makeEducation(
  rng: Rng,
  birthDate: LocalDate,
  asOf: LocalDate,
  township: Division,
  difficulties: readonly DifficultyType[],
): SyntheticChild['education'] {
  const age = schoolYearAge(birthDate, asOf);
  const county = resolveDivision(township.countyCode ?? township.code.slice(0, 6));
  const countyName = county?.name ?? '';
  const townshipStem = township.name.replace(/(街道|镇|乡)$/, '');
  if (difficulties.includes('disability') && age >= 6 && age < 18 && rng.chance(0.3)) {
    return {
      stage: 'special',
      schoolName: `菏泽市${countyName}特殊教育学校`,
      grade: `${Math.min(age - 5, 9)}年级`,
    };
  }
  const { stage, grade } = typicalStage(age, rng.chance(0.25) ? 'vocational' : 'general');
  switch (stage) {
    case 'none':
      return { stage };
    case 'preschool':
      return rng.chance(0.9)
        ? { stage, schoolName: `${countyName}${townshipStem}中心幼儿园`, grade }
        : { stage: 'none' };
    case 'primary':
      return {
        stage,
        schoolName: rng.chance(0.5)
          ? `${countyName}${townshipStem}中心小学`
          : `${countyName}第${chineseNumber(rng.int(1, 9))}实验小学`,
        grade,
      };
    case 'junior-secondary':
      return {
        stage,
        schoolName: rng.chance(0.5)
          ? `${countyName}${townshipStem}初级中学`
          : `${countyName}第${chineseNumber(rng.int(1, 9))}中学`,
        grade,
      };
    case 'senior-secondary':
      return rng.chance(0.92)
        ? { stage, schoolName: `${countyName}第${chineseNumber(rng.int(1, 5))}高级中学`, grade }
        : { stage: 'none' };
    case 'secondary-vocational':
      return { stage, schoolName: `${countyName}职业中等专业学校`, grade };
    case 'special':
      return { stage, grade };
    default:
      return assertNever(stage);
  }
}

function chineseNumber(n: number): string {
  return ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'][n];
}

function distinct<T>(rng: Rng, items: readonly T[], n: number): T[] {
  const chosen = new Set<T>();
  while (chosen.size < Math.min(n, items.length)) chosen.add(rng.pick(items));
  return items.filter((item) => chosen.has(item));
}

function assertNever(value: never): never {
  throw new Error(`unhandled value: ${String(value)}`);
}
