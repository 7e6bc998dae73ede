import { EDUCATION_STAGE_IDS } from '@care/catalogue';
import {
  GRADE_IDS,
  GRADES,
  SCHOOL_STAGES,
  gradeById,
  gradeLabel,
  gradeOrdinal,
  gradeTypicalAge,
  gradesOf,
  isGradeId,
  isSchoolStage,
  stageGradeRange,
  stageLabel,
  typicalGrade,
} from './grades';

describe('the grade vocabulary', () => {
  it.each([
    ['preschool', ['小班', '中班', '大班']],
    ['primary', ['一年级', '二年级', '三年级', '四年级', '五年级', '六年级']],
    ['junior-secondary', ['七年级', '八年级', '九年级']],
    ['senior-secondary', ['高一', '高二', '高三']],
    ['secondary-vocational', ['中职一年级', '中职二年级', '中职三年级']],
    ['special', ['一年级', '二年级', '三年级', '四年级', '五年级', '六年级', '七年级', '八年级', '九年级']],
    ['none', []],
    ['unspecified', []],
  ] as const)('%s has %j', (stage, labels) => expect(gradesOf(stage).map((g) => g.label)).toEqual(labels));

  it('has stable ids <stage>-<year>', () => {
    for (const id of GRADE_IDS) expect(id).toBe(`${GRADES[id].stage}-${GRADES[id].year}`);
    expect(GRADE_IDS).toHaveLength(27);
  });

  it('knows every school stage of the catalogue and nothing else', () => {
    expect(SCHOOL_STAGES).toEqual(EDUCATION_STAGE_IDS.filter((s) => s !== 'none' && s !== 'unspecified'));
    expect(isSchoolStage('primary')).toBe(true);
    expect(isSchoolStage('none')).toBe(false);
    expect(isSchoolStage(3)).toBe(false);
  });

  it('puts the stages on one ordinal scale: typical age = ordinal + 5', () => {
    expect(gradeOrdinal('preschool-1')).toBe(-2);
    expect(gradeOrdinal('preschool-3')).toBe(0);
    expect(gradeOrdinal('primary-1')).toBe(1);
    expect(gradeOrdinal('junior-secondary-1')).toBe(7);
    expect(gradeOrdinal('senior-secondary-1')).toBe(10);
    expect(gradeOrdinal('secondary-vocational-1')).toBe(10);
    expect(gradeOrdinal('special-9')).toBe(9);
    expect(gradeTypicalAge('primary-1')).toBe(6);
    expect(gradeTypicalAge('preschool-1')).toBe(3);
    expect(gradeTypicalAge('senior-secondary-3')).toBe(17);
  });

  it('orders the grades of each stage by ordinal', () => {
    for (const stage of SCHOOL_STAGES) {
      const ordinals = gradesOf(stage).map((g) => g.ordinal);
      expect(ordinals).toEqual([...ordinals].sort((a, b) => a - b));
    }
  });

  it('labels, looks up and guards ids', () => {
    expect(gradeLabel('junior-secondary-2')).toBe('八年级');
    expect(gradeById('special-3')).toEqual({
      id: 'special-3',
      stage: 'special',
      year: 3,
      label: '三年级',
      ordinal: 3,
    });
    expect(isGradeId('primary-6')).toBe(true);
    expect(isGradeId('primary-7')).toBe(false);
    expect(isGradeId('toString')).toBe(false);
    expect(isGradeId(undefined)).toBe(false);
  });

  it('names stages and their ranges in Chinese', () => {
    expect(stageLabel('primary')).toBe('小学');
    expect(stageGradeRange('primary')).toBe('一年级至六年级');
    expect(stageGradeRange('senior-secondary')).toBe('高一至高三');
    expect(stageGradeRange('none')).toBe('');
  });
});

describe('typicalGrade (the generator and age checks)', () => {
  it.each([
    [2, 'general', undefined],
    [3, 'general', 'preschool-1'],
    [5, 'general', 'preschool-3'],
    [6, 'general', 'primary-1'],
    [11, 'general', 'primary-6'],
    [12, 'general', 'junior-secondary-1'],
    [14, 'vocational', 'junior-secondary-3'],
    [15, 'general', 'senior-secondary-1'],
    [15, 'vocational', 'secondary-vocational-1'],
    [17, 'vocational', 'secondary-vocational-3'],
    [18, 'general', undefined],
    [-1, 'general', undefined],
    [6.5, 'general', undefined],
  ] as const)('age %d (%s) → %s', (age, track, expected) =>
    expect(typicalGrade(age, track)?.id).toBe(expected),
  );

  it('defaults to the general track', () => expect(typicalGrade(16)?.id).toBe('senior-secondary-2'));
});
