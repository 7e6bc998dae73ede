import { hezeBasicList } from './city-list';
import {
  computeEntitlements,
  diffEntitlements,
  isEmptyDiff,
  nextEntitlementChangeOn,
  type Entitlement,
} from './entitlements';
import { childFacts } from './facts.fixture';
import type { DepartmentId } from './vocabulary';

const AS_OF = '2025-06-01';
const list = hezeBasicList();

/** Items every migrant child living here is owed, with their departments (seed rows 6, 7, 18-21). */
const EVERYONE: Record<string, DepartmentId[]> = {
  'HZ-06': ['health'],
  'HZ-07': ['medical-insurance'],
  'HZ-18': ['civil-affairs', 'education-sports', 'health'],
  'HZ-19': ['court', 'procuratorate', 'education-sports', 'public-security', 'womens-federation'],
  'HZ-20': [
    'cyberspace',
    'education-sports',
    'civil-affairs',
    'radio-tv',
    'youth-league',
    'womens-federation',
  ],
  'HZ-21': ['education-sports', 'civil-affairs', 'human-resources', 'youth-league', 'womens-federation'],
};

function owed(entitlements: Entitlement[]): Record<string, readonly DepartmentId[]> {
  return Object.fromEntries(entitlements.map((e) => [e.itemCode, e.departments]));
}

