import {
  DEPARTMENTS,
  DEPARTMENT_IDS,
  DIFFICULTY_TYPES,
  DIFFICULTY_TYPE_IDS,
  EDUCATION_STAGES,
  EDUCATION_STAGE_IDS,
} from '@care/catalogue';
import { common } from '@care/contracts';
import { factsFromProto } from '@care/department-kit';

/** 'civil-affairs' -> 'CIVIL_AFFAIRS': how the domain ids mirror the proto enum names. */
const protoName = (id: string): string => id.toUpperCase().replace(/-/g, '_');

describe('the vocabulary tables match the generated proto enums', () => {
  it.each(DEPARTMENT_IDS.map((id) => ({ id })))('department $id', ({ id }) => {
    expect(common.Department[`DEPARTMENT_${protoName(id)}` as keyof typeof common.Department]).toBe(
      DEPARTMENTS[id].protoNumber,
    );
  });

  it('every proto department except UNSPECIFIED has a domain id', () => {
    const numbers = Object.values(common.Department).filter(
      (v): v is number => typeof v === 'number' && v !== 0,
    );
    expect(numbers.sort((a, b) => a - b)).toEqual(
      DEPARTMENT_IDS.map((id) => DEPARTMENTS[id].protoNumber).sort((a, b) => a - b),
    );
  });

  it.each(EDUCATION_STAGE_IDS.map((id) => ({ id })))('education stage $id', ({ id }) => {
    expect(
      common.EducationStage[`EDUCATION_STAGE_${protoName(id)}` as keyof typeof common.EducationStage],
    ).toBe(EDUCATION_STAGES[id].protoNumber);
  });

  it.each(DIFFICULTY_TYPE_IDS.map((id) => ({ id })))('difficulty type $id', ({ id }) => {
    expect(
      common.DifficultyType[`DIFFICULTY_TYPE_${protoName(id)}` as keyof typeof common.DifficultyType],
    ).toBe(DIFFICULTY_TYPES[id].protoNumber);
  });
});

describe('factsFromProto', () => {
  const base: common.ChildFacts = {
    childId: 'c-1',
    version: '7',
    birthDate: '2019-09-15',
    sex: common.Sex.SEX_FEMALE,
    residenceCountyCode: '371702',
    residenceTownshipCode: '',
    hukouCountyCode: '410101',
    isMigrant: true,
    movedOut: false,
    difficultyTypes: [
      common.DifficultyType.DIFFICULTY_TYPE_DISABILITY,
      common.DifficultyType.DIFFICULTY_TYPE_UNSPECIFIED,
    ],
    educationStage: common.EducationStage.EDUCATION_STAGE_PRESCHOOL,
    inSchoolLocally: true,
    disabled: true,
    orphan: false,
    scatteredOrphan: false,
    deFactoUnsupported: false,
    keyHardship: false,
    seriouslyIll: false,
    aidsAffected: false,
    minimumLiving: false,
    destitute: false,
    temporaryAssistance: false,
    housingDifficulty: false,
    severeMentalDisorderAtHome: false,
  };

  it('reads the facts, dropping UNSPECIFIED difficulty types', () => {
    const read = factsFromProto(base);
    expect(read).toMatchObject({
      ok: true,
      value: {
        childId: 'c-1',
        version: 7,
        countyCode: '371702',
        facts: { educationStage: 'preschool', difficultyTypes: ['disability'], disabled: true },
      },
    });
  });

  it.each([
    { reason: 'no child id', patch: { childId: ' ' }, expected: 'facts.child_id empty' },
    {
      reason: 'bad birth date',
      patch: { birthDate: '2019-02-30' },
      expected: 'facts.birth_date not YYYY-MM-DD',
    },
    {
      reason: 'bad version',
      patch: { version: 'x' },
      expected: 'facts.version not a non-negative integer: x',
    },
    {
      reason: 'bad county',
      patch: { residenceCountyCode: '3717' },
      expected: 'facts.residence_county_code not 6 digits',
    },
  ])('refuses $reason', ({ patch, expected }) => {
    expect(factsFromProto({ ...base, ...patch })).toEqual({ ok: false, reason: expected });
  });
});
