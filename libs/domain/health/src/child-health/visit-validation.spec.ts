import { sameVisit, validateVisit, type CheckedVisit, type VisitInput } from './visit-validation';

const INSTITUTION = '12371702MB0000001F';
const context = (recorded: CheckedVisit[] = []) => ({
  birthDate: '2026-03-01',
  asOf: '2026-06-20',
  recorded,
});
const good: VisitInput = {
  visit: 'month-3',
  date: '2026-06-01',
  institutionCode: INSTITUTION,
  results: ['normal'],
};
const problemsOf = (input: Partial<VisitInput>, recorded: CheckedVisit[] = []) => {
  const checked = validateVisit({ ...good, ...input } as VisitInput, context(recorded));
  return checked.ok ? [] : checked.problems.map((p) => `${p.field}:${p.rule}`);
};

describe('checking a 0～3岁 health-management visit', () => {
  it('accepts a visit in its window, storing the results sorted', () => {
    expect(validateVisit({ ...good, results: ['referred', 'anaemia', 'guidance'] }, context())).toEqual({
      ok: true,
      replay: false,
      value: { ...good, results: ['anaemia', 'guidance', 'referred'] },
    });
  });

  it.each<[string, Partial<VisitInput>, string[]]>([
    ['an unknown visit', { visit: 'month-4' }, ['visit:访视须在服务规范内']],
    ['a visit code of another type', { visit: 3 as unknown as string }, ['visit:访视须在服务规范内']],
    ['a date that is no date', { date: '2026-02-30' }, ['date:日期格式']],
    ['a date in another format', { date: '2026/06/01' }, ['date:日期格式']],
    ['no date', { date: undefined }, ['date:日期格式']],
    ['a date before the birth', { visit: 'newborn', date: '2026-02-28' }, ['date:不早于出生日期']],
    ['a date after today', { date: '2026-06-21' }, ['date:不晚于今日']],
    [
      'a date after today and outside the window',
      { date: '2026-07-16' },
      ['date:不晚于今日', 'date:须在该次访视的月龄范围内'],
    ],
    ['the day before the window opens', { date: '2026-04-30' }, ['date:须在该次访视的月龄范围内']],
    [
      'the day after the window closes',
      { visit: 'newborn', date: '2026-03-30' },
      ['date:须在该次访视的月龄范围内'],
    ],
    ['满月 on day 27', { visit: 'month-1', date: '2026-03-28' }, ['date:须在该次访视的月龄范围内']],
    ['满月 on day 31', { visit: 'month-1', date: '2026-04-01' }, ['date:须在该次访视的月龄范围内']],
    [
      'an institution code of 17 characters',
      { institutionCode: INSTITUTION.slice(0, 17) },
      ['institutionCode:机构代码格式'],
    ],
    [
      'an institution code with a wrong check',
      { institutionCode: '12371702MB0000001G' },
      ['institutionCode:机构代码校验位'],
    ],
    [
      'an institution name instead of a code',
      { institutionCode: '牡丹区社区卫生服务中心' },
      ['institutionCode:机构代码格式'],
    ],
    ['no results', { results: [] }, ['results:须填写结果代码']],
    ['results not a list', { results: 'normal' as unknown as string[] }, ['results:须填写结果代码']],
    ['an unknown result code', { results: ['healthy'] }, ['results:结果代码须在代码表内']],
    ['free text as a result', { results: ['孩子偏瘦，建议加辅食'] }, ['results:结果代码须在代码表内']],
    ['a result twice', { results: ['anaemia', 'anaemia'] }, ['results:结果代码不重复']],
    ['normal beside a finding', { results: ['normal', 'caries'] }, ['results:未见异常不与其他结果同填']],
    ['normal beside an action', { results: ['normal', 'guidance'] }, ['results:未见异常不与其他结果同填']],
    ['an action without a finding', { results: ['referred'] }, ['results:处理须有对应发现']],
    ['17 results', { results: Array.from({ length: 17 }, () => 'caries') }, ['results:结果代码最多16项']],
  ])('refuses %s', (_why, input, expected) => {
    expect(problemsOf(input)).toEqual(expected);
  });

  it('names every problem at once', () => {
    expect(problemsOf({ visit: 'month-5', date: '2026-13-01', institutionCode: 'x', results: [] })).toEqual([
      'visit:访视须在服务规范内',
      'date:日期格式',
      'institutionCode:机构代码格式',
      'results:须填写结果代码',
    ]);
  });

  it('accepts the first and last day of a window', () => {
    expect(problemsOf({ date: '2026-05-01' })).toEqual([]);
    expect(problemsOf({ visit: 'newborn', date: '2026-03-01' })).toEqual([]);
    expect(problemsOf({ visit: 'newborn', date: '2026-03-29' })).toEqual([]);
    expect(problemsOf({ visit: 'month-1', date: '2026-03-31' })).toEqual([]);
  });

  it('the message names the visit, its window and the date typed', () => {
    const checked = validateVisit({ ...good, date: '2026-04-30' }, context());
    expect(!checked.ok && checked.problems[0].message).toBe(
      '3月龄健康检查（3月龄）须在 2026-05-01 至 2026-07-15 之间进行，实为 2026-04-30',
    );
  });

  describe('a visit already recorded', () => {
    const stored: CheckedVisit = { ...good, results: ['anaemia', 'guidance'] };

    it('the identical visit again is a replay, results in any order', () => {
      expect(validateVisit({ ...good, results: ['guidance', 'anaemia'] }, context([stored]))).toEqual({
        ok: true,
        replay: true,
        value: stored,
      });
    });

    it.each<[string, Partial<VisitInput>]>([
      ['another date', { date: '2026-06-02', results: ['anaemia', 'guidance'] }],
      ['another institution', { institutionCode: '12371703MB1234567J', results: ['anaemia', 'guidance'] }],
      ['other results', { results: ['anaemia'] }],
    ])('with %s is refused', (_why, input) => {
      expect(problemsOf(input, [stored])).toEqual(['visit:访视不重复']);
    });

    it('another visit of the child is not affected', () => {
      expect(problemsOf({ visit: 'newborn', date: '2026-03-05' }, [stored])).toEqual([]);
    });

    it('a bad replay still reports its own problems first', () => {
      expect(problemsOf({ date: '2026-06-21', results: ['anaemia', 'guidance'] }, [stored])).toEqual([
        'date:不晚于今日',
      ]);
    });
  });

  it('sameVisit compares every stored field', () => {
    const a: CheckedVisit = { ...good, results: ['caries', 'guidance'] };
    expect(sameVisit(a, { ...a, results: ['guidance', 'caries'] })).toBe(true);
    expect(sameVisit(a, { ...a, visit: 'month-6' })).toBe(false);
    expect(sameVisit(a, { ...a, results: ['caries'] })).toBe(false);
  });
});
