import { childFacts } from './facts.fixture';
import {
  ageBoundaryDates,
  canonicalRule,
  describeRule,
  evaluateRule,
  parseTargetRule,
  rule,
  ruleExtends,
  type TargetRule,
} from './target-rule';

const AS_OF = '2025-06-01';

describe('evaluateRule', () => {
  it.each([
    { reason: 'everyone matches', r: rule.everyone(), facts: childFacts(), expected: true },
    { reason: 'empty all is vacuously true', r: rule.all(), facts: childFacts(), expected: true },
    {
      reason: 'all needs every branch',
      r: rule.all(rule.flag('orphan'), rule.flag('disabled')),
      facts: childFacts({ orphan: true }),
      expected: false,
    },
    {
      reason: 'any needs one branch',
      r: rule.any(rule.flag('orphan'), rule.flag('disabled')),
      facts: childFacts({ disabled: true }),
      expected: true,
    },
    {
      reason: 'not inverts',
      r: rule.not(rule.flag('orphan')),
      facts: childFacts({ orphan: true }),
      expected: false,
    },
    {
      reason: 'age lower bound is inclusive (3rd birthday)',
      r: rule.ageBetween(3, 6),
      facts: childFacts({ birthDate: '2022-06-01' }),
      expected: true,
    },
    {
      reason: 'age upper bound is inclusive in completed years (day before 7th birthday)',
      r: rule.ageBetween(3, 6),
      facts: childFacts({ birthDate: '2018-06-02' }),
      expected: true,
    },
    {
      reason: 'the 7th birthday leaves 0-6',
      r: rule.ageBetween(0, 6),
      facts: childFacts({ birthDate: '2018-06-01' }),
      expected: false,
    },
    {
      reason: 'born 29 Feb 2020: not yet 5 on 28 Feb 2025',
      r: rule.ageBetween(5, 5),
      facts: childFacts({ birthDate: '2020-02-29' }),
      on: '2025-02-28',
      expected: false,
    },
    {
      reason: 'a future birth date is in no age band, even 0-0',
      r: rule.ageBetween(0, 0),
      facts: childFacts({ birthDate: '2025-12-31' }),
      expected: false,
    },
    {
      reason: 'stage in the set',
      r: rule.educationStageIn('primary', 'junior-secondary'),
      facts: childFacts({ educationStage: 'junior-secondary' }),
      expected: true,
    },
    {
      reason: 'stage outside the set',
      r: rule.educationStageIn('primary'),
      facts: childFacts({ educationStage: 'preschool' }),
      expected: false,
    },
    {
      reason: 'flag reads the fact',
      r: rule.flag('severeMentalDisorderAtHome'),
      facts: childFacts({ severeMentalDisorderAtHome: true }),
      expected: true,
    },
    {
      reason: 'difficulty type present',
      r: rule.difficultyType('vagrancy'),
      facts: childFacts({ difficultyTypes: ['family-hardship', 'vagrancy'] }),
      expected: true,
    },
    {
      reason: 'difficulty type absent',
      r: rule.difficultyType('vagrancy'),
      facts: childFacts({ difficultyTypes: ['family-hardship'] }),
      expected: false,
    },
  ])(
    '$reason',
    ({
      r,
      facts,
      expected,
      on,
    }: {
      r: TargetRule;
      facts: ReturnType<typeof childFacts>;
      expected: boolean;
      on?: string;
    }) => {
      expect(evaluateRule(r, facts, on ?? AS_OF)).toBe(expected);
    },
  );
});