describe('computeEntitlements on the Heze basic list', () => {
  // The six children the issue names: every item and every department, written out in full.
  it.each([
    {
      child: 'a 2-year-old at home',
      reason:
        '0-6岁 health management and childcare (HZ-01) plus the items for every migrant child; too young for kindergarten (HZ-02 starts at 3)',
      facts: childFacts({ birthDate: '2023-03-10', educationStage: 'none' }),
      expected: {
        'HZ-01': ['health'],
        'HZ-06': ['health'],
        'HZ-07': ['medical-insurance'],
        'HZ-18': ['civil-affairs', 'education-sports', 'health'],
        'HZ-19': ['court', 'procuratorate', 'education-sports', 'public-security', 'womens-federation'],
        'HZ-20': [
          'cyberspace',
          'education-sports',
          'civil-affairs',
          'radio-tv',
          'youth-league',
          'womens-federation',
        ],
        'HZ-21': [
          'education-sports',
          'civil-affairs',
          'human-resources',
          'youth-league',
          'womens-federation',
        ],
      },
    },
    {
      child: 'a 5-year-old in kindergarten',
      reason: '0-6岁 (HZ-01) and 3-6岁 preschool education (HZ-02)',
      facts: childFacts({ birthDate: '2019-09-15', educationStage: 'preschool', inSchoolLocally: true }),
      expected: {
        'HZ-01': ['health'],
        'HZ-02': ['education-sports'],
        'HZ-06': ['health'],
        'HZ-07': ['medical-insurance'],
        'HZ-18': ['civil-affairs', 'education-sports', 'health'],
        'HZ-19': ['court', 'procuratorate', 'education-sports', 'public-security', 'womens-federation'],
        'HZ-20': [
          'cyberspace',
          'education-sports',
          'civil-affairs',
          'radio-tv',
          'youth-league',
          'womens-federation',
        ],
        'HZ-21': [
          'education-sports',
          'civil-affairs',
          'human-resources',
          'youth-league',
          'womens-federation',
        ],
      },
    },
    {
      child: 'a 12-year-old disabled pupil',
      reason:
        'compulsory education (HZ-03), disability rehabilitation and the two subsidies (HZ-13) and special education (HZ-14)',
      facts: childFacts({
        birthDate: '2013-02-01',
        educationStage: 'primary',
        inSchoolLocally: true,
        disabled: true,
        difficultyTypes: ['disability'],
      }),
      expected: {
        'HZ-03': ['education-sports'],
        'HZ-06': ['health'],
        'HZ-07': ['medical-insurance'],
        'HZ-13': ['civil-affairs', 'disabled-persons-federation'],
        'HZ-14': ['education-sports', 'disabled-persons-federation'],
        'HZ-18': ['civil-affairs', 'education-sports', 'health'],
        'HZ-19': ['court', 'procuratorate', 'education-sports', 'public-security', 'womens-federation'],
        'HZ-20': [
          'cyberspace',
          'education-sports',
          'civil-affairs',
          'radio-tv',
          'youth-league',
          'womens-federation',
        ],
        'HZ-21': [
          'education-sports',
          'civil-affairs',
          'human-resources',
          'youth-league',
          'womens-federation',
        ],
      },
    },
    {
      child: 'a 15-year-old orphan in secondary vocational school',
      reason:
        'vocational grants (HZ-05), 明天计划 for orphans (HZ-09), basic living allowance (HZ-12); not 护佑健康 (HZ-10), which names scattered orphans only',
      facts: childFacts({
        birthDate: '2010-04-20',
        educationStage: 'secondary-vocational',
        inSchoolLocally: true,
        orphan: true,
      }),
      expected: {
        'HZ-05': ['education-sports', 'human-resources'],
        'HZ-06': ['health'],
        'HZ-07': ['medical-insurance'],
        'HZ-09': ['civil-affairs'],
        'HZ-12': ['civil-affairs'],
        'HZ-18': ['civil-affairs', 'education-sports', 'health'],
        'HZ-19': ['court', 'procuratorate', 'education-sports', 'public-security', 'womens-federation'],
        'HZ-20': [
          'cyberspace',
          'education-sports',
          'civil-affairs',
          'radio-tv',
          'youth-league',
          'womens-federation',
        ],
        'HZ-21': [
          'education-sports',
          'civil-affairs',
          'human-resources',
          'youth-league',
          'womens-federation',
        ],
      },
    },
    {
      child: 'a 9-year-old pupil of a minimum-living family with housing difficulty',
      reason: 'compulsory education (HZ-03), housing security (HZ-11), minimum living allowance (HZ-15)',
      facts: childFacts({
        birthDate: '2016-01-05',
        educationStage: 'primary',
        minimumLiving: true,
        housingDifficulty: true,
        difficultyTypes: ['family-hardship'],
      }),
      expected: {
        'HZ-03': ['education-sports'],
        'HZ-06': ['health'],
        'HZ-07': ['medical-insurance'],
        'HZ-11': ['housing'],
        'HZ-15': ['civil-affairs'],
        'HZ-18': ['civil-affairs', 'education-sports', 'health'],
        'HZ-19': ['court', 'procuratorate', 'education-sports', 'public-security', 'womens-federation'],
        'HZ-20': [
          'cyberspace',
          'education-sports',
          'civil-affairs',
          'radio-tv',
          'youth-league',
          'womens-federation',
        ],
        'HZ-21': [
          'education-sports',
          'civil-affairs',
          'human-resources',
          'youth-league',
          'womens-federation',
        ],
      },
    },
    {
      child: 'a 14-year-old with a diagnosed severe mental disorder living at home, out of school',
      reason:
        'health management and community rehabilitation (HZ-08, health and civil affairs); compulsory education (HZ-03) because a 14-year-old out of school is of compulsory age; medical insurance (HZ-07) is for every migrant child, not only this group (seed row 7 corrected)',
      facts: childFacts({
        birthDate: '2011-03-03',
        educationStage: 'none',
        severeMentalDisorderAtHome: true,
        difficultyTypes: ['psychological-behavioural'],
      }),
      expected: {
        'HZ-03': ['education-sports'],
        'HZ-06': ['health'],
        'HZ-07': ['medical-insurance'],
        'HZ-08': ['health', 'civil-affairs'],
        'HZ-18': ['civil-affairs', 'education-sports', 'health'],
        'HZ-19': ['court', 'procuratorate', 'education-sports', 'public-security', 'womens-federation'],
        'HZ-20': [
          'cyberspace',
          'education-sports',
          'civil-affairs',
          'radio-tv',
          'youth-league',
          'womens-federation',
        ],
        'HZ-21': [
          'education-sports',
          'civil-affairs',
          'human-resources',
          'youth-league',
          'womens-federation',
        ],
      },
    },
  ])('$child: $reason', ({ facts, expected }) => {
    expect(owed(computeEntitlements(facts, list, AS_OF))).toEqual(expected);
  });

  // Boundaries and the other target groups: the items beyond EVERYONE, with the reason.
  it.each([
    {
      child: 'not a migrant child',
      reason: 'nothing is owed from a residence list',
      facts: childFacts({ isMigrant: false }),
      extra: null,
    },
    {
      child: 'moved out (迁出)',
      reason: 'no longer lives here',
      facts: childFacts({ movedOut: true, orphan: true }),
      extra: null,
    },
    {
      child: 'born on the evaluation day',
      reason: 'age 0 is inside 0-6岁',
      facts: childFacts({ birthDate: AS_OF }),
      extra: { 'HZ-01': ['health'] },
    },
    {
      child: 'born after the evaluation day',
      reason: 'a future birth date satisfies no age band',
      facts: childFacts({ birthDate: '2025-06-02' }),
      extra: {},
    },
    {
      child: 'the day before the 7th birthday',
      reason: '0-6岁 includes completed age 6',
      facts: childFacts({ birthDate: '2018-06-02', educationStage: 'preschool' }),
      extra: { 'HZ-01': ['health'], 'HZ-02': ['education-sports'] },
    },
    {
      child: 'on the 7th birthday, in kindergarten',
      reason:
        'completed 7 years: out of 0-6岁 and 3-6岁; not yet of out-of-school compulsory age since in preschool',
      facts: childFacts({ birthDate: '2018-06-01', educationStage: 'preschool' }),
      extra: {},
    },
    {
      child: 'on the 3rd birthday',
      reason: '3-6岁 starts on the 3rd birthday',
      facts: childFacts({ birthDate: '2022-06-01' }),
      extra: { 'HZ-01': ['health'], 'HZ-02': ['education-sports'] },
    },
    {
      child: 'the day before the 3rd birthday',
      reason: 'still 2: no preschool item',
      facts: childFacts({ birthDate: '2022-06-02' }),
      extra: { 'HZ-01': ['health'] },
    },
    {
      child: 'a 6-year-old already in primary school',
      reason: 'compulsory education replaces preschool; 0-6岁 health still applies',
      facts: childFacts({ birthDate: '2018-09-01', educationStage: 'primary' }),
      extra: { 'HZ-01': ['health'], 'HZ-03': ['education-sports'] },
    },
    {
      child: 'a 6-year-old not yet in school',
      reason: 'of compulsory age (年满六周岁) and of preschool age',
      facts: childFacts({ birthDate: '2019-01-01', educationStage: 'none' }),
      extra: { 'HZ-01': ['health'], 'HZ-02': ['education-sports'], 'HZ-03': ['education-sports'] },
    },
    {
      child: 'a 10-year-old of unknown stage',
      reason: 'unknown stage at compulsory age counts as owed compulsory education',
      facts: childFacts({ birthDate: '2015-01-01', educationStage: 'unspecified' }),
      extra: { 'HZ-03': ['education-sports'] },
    },
    {
      child: 'a 15-year-old out of school',
      reason: 'past compulsory age (6-14) and in no stage: nothing from 学有所教',
      facts: childFacts({ birthDate: '2010-01-01', educationStage: 'none' }),
      extra: {},
    },
    {
      child: 'a 13-year-old in a special school',
      reason: 'special education at compulsory age is compulsory education',
      facts: childFacts({ birthDate: '2012-01-01', educationStage: 'special', disabled: true }),
      extra: {
        'HZ-03': ['education-sports'],
        'HZ-13': ['civil-affairs', 'disabled-persons-federation'],
        'HZ-14': ['education-sports', 'disabled-persons-federation'],
      },
    },
    {
      child: 'a 15-year-old in junior secondary',
      reason: 'stage decides, not age',
      facts: childFacts({ birthDate: '2010-01-01', educationStage: 'junior-secondary' }),
      extra: { 'HZ-03': ['education-sports'] },
    },
    {
      child: 'a 15-year-old in senior high school',
      reason: '普通高中 (HZ-04)',
      facts: childFacts({ birthDate: '2010-01-01', educationStage: 'senior-secondary' }),
      extra: { 'HZ-04': ['education-sports'] },
    },
    {
      child: 'disability known only as a ledger difficulty type',
      reason: 'difficultyType disability counts as 残疾儿童',
      facts: childFacts({
        birthDate: '2010-01-01',
        educationStage: 'junior-secondary',
        difficultyTypes: ['disability'],
      }),
      extra: {
        'HZ-03': ['education-sports'],
        'HZ-13': ['civil-affairs', 'disabled-persons-federation'],
        'HZ-14': ['education-sports', 'disabled-persons-federation'],
      },
    },
    {
      child: 'a scattered orphan',
      reason: 'orphan items (HZ-09, HZ-12) and 护佑健康 (HZ-10)',
      facts: childFacts({
        birthDate: '2010-01-01',
        educationStage: 'junior-secondary',
        orphan: true,
        scatteredOrphan: true,
      }),
      extra: {
        'HZ-03': ['education-sports'],
        'HZ-09': ['civil-affairs'],
        'HZ-10': ['civil-affairs'],
        'HZ-12': ['civil-affairs'],
      },
    },
    {
      child: 'a de-facto unsupported child (事实无人抚养)',
      reason: 'HZ-10 and HZ-12',
      facts: childFacts({
        birthDate: '2010-01-01',
        educationStage: 'junior-secondary',
        deFactoUnsupported: true,
      }),
      extra: { 'HZ-03': ['education-sports'], 'HZ-10': ['civil-affairs'], 'HZ-12': ['civil-affairs'] },
    },
    {
      child: 'a key-hardship child (重点困境)',
      reason: 'HZ-10 only',
      facts: childFacts({ birthDate: '2010-01-01', educationStage: 'junior-secondary', keyHardship: true }),
      extra: { 'HZ-03': ['education-sports'], 'HZ-10': ['civil-affairs'] },
    },
    {
      child: 'a seriously ill child (重病困境)',
      reason: 'HZ-12 only',
      facts: childFacts({ birthDate: '2010-01-01', educationStage: 'junior-secondary', seriouslyIll: true }),
      extra: { 'HZ-03': ['education-sports'], 'HZ-12': ['civil-affairs'] },
    },
    {
      child: 'an AIDS-affected child',
      reason: 'HZ-12 only',
      facts: childFacts({ birthDate: '2010-01-01', educationStage: 'junior-secondary', aidsAffected: true }),
      extra: { 'HZ-03': ['education-sports'], 'HZ-12': ['civil-affairs'] },
    },
    {
      child: 'meets hukou-place destitute criteria (特困)',
      reason: 'HZ-16',
      facts: childFacts({ birthDate: '2010-01-01', educationStage: 'junior-secondary', destitute: true }),
      extra: { 'HZ-03': ['education-sports'], 'HZ-16': ['civil-affairs'] },
    },
    {
      child: 'meets local temporary-assistance criteria',
      reason: 'HZ-17',
      facts: childFacts({
        birthDate: '2010-01-01',
        educationStage: 'junior-secondary',
        temporaryAssistance: true,
      }),
      extra: { 'HZ-03': ['education-sports'], 'HZ-17': ['civil-affairs'] },
    },
    {
      child: 'a family-hardship difficulty type without minimum-living status',
      reason: 'a difficulty type alone grants no assistance item',
      facts: childFacts({
        birthDate: '2010-01-01',
        educationStage: 'junior-secondary',
        difficultyTypes: ['family-hardship'],
      }),
      extra: { 'HZ-03': ['education-sports'] },
    },
  ])('$child: $reason', ({ facts, extra }) => {
    const expected = extra === null ? {} : { ...EVERYONE, ...extra };
    expect(owed(computeEntitlements(facts, list, AS_OF))).toEqual(expected);
  });

  it('lists entitlements in list order with names and areas', () => {
    const result = computeEntitlements(childFacts({ birthDate: '2023-03-10' }), list, AS_OF);
    expect(result.map((e) => e.itemCode)).toEqual([
      'HZ-01',
      'HZ-06',
      'HZ-07',
      'HZ-18',
      'HZ-19',
      'HZ-20',
      'HZ-21',
    ]);
    expect(result[0]).toEqual({
      itemCode: 'HZ-01',
      itemName: '健康和托育（3岁以下）服务',
      area: '幼有所育',
      departments: ['health'],
    });
  });
});

