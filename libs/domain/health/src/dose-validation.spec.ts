import { validateDose, type DoseContext, type DoseInput } from './dose-validation';

const child: DoseContext = { birthDate: '2026-01-15', asOf: '2026-06-01', given: [] };
const problemsOf = (input: DoseInput, context: DoseContext = child) => {
  const result = validateDose(input, context);
  return result.ok ? [] : result.problems.map((p) => [p.field, p.rule]);
};
const messagesOf = (input: DoseInput, context: DoseContext = child) => {
  const result = validateDose(input, context);
  return result.ok ? '' : result.problems.map((p) => p.message).join('\n');
};
const withGiven = (...given: DoseContext['given']): DoseContext => ({ ...child, given });

describe('validateDose', () => {
  it('accepts a dose of the schedule given between birth and today', () => {
    expect(validateDose({ vaccine: 'HepB', dose: 1, date: '2026-01-15' }, child)).toEqual({
      ok: true,
      value: { vaccine: 'HepB', dose: 1, date: '2026-01-15' },
      replay: false,
    });
    expect(problemsOf({ vaccine: 'BCG', dose: 1, date: '2026-06-01' })).toEqual([]);
  });

  describe('the vaccine and the dose number', () => {
    it('refuses a vaccine outside the schedule, naming the field, the rule and the codes', () => {
      expect(problemsOf({ vaccine: 'HPV', dose: 1, date: '2026-02-01' })).toEqual([
        ['vaccine', '疫苗须在免疫程序内'],
      ]);
      expect(messagesOf({ vaccine: 'HPV', dose: 1, date: '2026-02-01' })).toContain(
        '不在国家免疫规划疫苗儿童免疫程序（2021年版）内，须为 HepB、BCG',
      );
    });

    it('codes are case-sensitive abbreviations', () => {
      expect(problemsOf({ vaccine: 'hepb', dose: 1, date: '2026-02-01' })).toEqual([
        ['vaccine', '疫苗须在免疫程序内'],
      ]);
    });

    it.each([0, 4, -1, 1.5, Number.NaN])('refuses HepB dose %s (3 doses)', (dose) => {
      expect(problemsOf({ vaccine: 'HepB', dose, date: '2026-02-01' })).toEqual([
        ['dose', '剂次须在程序范围内'],
      ]);
    });

    it('names the number of doses of the vaccine', () => {
      expect(messagesOf({ vaccine: 'DTaP', dose: 5, date: '2026-05-01' })).toContain(
        '百白破疫苗共4剂，剂次须为 1 至 4 的整数',
      );
    });

    it('shortens a long typed value', () => {
      expect(messagesOf({ vaccine: 'X'.repeat(40), dose: 1, date: '2026-02-01' })).toContain(
        `"${'X'.repeat(20)}…"`,
      );
    });
  });

  describe('the date', () => {
    it.each(['2026-02-30', '2026/02/01', '', '20260201'])('refuses %j as a date', (date) => {
      expect(problemsOf({ vaccine: 'HepB', dose: 1, date })).toEqual([['date', '日期格式']]);
    });

    it('refuses a date before the birth', () => {
      expect(problemsOf({ vaccine: 'HepB', dose: 1, date: '2026-01-14' })).toEqual([
        ['date', '不早于出生日期'],
      ]);
      expect(messagesOf({ vaccine: 'HepB', dose: 1, date: '2026-01-14' })).toBe(
        '接种日期 2026-01-14 早于儿童出生日期', // the birth date itself is not repeated (messages are logged)
      );
    });

    it('refuses a date after today', () => {
      expect(problemsOf({ vaccine: 'HepB', dose: 1, date: '2026-06-02' })).toEqual([['date', '不晚于今日']]);
    });

    it('reports every problem at once', () => {
      expect(problemsOf({ vaccine: 'XYZ', dose: 1, date: 'soon' })).toEqual([
        ['vaccine', '疫苗须在免疫程序内'],
        ['date', '日期格式'],
      ]);
      expect(problemsOf({ vaccine: 'HepB', dose: 9, date: '2027-01-01' })).toEqual([
        ['dose', '剂次须在程序范围内'],
        ['date', '不晚于今日'],
      ]);
    });
  });

  describe('duplicates and replays', () => {
    const recorded = withGiven({ vaccine: 'HepB', dose: 1, date: '2026-01-15' });

    it('the same dose on the same date is a replay', () => {
      expect(validateDose({ vaccine: 'HepB', dose: 1, date: '2026-01-15' }, recorded)).toEqual({
        ok: true,
        value: { vaccine: 'HepB', dose: 1, date: '2026-01-15' },
        replay: true,
      });
    });

    it('the same dose number on another date is refused', () => {
      expect(problemsOf({ vaccine: 'HepB', dose: 1, date: '2026-01-20' }, recorded)).toEqual([
        ['dose', '剂次不重复'],
      ]);
      expect(messagesOf({ vaccine: 'HepB', dose: 1, date: '2026-01-20' }, recorded)).toContain(
        '乙肝疫苗第1剂已登记（接种日期 2026-01-15）',
      );
    });

    it('a dose of another vaccine the same day is fine', () => {
      expect(problemsOf({ vaccine: 'BCG', dose: 1, date: '2026-01-15' }, recorded)).toEqual([]);
    });
  });

  describe('minimum intervals (最短接种间隔)', () => {
    it.each([
      [
        'HepB 2 on day 27 after dose 1',
        { vaccine: 'HepB', dose: 1, date: '2026-01-15' },
        'HepB',
        2,
        '2026-02-11',
        false,
      ],
      [
        'HepB 2 on day 28 after dose 1',
        { vaccine: 'HepB', dose: 1, date: '2026-01-15' },
        'HepB',
        2,
        '2026-02-12',
        true,
      ],
      [
        'HepB 3 59 days after dose 2',
        { vaccine: 'HepB', dose: 2, date: '2026-03-01' },
        'HepB',
        3,
        '2026-04-29',
        false,
      ],
      [
        'HepB 3 60 days after dose 2',
        { vaccine: 'HepB', dose: 2, date: '2026-03-01' },
        'HepB',
        3,
        '2026-04-30',
        true,
      ],
      [
        'bOPV 1 27 days after IPV 2',
        { vaccine: 'IPV', dose: 2, date: '2026-04-15' },
        'bOPV',
        1,
        '2026-05-12',
        false,
      ],
      [
        'bOPV 1 28 days after IPV 2',
        { vaccine: 'IPV', dose: 2, date: '2026-04-15' },
        'bOPV',
        1,
        '2026-05-13',
        true,
      ],
    ])('%s: accepted %s', (_why, previous, vaccine, dose, date, ok) => {
      expect(validateDose({ vaccine, dose, date }, withGiven(previous)).ok).toBe(ok);
    });

    it('names both doses, the interval and the earliest date', () => {
      const context = withGiven({ vaccine: 'IPV', dose: 2, date: '2026-04-15' });
      expect(problemsOf({ vaccine: 'bOPV', dose: 1, date: '2026-05-01' }, context)).toEqual([
        ['date', '最短接种间隔'],
      ]);
      expect(messagesOf({ vaccine: 'bOPV', dose: 1, date: '2026-05-01' }, context)).toBe(
        '脊灰减毒活疫苗第1剂与脊灰灭活疫苗第2剂（2026-04-15）的间隔须≥28天，最早可于 2026-05-13 接种',
      );
    });

    it('counts months for DTaP dose 4 (≥6 months after dose 3)', () => {
      const context: DoseContext = {
        birthDate: '2026-01-15',
        asOf: '2028-01-01',
        given: [{ vaccine: 'DTaP', dose: 3, date: '2027-03-31' }],
      };
      expect(validateDose({ vaccine: 'DTaP', dose: 4, date: '2027-09-29' }, context).ok).toBe(false);
      expect(validateDose({ vaccine: 'DTaP', dose: 4, date: '2027-09-30' }, context).ok).toBe(true);
      expect(messagesOf({ vaccine: 'DTaP', dose: 4, date: '2027-09-29' }, context)).toContain('≥6个月');
    });

    it('checks a late record of an earlier dose against the later dose already recorded', () => {
      const context = withGiven({ vaccine: 'HepB', dose: 2, date: '2026-02-15' });
      expect(problemsOf({ vaccine: 'HepB', dose: 1, date: '2026-02-01' }, context)).toEqual([
        ['date', '最短接种间隔'],
      ]);
      expect(messagesOf({ vaccine: 'HepB', dose: 1, date: '2026-02-01' }, context)).toBe(
        '已登记的乙肝疫苗第2剂（2026-02-15）与乙肝疫苗第1剂（2026-02-01）的间隔须≥28天',
      );
      expect(problemsOf({ vaccine: 'HepB', dose: 1, date: '2026-01-15' }, context)).toEqual([]);
    });

    it('checks an interval across vaccines backwards too (IPV 2 after bOPV 1)', () => {
      const context = withGiven({ vaccine: 'bOPV', dose: 1, date: '2026-05-15' });
      expect(problemsOf({ vaccine: 'IPV', dose: 2, date: '2026-05-01' }, context)).toEqual([
        ['date', '最短接种间隔'],
      ]);
    });

    it('with no earlier dose recorded there is no interval to keep', () => {
      expect(problemsOf({ vaccine: 'HepB', dose: 3, date: '2026-05-01' })).toEqual([]);
    });
  });

  describe('the order of the doses of a vaccine', () => {
    it('refuses a later dose dated before an earlier one, and an earlier after a later one', () => {
      const context = withGiven({ vaccine: 'DTaP', dose: 2, date: '2026-05-15' });
      expect(problemsOf({ vaccine: 'DTaP', dose: 4, date: '2026-05-01' }, context)).toEqual([
        ['date', '剂次顺序'],
      ]);
      expect(problemsOf({ vaccine: 'DTaP', dose: 1, date: '2026-05-20' }, context)).toEqual([
        ['date', '剂次顺序'],
        ['date', '最短接种间隔'],
      ]);
      expect(messagesOf({ vaccine: 'DTaP', dose: 1, date: '2026-05-20' }, context)).toContain(
        '晚于已登记的第2剂（2026-05-15）',
      );
    });
  });
});
