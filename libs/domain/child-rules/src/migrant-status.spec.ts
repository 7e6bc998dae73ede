import { HEZE_CENTRAL_URBAN } from '@care/divisions';
import {
  determineMigrantStatus,
  migrantReasonText,
  type MigrantReason,
  type MigrantStatusInput,
} from './migrant-status';

const heze = { centralUrban: HEZE_CENTRAL_URBAN };
const noCentralUrban = { centralUrban: [] };

/** A boy from 曹县 living in 牡丹区东城街道 since January 2024 with his mother. */
const base: MigrantStatusInput = {
  birthDate: '2015-03-10',
  hukouDivisionCode: '371721105',
  residence: { divisionCode: '371702001', movedInOn: '2024-01-15' },
  accompaniedBy: 'one-parent',
};
const YES: MigrantReason[] = ['under-16', 'accompanied-by-guardian', 'cross-county', 'resident-6-months'];
type Patch = {
  birthDate?: string | undefined;
  hukouDivisionCode?: string;
  accompaniedBy?: MigrantStatusInput['accompaniedBy'];
  residence?: Partial<MigrantStatusInput['residence']>;
};
function child(patch: Patch): MigrantStatusInput {
  const merged = {
    ...base,
    ...patch,
    residence: { ...base.residence, ...patch.residence },
  } as MigrantStatusInput;
  if ('birthDate' in patch && patch.birthDate === undefined) delete merged.birthDate;
  return merged;
}