describe('diffEntitlements', () => {
  const e = (itemCode: string, departments: DepartmentId[]): Entitlement => ({
    itemCode,
    itemName: itemCode,
    area: '发展保障',
    departments,
  });

  it.each([
    {
      reason: 'no change, no difference',
      before: [e('A', ['health'])],
      after: [e('A', ['health'])],
      granted: [],
      withdrawn: [],
      reassigned: [],
    },
    {
      reason: 'department order alone is not a change',
      before: [e('A', ['health', 'court'])],
      after: [e('A', ['court', 'health'])],
      granted: [],
      withdrawn: [],
      reassigned: [],
    },
    {
      reason: 'a new item is granted',
      before: [e('A', ['health'])],
      after: [e('A', ['health']), e('B', ['housing'])],
      granted: ['B'],
      withdrawn: [],
      reassigned: [],
    },
    {
      reason: 'a lost item is withdrawn',
      before: [e('A', ['health']), e('B', ['housing'])],
      after: [e('A', ['health'])],
      granted: [],
      withdrawn: ['B'],
      reassigned: [],
    },
    {
      reason: 'both at once',
      before: [e('A', ['health'])],
      after: [e('B', ['housing'])],
      granted: ['B'],
      withdrawn: ['A'],
      reassigned: [],
    },
    {
      reason: 'a department added to a held item',
      before: [e('A', ['health'])],
      after: [e('A', ['health', 'civil-affairs'])],
      granted: [],
      withdrawn: [],
      reassigned: ['A'],
    },
    {
      reason: 'from nothing, everything is granted',
      before: [],
      after: [e('A', ['health']), e('B', ['housing'])],
      granted: ['A', 'B'],
      withdrawn: [],
      reassigned: [],
    },
    {
      reason: 'to nothing (moved out), everything is withdrawn',
      before: [e('A', ['health'])],
      after: [],
      granted: [],
      withdrawn: ['A'],
      reassigned: [],
    },
  ])('$reason', ({ before, after, granted, withdrawn, reassigned }) => {
    const diff = diffEntitlements(before, after);
    expect(diff.granted.map((x) => x.itemCode)).toEqual(granted);
    expect(diff.withdrawn.map((x) => x.itemCode)).toEqual(withdrawn);
    expect(diff.reassigned.map((x) => x.after.itemCode)).toEqual(reassigned);
    expect(isEmptyDiff(diff)).toBe(granted.length + withdrawn.length + reassigned.length === 0);
  });

  it('a change of facts and time yields only the differences (a 5-year-old in kindergarten is orphaned and turns 7)', () => {
    const before = computeEntitlements(
      childFacts({ birthDate: '2019-09-15', educationStage: 'preschool' }),
      list,
      AS_OF,
    );
    const after = computeEntitlements(
      childFacts({ birthDate: '2019-09-15', educationStage: 'preschool', orphan: true }),
      list,
      '2026-09-15',
    );
    const diff = diffEntitlements(before, after);
    expect(diff.granted.map((x) => x.itemCode)).toEqual(['HZ-09', 'HZ-12']);
    expect(diff.withdrawn.map((x) => x.itemCode)).toEqual(['HZ-01', 'HZ-02']);
  });
});

