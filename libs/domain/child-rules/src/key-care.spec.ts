import {
  DIFFICULTY_TYPES,
  DIFFICULTY_TYPE_LABELS,
  difficultyTypeFromLabel,
  difficultyTypeFromProto,
  difficultyTypeToProto,
  isDifficultyType,
  type DifficultyType,
} from './difficulty-type';
import {
  keyCareEligibility,
  townshipMove,
  type KeyCareInput,
  type KeyCareReason,
  type TownshipMove,
} from './key-care';

/** A migrant child from 曹县 living in 牡丹区东城街道. */
const base: KeyCareInput = {
  isMigrant: true,
  difficultyTypes: [],
  hukouDivisionCode: '371721105',
  residenceDivisionCode: '371702001',
  askedForHelp: false,
};

describe('keyCareEligibility (重点关爱服务对象, core rule 3)', () => {
  const rows: [string, Partial<KeyCareInput>, boolean, DifficultyType[], KeyCareReason[]][] = [
    [
      'migrant child with no difficulty and no request: not in the ledger',
      {},
      false,
      [],
      ['migrant-child', 'no-difficulty-type', 'moved-across-townships', 'no-help-request'],
    ],
    [
      'family hardship',
      { difficultyTypes: ['family-hardship'] },
      true,
      ['family-hardship'],
      ['migrant-child', 'has-difficulty-type', 'moved-across-townships', 'no-help-request'],
    ],
    [
      'several types, given out of order and repeated',
      { difficultyTypes: ['vagrancy', 'disability', 'vagrancy'] },
      true,
      ['disability', 'vagrancy'],
      ['migrant-child', 'has-difficulty-type', 'moved-across-townships', 'no-help-request'],
    ],
    [
      'each of the five: lack of guardianship',
      { difficultyTypes: ['lack-of-guardianship'] },
      true,
      ['lack-of-guardianship'],
      ['migrant-child', 'has-difficulty-type', 'moved-across-townships', 'no-help-request'],
    ],
    [
      'each of the five: psychological or behavioural',
      { difficultyTypes: ['psychological-behavioural'] },
      true,
      ['psychological-behavioural'],
      ['migrant-child', 'has-difficulty-type', 'moved-across-townships', 'no-help-request'],
    ],
    [
      'cross-township help request: moved from 曹县 and asked for help',
      { askedForHelp: true },
      true,
      ['cross-township-help-request'],
      ['migrant-child', 'no-difficulty-type', 'moved-across-townships', 'asked-for-help'],
    ],
    [
      'help request plus a difficulty type: both types',
      { askedForHelp: true, difficultyTypes: ['disability'] },
      true,
      ['disability', 'cross-township-help-request'],
      ['migrant-child', 'has-difficulty-type', 'moved-across-townships', 'asked-for-help'],
    ],
    [
      'asked for help but moved within one township',
      { askedForHelp: true, hukouDivisionCode: '371702001', residenceDivisionCode: '371702001' },
      false,
      [],
      ['migrant-child', 'no-difficulty-type', 'not-moved-across-townships', 'asked-for-help'],
    ],
    [
      'asked for help, two townships of one county',
      { askedForHelp: true, hukouDivisionCode: '371721105', residenceDivisionCode: '371721001' },
      true,
      ['cross-township-help-request'],
      ['migrant-child', 'no-difficulty-type', 'moved-across-townships', 'asked-for-help'],
    ],
    [
      'asked for help, same county but only the county known',
      { askedForHelp: true, hukouDivisionCode: '371721', residenceDivisionCode: '371721001' },
      false,
      [],
      ['migrant-child', 'no-difficulty-type', 'townships-unknown', 'asked-for-help'],
    ],
    [
      'a help-request type passed in is recomputed, not trusted',
      { difficultyTypes: ['cross-township-help-request'] },
      false,
      [],
      ['migrant-child', 'no-difficulty-type', 'moved-across-townships', 'no-help-request'],
    ],
    [
      'not a migrant child: a difficulty alone does not enter the ledger',
      { isMigrant: false, difficultyTypes: ['family-hardship'], askedForHelp: true },
      false,
      [],
      ['not-migrant-child', 'has-difficulty-type', 'moved-across-townships', 'asked-for-help'],
    ],
  ];
  it.each(rows)('%s', (_why, patch, eligible, types, reasons) => {
    expect(keyCareEligibility({ ...base, ...patch })).toEqual({ eligible, types, reasons });
  });
});

describe('townshipMove', () => {
  it.each<[string, string, TownshipMove, string]>([
    ['371721105', '371702001', 'across-townships', 'different counties always cross townships'],
    ['371721', '371702', 'across-townships', 'county codes suffice across counties'],
    ['371721105', '371721001', 'across-townships', 'two townships of 曹县'],
    ['371702001', '371702001', 'within-township', 'same township'],
    ['371702001001', '371702001', 'within-township', 'a village of the same township'],
    ['371702108', '371772108', 'within-township', '马岭岗镇 under its old and new codes'],
    ['371721', '371721001', 'unknown', 'same county, hukou township unknown'],
    ['371799', '371702001', 'unknown', 'unknown hukou code'],
  ])('%s -> %s: %s (%s)', (a, b, expected) => expect(townshipMove(a, b)).toBe(expected));
});

describe('difficulty types', () => {
  it.each<[DifficultyType, number, string]>([
    ['family-hardship', 1, '家庭生活困难'],
    ['disability', 2, '自身残疾'],
    ['lack-of-guardianship', 3, '监护缺失'],
    ['vagrancy', 4, '流浪'],
    ['psychological-behavioural', 5, '心理和行为异常'],
    ['cross-township-help-request', 6, '跨乡镇（街道）主动提出救助帮扶需求'],
  ])('%s <-> proto %i <-> %s', (type, number, label) => {
    expect(difficultyTypeToProto(type)).toBe(number);
    expect(difficultyTypeFromProto(number)).toBe(type);
    expect(DIFFICULTY_TYPE_LABELS[type]).toBe(label);
    expect(difficultyTypeFromLabel(label)).toBe(type);
    expect(isDifficultyType(type)).toBe(true);
  });
  it.each([[0], [7], [-1]])('proto %i has no type (0 is UNSPECIFIED)', (n) =>
    expect(difficultyTypeFromProto(n)).toBeUndefined(),
  );
  it.each([
    [' 流浪 ', 'vagrancy'],
    ['跨乡镇(街道)主动提出救助帮扶需求', 'cross-township-help-request'],
    ['贫困', undefined],
  ])('label %p -> %p', (label, type) => expect(difficultyTypeFromLabel(label)).toBe(type));
  it('lists six types', () => {
    expect(DIFFICULTY_TYPES).toHaveLength(6);
    expect(isDifficultyType('unspecified')).toBe(false);
  });
});
