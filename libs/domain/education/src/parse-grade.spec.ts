import { canonicalGradeText, findGrade, parseGrade, parseGradeInStages } from './parse-grade';

describe('parseGrade: accepted spellings', () => {
  it.each([
    ['preschool', '小班', 'preschool-1'],
    ['preschool', '幼儿园大班', 'preschool-3'],
    ['primary', '一年级', 'primary-1'],
    ['primary', '小学六年级', 'primary-6'],
    ['primary', '3年级', 'primary-3'],
    ['primary', '３年级', 'primary-3'],
    ['primary', ' 三 年级\u3000', 'primary-3'],
    ['junior-secondary', '七年级', 'junior-secondary-1'],
    ['junior-secondary', '初一', 'junior-secondary-1'],
    ['junior-secondary', '初二年级', 'junior-secondary-2'],
    ['junior-secondary', '初中三年级', 'junior-secondary-3'],
    ['junior-secondary', '初中九年级', 'junior-secondary-3'],
    ['junior-secondary', '8年级', 'junior-secondary-2'],
    ['senior-secondary', '高一', 'senior-secondary-1'],
    ['senior-secondary', '高二年级', 'senior-secondary-2'],
    ['senior-secondary', '高中三年级', 'senior-secondary-3'],
    ['senior-secondary', '高3', 'senior-secondary-3'],
    ['secondary-vocational', '中职一年级', 'secondary-vocational-1'],
    ['secondary-vocational', '中职二', 'secondary-vocational-2'],
    ['secondary-vocational', '中职3年级', 'secondary-vocational-3'],
    ['special', '一年级', 'special-1'],
    ['special', '9年级', 'special-9'],
    ['special', '特教五年级', 'special-5'],
    ['special', '特殊教育七年级', 'special-7'],
  ] as const)('%s "%s" → %s', (stage, text, id) => {
    const r = parseGrade(stage, text);
    expect(r).toEqual({ ok: true, value: expect.objectContaining({ id, stage }) });
  });
});

describe('parseGrade: refusals', () => {
  it('names the stage range and what was typed (the brief example)', () => {
    expect(parseGrade('primary', '七年级')).toEqual({
      ok: false,
      problems: [
        {
          field: 'grade',
          rule: 'grade-in-stage',
          message:
            '年级：须为该学段的年级（小学为一年级至六年级），实为"七年级"；"七年级"是初中或特殊教育的年级',
        },
      ],
    });
  });

  it.each([
    ['托班 is no grade', 'preschool', '托班'],
    ['a primary grade is not junior secondary', 'junior-secondary', '一年级'],
    ['高一 is not a vocational grade', 'secondary-vocational', '高一'],
    ['plain 一年级 is not read as 高一', 'senior-secondary', '一年级'],
    ['十年级 is not a grade', 'special', '十年级'],
    ['a two-digit number is not read digit by digit', 'primary', '11年级'],
    ['free text', 'primary', '三班'],
  ] as const)('%s', (_why, stage, text) => {
    const r = parseGrade(stage, text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.rule)).toEqual(['grade-in-stage']);
  });

  it.each(['', '   ', '\u3000'])('an empty cell (%j) is a required problem', (text) =>
    expect(parseGrade('primary', text)).toEqual({
      ok: false,
      problems: [{ field: 'grade', rule: 'required', message: '年级：未填写' }],
    }),
  );

  it.each(['none', 'unspecified'] as const)('stage %s has no grades', (stage) => {
    const r = parseGrade(stage, '一年级');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]).toMatchObject({ rule: 'stage-has-grades' });
  });

  it('cuts a long text in the message', () => {
    const r = parseGrade('primary', '很'.repeat(40));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0].message).toContain(`"${'很'.repeat(20)}…"`);
  });
});

describe('parseGradeInStages (a school with several stages)', () => {
  it('finds the one stage whose grade it is', () => {
    const r = parseGradeInStages(['primary', 'junior-secondary'], '初二');
    expect(r.ok && r.value.id).toBe('junior-secondary-2');
  });

  it('refuses a grade two stages share', () => {
    const r = parseGradeInStages(['primary', 'special'], '三年级');
    expect(r).toEqual({
      ok: false,
      problems: [
        {
          field: 'grade',
          rule: 'grade-ambiguous',
          message: '年级："三年级"不能确定是小学三年级还是特殊教育三年级，请写明学段',
        },
      ],
    });
    const clear = parseGradeInStages(['primary', 'special'], '特教三年级');
    expect(clear.ok && clear.value.id).toBe('special-3');
  });

  it('lists every stage of the school when the grade fits none', () => {
    const r = parseGradeInStages(['primary', 'junior-secondary'], '高一');
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems[0].message).toBe(
        '年级：须为本校所设学段的年级（小学为一年级至六年级；初中为七年级至九年级），实为"高一"；"高一"是普通高中的年级',
      );
  });

  it('ignores stages without grades among others', () => {
    const r = parseGradeInStages(['none', 'primary'], '二年级');
    expect(r.ok && r.value.id).toBe('primary-2');
  });

  it('a school without stages has no grades', () => {
    const r = parseGradeInStages([], '二年级');
    expect(!r.ok && r.problems[0].message).toBe('年级：学段（未填写）没有年级，实为"二年级"');
  });
});

describe('helpers', () => {
  it('canonicalGradeText turns single digits into numerals only', () => {
    expect(canonicalGradeText('初 1')).toBe('初一');
    expect(canonicalGradeText('12年级')).toBe('12年级');
  });
  it('findGrade is undefined outside the vocabulary', () => {
    expect(findGrade('primary', '七年级')).toBeUndefined();
    expect(findGrade('none', '一年级')).toBeUndefined();
  });
});