describe('nextEntitlementChangeOn', () => {
  it.each([
    {
      reason: 'a 2-year-old next changes on the 3rd birthday (preschool)',
      facts: childFacts({ birthDate: '2023-03-10' }),
      expected: '2026-03-10',
    },
    {
      reason: 'a 5-year-old: the 6th birthday (compulsory age for children out of school)',
      facts: childFacts({ birthDate: '2019-09-15', educationStage: 'preschool' }),
      expected: '2025-09-15',
    },
    {
      reason: 'a 14-year-old: the 15th birthday ends out-of-school compulsory age',
      facts: childFacts({ birthDate: '2011-03-03' }),
      expected: '2026-03-03',
    },
    {
      reason: 'a 15-year-old: no age bound ahead',
      facts: childFacts({ birthDate: '2010-01-01' }),
      expected: null,
    },
    {
      reason: 'not a migrant child: nothing to recompute',
      facts: childFacts({ isMigrant: false, birthDate: '2023-03-10' }),
      expected: null,
    },
    {
      reason: 'born 29 Feb: the 3rd birthday in a common year is 1 March',
      facts: childFacts({ birthDate: '2024-02-29' }),
      expected: '2027-03-01',
    },
  ])('$reason', ({ facts, expected }) => {
    expect(nextEntitlementChangeOn(facts, list, AS_OF)).toBe(expected);
  });
});