describe('parseTargetRule', () => {
  it('accepts a nested rule and returns a clean copy', () => {
    const input = {
      op: 'all',
      rules: [
        { op: 'ageBetween', min: 3, max: 6 },
        { op: 'not', rule: { op: 'educationStageIn', stages: ['primary', 'primary'] } },
      ],
    };
    const parsed = parseTargetRule(input);
    expect(parsed).toEqual({
      ok: true,
      rule: rule.all(rule.ageBetween(3, 6), rule.not(rule.educationStageIn('primary'))),
    });
  });

  it.each([
    { reason: 'not an object', input: 'orphan', message: 'eligibility：须为规则对象（含 op 字段）' },
    {
      reason: 'unknown op',
      input: { op: 'olderThan', age: 3 },
      message:
        'eligibility.op：须为 everyone、all、any、not、ageBetween、educationStageIn、flag、difficultyType 之一',
    },
    {
      reason: 'stray field',
      input: { op: 'flag', flag: 'orphan', value: true },
      message: 'eligibility：flag 规则不接受字段 value',
    },
    {
      reason: 'min above max',
      input: { op: 'ageBetween', min: 7, max: 3 },
      message: 'eligibility：年龄下限7不能大于上限3',
    },
    {
      reason: 'fractional age',
      input: { op: 'ageBetween', min: 0.5, max: 3 },
      message: 'eligibility.min：须为0至17之间的整数（周岁）',
    },
    {
      reason: 'age past 17',
      input: { op: 'ageBetween', min: 0, max: 18 },
      message: 'eligibility.max：须为0至17之间的整数（周岁）',
    },
    {
      reason: 'unknown stage',
      input: { op: 'educationStageIn', stages: ['university'] },
      message:
        'eligibility.stages：未知的教育阶段 university（可选：unspecified、none、preschool、primary、junior-secondary、senior-secondary、secondary-vocational、special）',
    },
    {
      reason: 'empty stages',
      input: { op: 'educationStageIn', stages: [] },
      message: 'eligibility.stages：须为非空的教育阶段数组',
    },
    {
      reason: 'unknown flag (gates are not rule facts)',
      input: { op: 'flag', flag: 'isMigrant' },
      message: expect.stringContaining('eligibility.flag：未知的儿童情形'),
    },
    {
      reason: 'unknown difficulty type',
      input: { op: 'difficultyType', type: 'poverty' },
      message: expect.stringContaining('eligibility.type：未知的困境类型'),
    },
    {
      reason: 'empty any matches nobody',
      input: { op: 'any', rules: [] },
      message: 'eligibility.rules：any 规则至少包含一个子规则（空的 any 不匹配任何儿童）',
    },
    {
      reason: 'problem deep inside names its path',
      input: { op: 'any', rules: [{ op: 'everyone' }, { op: 'not', rule: { op: 'flag', flag: 'x' } }] },
      message: expect.stringContaining('eligibility.rules[1].rule.flag'),
    },
  ])('refuses $reason', ({ input, message }) => {
    const parsed = parseTargetRule(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems[0].message).toEqual(message);
  });

  it('refuses rules nested too deep', () => {
    let deep: unknown = { op: 'everyone' };
    for (let i = 0; i < 10; i += 1) deep = { op: 'not', rule: deep };
    const parsed = parseTargetRule(deep);
    expect(parsed.ok).toBe(false);
  });

  it('refuses rules with too many nodes', () => {
    const wide = { op: 'any', rules: Array.from({ length: 70 }, () => ({ op: 'everyone' })) };
    const parsed = parseTargetRule(wide);
    expect(parsed).toEqual({
      ok: false,
      problems: [expect.objectContaining({ message: 'eligibility：规则节点不能超过64个' })],
    });
  });
});

describe('ruleExtends (a county may extend a target group, never narrow it)', () => {
  const basis: TargetRule = rule.flag('orphan');
  it.each([
    { reason: 'the same rule', candidate: rule.flag('orphan'), expected: true },
    {
      reason: 'any with the basis as a branch',
      candidate: rule.any(rule.flag('orphan'), rule.flag('deFactoUnsupported')),
      expected: true,
    },
    {
      reason: 'any nested in any',
      candidate: rule.any(rule.flag('keyHardship'), rule.any(rule.flag('orphan'))),
      expected: true,
    },
    {
      reason: 'all with the basis (narrower)',
      candidate: rule.all(rule.flag('orphan'), rule.flag('disabled')),
      expected: false,
    },
    { reason: 'a different rule', candidate: rule.flag('disabled'), expected: false },
    {
      reason: 'an equivalent rewrite is not recognised (conservative)',
      candidate: rule.not(rule.not(rule.flag('orphan'))),
      expected: false,
    },
  ])('$reason', ({ candidate, expected }) => {
    expect(ruleExtends(candidate, basis)).toBe(expected);
  });
});

describe('describing rules', () => {
  it('canonical text distinguishes structure', () => {
    expect(canonicalRule(rule.all(rule.ageBetween(3, 6), rule.not(rule.educationStageIn('primary'))))).toBe(
      'all(ageBetween(3,6),not(educationStageIn(primary)))',
    );
  });

  it.each([
    { r: rule.everyone(), zh: '所有流动儿童' },
    { r: rule.ageBetween(0, 6), zh: '年龄0至6周岁' },
    {
      r: rule.all(rule.ageBetween(3, 6), rule.not(rule.educationStageIn('primary', 'junior-secondary'))),
      zh: '年龄3至6周岁 且 非（教育阶段为小学、初中）',
    },
    {
      r: rule.any(rule.flag('disabled'), rule.difficultyType('disability')),
      zh: '残疾儿童 或 困境类型含自身残疾',
    },
    {
      r: rule.any(
        rule.educationStageIn('primary'),
        rule.all(rule.educationStageIn('none'), rule.ageBetween(6, 14)),
      ),
      zh: '教育阶段为小学 或 （教育阶段为未入学 且 年龄6至14周岁）',
    },
  ])('describes $zh', ({ r, zh }) => {
    expect(describeRule(r)).toBe(zh);
  });

  it('age boundaries are the entry and exit birthdays of every band', () => {
    expect(
      ageBoundaryDates(rule.any(rule.ageBetween(0, 6), rule.not(rule.ageBetween(3, 3))), '2020-02-29'),
    ).toEqual(['2020-02-29', '2027-03-01', '2023-03-01', '2024-02-29']);
  });
});