describe('determineMigrantStatus (流动儿童, MISSION.md core rule 1)', () => {
  type Row = [
    why: string,
    input: MigrantStatusInput,
    asOf: string,
    config: typeof heze,
    isMigrant: boolean,
    reasons: MigrantReason[],
    nextChangeOn?: string,
  ];
  const rows: Row[] = [
    [
      'the ordinary case: 曹县 -> 牡丹区 with a parent for 16 months',
      base,
      '2025-06-01',
      heze,
      true,
      YES,
      '2031-03-10',
    ],

    // age: 不满十六周岁
    [
      'the day before the 16th birthday: still under 16',
      child({ birthDate: '2009-06-02' }),
      '2025-06-01',
      heze,
      true,
      YES,
      '2025-06-02',
    ],
    [
      'on the 16th birthday: no longer qualifies',
      child({ birthDate: '2009-06-01' }),
      '2025-06-01',
      heze,
      false,
      ['age-16-or-over', 'accompanied-by-guardian', 'cross-county', 'resident-6-months'],
    ],
    [
      'born 29 Feb 2008: 28 Feb 2024 is still under 16',
      child({ birthDate: '2008-02-29', residence: { movedInOn: '2023-01-15' } }),
      '2024-02-28',
      heze,
      true,
      YES,
      '2024-02-29',
    ],
    [
      'born 29 Feb 2008: 29 Feb 2024 is the 16th birthday',
      child({ birthDate: '2008-02-29', residence: { movedInOn: '2023-01-15' } }),
      '2024-02-29',
      heze,
      false,
      ['age-16-or-over', 'accompanied-by-guardian', 'cross-county', 'resident-6-months'],
    ],
    [
      'born 29 Feb 2012, checked 1 Mar 2025 (a common year): 13, qualifies',
      child({ birthDate: '2012-02-29' }),
      '2025-03-01',
      heze,
      true,
      YES,
      '2028-02-29',
    ],
    [
      'a newborn qualifies like any minor',
      child({ birthDate: '2025-05-31' }),
      '2025-06-01',
      heze,
      true,
      YES,
      '2041-05-31',
    ],
    [
      'no birth date: age cannot be established',
      child({ birthDate: undefined }),
      '2025-06-01',
      heze,
      false,
      ['no-birth-date', 'accompanied-by-guardian', 'cross-county', 'resident-6-months'],
    ],
    [
      'birth date after the day of the check',
      child({ birthDate: '2025-07-01' }),
      '2025-06-01',
      heze,
      false,
      ['born-after-as-of', 'accompanied-by-guardian', 'cross-county', 'resident-6-months'],
      '2025-07-01',
    ],

    // residence: 6个月以上 includes the six months
    [
      'exactly 6 months after moving in: qualifies that day',
      child({ residence: { movedInOn: '2024-12-01' } }),
      '2025-06-01',
      heze,
      true,
      YES,
      '2031-03-10',
    ],
    [
      'one day short of 6 months',
      child({ residence: { movedInOn: '2024-12-02' } }),
      '2025-06-01',
      heze,
      false,
      ['under-16', 'accompanied-by-guardian', 'cross-county', 'resident-under-6-months'],
      '2025-06-02',
    ],
    [
      'moved in 31 Aug: the 6 months end on 28 Feb (month-end clamp)',
      child({ residence: { movedInOn: '2024-08-31' } }),
      '2025-02-28',
      heze,
      true,
      YES,
      '2031-03-10',
    ],
    [
      'moved in 31 Aug: 27 Feb is still short',
      child({ residence: { movedInOn: '2024-08-31' } }),
      '2025-02-27',
      heze,
      false,
      ['under-16', 'accompanied-by-guardian', 'cross-county', 'resident-under-6-months'],
      '2025-02-28',
    ],
    [
      'moved in 31 Aug 2023: 29 Feb in a leap year',
      child({ residence: { movedInOn: '2023-08-31' } }),
      '2024-02-29',
      heze,
      true,
      YES,
      '2031-03-10',
    ],
    [
      'moved in after the day of the check',
      child({ residence: { movedInOn: '2025-07-01' } }),
      '2025-06-01',
      heze,
      false,
      ['under-16', 'accompanied-by-guardian', 'cross-county', 'resident-under-6-months'],
      '2026-01-01',
    ],
    [
      '6-month mark after the 16th birthday: never qualifies, no change ahead',
      child({ birthDate: '2009-09-01', residence: { movedInOn: '2025-05-01' } }),
      '2025-06-01',
      heze,
      false,
      ['under-16', 'accompanied-by-guardian', 'cross-county', 'resident-under-6-months'],
    ],

    // moved out (迁出)
    [
      'moved out before the check',
      child({ residence: { movedOutOn: '2025-05-01' } }),
      '2025-06-01',
      heze,
      false,
      ['under-16', 'accompanied-by-guardian', 'cross-county', 'resident-6-months', 'moved-out'],
    ],
    [
      'moves out on the day of the check',
      child({ residence: { movedOutOn: '2025-06-01' } }),
      '2025-06-01',
      heze,
      false,
      ['under-16', 'accompanied-by-guardian', 'cross-county', 'resident-6-months', 'moved-out'],
    ],
    [
      'a planned move-out after the check: qualifies until then',
      child({ residence: { movedOutOn: '2025-09-01' } }),
      '2025-06-01',
      heze,
      true,
      YES,
      '2025-09-01',
    ],
    [
      'moved out the day after the 6-month mark: had stayed 6 months',
      child({ residence: { movedInOn: '2024-12-01', movedOutOn: '2025-06-02' } }),
      '2025-07-01',
      heze,
      false,
      ['under-16', 'accompanied-by-guardian', 'cross-county', 'resident-6-months', 'moved-out'],
    ],
    [
      'moved out on the 6-month mark: stayed one day short',
      child({ residence: { movedInOn: '2024-12-01', movedOutOn: '2025-06-01' } }),
      '2025-07-01',
      heze,
      false,
      ['under-16', 'accompanied-by-guardian', 'cross-county', 'resident-under-6-months', 'moved-out'],
    ],

    // accompaniment
    [
      'with both parents',
      child({ accompaniedBy: 'both-parents' }),
      '2025-06-01',
      heze,
      true,
      YES,
      '2031-03-10',
    ],
    [
      'with a grandparent as guardian',
      child({ accompaniedBy: 'other-guardian' }),
      '2025-06-01',
      heze,
      true,
      YES,
      '2031-03-10',
    ],
    [
      'alone: not a migrant child by this rule',
      child({ accompaniedBy: 'none' }),
      '2025-06-01',
      heze,
      false,
      ['under-16', 'unaccompanied', 'cross-county', 'resident-6-months'],
    ],
    [
      'accompaniment not recorded',
      child({ accompaniedBy: 'unknown' }),
      '2025-06-01',
      heze,
      false,
      ['under-16', 'accompaniment-unknown', 'cross-county', 'resident-6-months'],
    ],

    // county boundary (跨县域) and the central urban exclusion
    [
      'a move within one county (曹县 town -> 曹县 street)',
      child({ hukouDivisionCode: '371721105', residence: { divisionCode: '371721001' } }),
      '2025-06-01',
      heze,
      false,
      ['under-16', 'accompanied-by-guardian', 'same-county', 'resident-6-months'],
    ],
    [
      '牡丹区 -> 定陶区, central urban area configured: excluded',
      child({ hukouDivisionCode: '371702001', residence: { divisionCode: '371703001' } }),
      '2025-06-01',
      heze,
      false,
      [
        'under-16',
        'accompanied-by-guardian',
        'cross-county',
        'central-urban-districts-excluded',
        'resident-6-months',
      ],
    ],
    [
      '牡丹区 -> 定陶区 without that configuration: migrant',
      child({ hukouDivisionCode: '371702001', residence: { divisionCode: '371703001' } }),
      '2025-06-01',
      noCentralUrban,
      true,
      YES,
      '2031-03-10',
    ],
    [
      '定陶区 -> 曹县: only one side central urban, migrant',
      child({ hukouDivisionCode: '371703', residence: { divisionCode: '371721001' } }),
      '2025-06-01',
      heze,
      true,
      YES,
      '2031-03-10',
    ],
    [
      'hukou 371727 (定陶县, historical) living in 定陶区: same county',
      child({ hukouDivisionCode: '371727', residence: { divisionCode: '371703102' } }),
      '2025-06-01',
      heze,
      false,
      ['under-16', 'accompanied-by-guardian', 'same-county', 'resident-6-months'],
    ],
    [
      'hukou 371727 living in 曹县: cross-county',
      child({ hukouDivisionCode: '371727', residence: { divisionCode: '371721001' } }),
      '2025-06-01',
      heze,
      true,
      YES,
      '2031-03-10',
    ],
    [
      'hukou 371727 living in 牡丹区: central urban exclusion applies through the successor',
      child({ hukouDivisionCode: '371727', residence: { divisionCode: '371702001' } }),
      '2025-06-01',
      heze,
      false,
      [
        'under-16',
        'accompanied-by-guardian',
        'cross-county',
        'central-urban-districts-excluded',
        'resident-6-months',
      ],
    ],
    [
      '丹阳街道 (filed under the development zone) is 牡丹区: same county as 东城街道',
      child({ hukouDivisionCode: '371771001', residence: { divisionCode: '371702001' } }),
      '2025-06-01',
      heze,
      false,
      ['under-16', 'accompanied-by-guardian', 'same-county', 'resident-6-months'],
    ],
    [
      'from Henan (西平县) to 牡丹区',
      child({ hukouDivisionCode: '411721', residence: { divisionCode: '371702001' } }),
      '2025-06-01',
      heze,
      true,
      YES,
      '2031-03-10',
    ],
    [
      'hukou code unknown',
      child({ hukouDivisionCode: '371799' }),
      '2025-06-01',
      heze,
      false,
      ['under-16', 'accompanied-by-guardian', 'unknown-hukou-division', 'resident-6-months'],
    ],
    [
      'residence code unknown',
      child({ residence: { divisionCode: '12345' } }),
      '2025-06-01',
      heze,
      false,
      ['under-16', 'accompanied-by-guardian', 'unknown-residence-division', 'resident-6-months'],
    ],
    [
      'everything against: over 16, alone, same county, new, moved out',
      child({
        birthDate: '2000-01-01',
        accompaniedBy: 'none',
        hukouDivisionCode: '371721',
        residence: { divisionCode: '371721001', movedInOn: '2025-05-01', movedOutOn: '2025-05-20' },
      }),
      '2025-06-01',
      heze,
      false,
      ['age-16-or-over', 'unaccompanied', 'same-county', 'resident-under-6-months', 'moved-out'],
    ],
  ];

  it.each(rows.map((row) => [row[0], row] as const))(
    '%s',
    (_why, [, input, asOf, config, isMigrant, reasons, nextChangeOn]) => {
      const result = determineMigrantStatus(input, asOf, config);
      expect(result).toEqual(nextChangeOn ? { isMigrant, reasons, nextChangeOn } : { isMigrant, reasons });
    },
  );

  it('nextChangeOn is where the outcome really flips', () => {
    for (const [, input, asOf, config] of rows) {
      const { isMigrant, nextChangeOn } = determineMigrantStatus(input, asOf, config);
      if (!nextChangeOn) continue;
      expect(determineMigrantStatus(input, nextChangeOn, config).isMigrant).toBe(!isMigrant);
    }
  });

  it('every reason has a Chinese text', () => {
    const all = new Set(
      rows.flatMap(([, input, asOf, config]) => determineMigrantStatus(input, asOf, config).reasons),
    );
    for (const reason of all) expect(migrantReasonText(reason)).toMatch(/[\u4e00-\u9fff]/);
  });
});
