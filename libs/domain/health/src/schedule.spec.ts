import {
  ageText,
  doseLabel,
  findVaccine,
  intervalEnd,
  intervalText,
  NIP_SCHEDULE_2021,
  parseSchedule,
  plusSpan,
} from './schedule';

const doses = (code: string) => findVaccine(NIP_SCHEDULE_2021, code)?.doses.map((d) => d.ageMonths);

describe('the 2021 national immunisation schedule (data/nip-schedule-2021.json)', () => {
  it('names the edition and its source', () => {
    expect(NIP_SCHEDULE_2021.edition).toBe('2021');
    expect(NIP_SCHEDULE_2021.title).toBe('国家免疫规划疫苗儿童免疫程序（2021年版）');
    expect(NIP_SCHEDULE_2021.source).toContain('国卫办疾控发〔2021〕10号');
  });

  it.each([
    ['HepB', '乙肝疫苗', [0, 1, 6]],
    ['BCG', '卡介苗', [0]],
    ['IPV', '脊灰灭活疫苗', [2, 3]],
    ['bOPV', '脊灰减毒活疫苗', [4, 48]],
    ['DTaP', '百白破疫苗', [3, 4, 5, 18]],
    ['DT', '白破疫苗', [72]],
    ['MMR', '麻腮风疫苗', [8, 18]],
    ['JE-L', '乙脑减毒活疫苗', [8, 24]],
    ['JE-I', '乙脑灭活疫苗', [8, 8, 24, 72]],
    ['MPSV-A', 'A群流脑多糖疫苗', [6, 9]],
    ['MPSV-AC', 'A群C群流脑多糖疫苗', [36, 72]],
    ['HepA-L', '甲肝减毒活疫苗', [18]],
    ['HepA-I', '甲肝灭活疫苗', [18, 24]],
  ])('%s (%s) at months %j', (code, nameZh, ages) => {
    expect(findVaccine(NIP_SCHEDULE_2021, code)?.nameZh).toBe(nameZh);
    expect(doses(code)).toEqual(ages);
  });

  it('has the thirteen vaccines and nothing else', () => {
    expect(NIP_SCHEDULE_2021.vaccines).toHaveLength(13);
    expect(findVaccine(NIP_SCHEDULE_2021, 'HPV')).toBeUndefined();
  });

  it('pairs the inactivated vaccines as alternatives of the live ones', () => {
    expect(findVaccine(NIP_SCHEDULE_2021, 'JE-I')?.alternativeTo).toBe('JE-L');
    expect(findVaccine(NIP_SCHEDULE_2021, 'HepA-I')?.alternativeTo).toBe('HepA-L');
    expect(NIP_SCHEDULE_2021.vaccines.filter((v) => v.alternativeTo !== undefined)).toHaveLength(2);
  });

  it.each([
    ['HepB', 2, { vaccine: 'HepB', dose: 1, minMonths: 0, minDays: 28 }],
    ['HepB', 3, { vaccine: 'HepB', dose: 2, minMonths: 0, minDays: 60 }],
    ['bOPV', 1, { vaccine: 'IPV', dose: 2, minMonths: 0, minDays: 28 }],
    ['DTaP', 4, { vaccine: 'DTaP', dose: 3, minMonths: 6, minDays: 0 }],
    ['JE-L', 2, { vaccine: 'JE-L', dose: 1, minMonths: 12, minDays: 0 }],
    ['JE-I', 2, { vaccine: 'JE-I', dose: 1, minMonths: 0, minDays: 7 }],
    ['MPSV-A', 2, { vaccine: 'MPSV-A', dose: 1, minMonths: 3, minDays: 0 }],
    ['MPSV-AC', 1, { vaccine: 'MPSV-A', dose: 2, minMonths: 12, minDays: 0 }],
    ['MPSV-AC', 2, { vaccine: 'MPSV-AC', dose: 1, minMonths: 36, minDays: 0 }],
    ['HepA-I', 2, { vaccine: 'HepA-I', dose: 1, minMonths: 6, minDays: 0 }],
  ])('%s dose %i keeps its minimum interval', (code, dose, interval) => {
    expect(findVaccine(NIP_SCHEDULE_2021, code)?.doses[dose - 1].intervals).toEqual([interval]);
  });

  it('keeps the catch-up limits of the 补种原则 (18 years unless the vaccine says otherwise)', () => {
    const limits = Object.fromEntries(NIP_SCHEDULE_2021.vaccines.map((v) => [v.code, v.catchUpBeforeMonths]));
    expect(limits).toMatchObject({ BCG: 48, 'MPSV-A': 24, DTaP: 72, 'JE-L': 192, HepB: 216, MMR: 216 });
  });

  it('has no first dose with an interval of its own vaccine', () => {
    for (const v of NIP_SCHEDULE_2021.vaccines)
      expect(v.doses[0].intervals.filter((i) => i.vaccine === v.code)).toEqual([]);
  });
});

describe('parseSchedule refuses a broken document', () => {
  const base = {
    edition: 'x',
    title: 't',
    source: 's',
    catchUpBeforeMonths: 216,
    vaccines: [
      { code: 'A', nameZh: '甲', diseaseZh: '', doses: [{ dose: 1, ageMonths: 0 }] },
      {
        code: 'B',
        nameZh: '乙',
        diseaseZh: '',
        doses: [
          { dose: 1, ageMonths: 2 },
          { dose: 2, ageMonths: 3, intervals: [{ dose: 1, minDays: 28 }] },
        ],
      },
    ],
  };
  const errors = (doc: unknown) => {
    const result = parseSchedule(doc);
    return 'errors' in result ? result.errors : [];
  };

  it('accepts a good one and fills the defaults', () => {
    const result = parseSchedule(base);
    expect('schedule' in result && result.schedule.vaccines[1]).toMatchObject({
      catchUpBeforeMonths: 216,
      doses: [{ intervals: [] }, { intervals: [{ vaccine: 'B', dose: 1, minMonths: 0, minDays: 28 }] }],
    });
  });

  it.each<[string, (doc: typeof base) => unknown, RegExp]>([
    ['not an object', () => null, /vaccines/],
    ['no catch-up default', (d) => ({ ...d, catchUpBeforeMonths: -1 }), /catchUpBeforeMonths/],
    ['a duplicate code', (d) => ({ ...d, vaccines: [d.vaccines[0], d.vaccines[0]] }), /duplicate/],
    ['a bad code', (d) => ({ ...d, vaccines: [{ ...d.vaccines[0], code: '乙肝' }] }), /vaccine code/],
    ['no name', (d) => ({ ...d, vaccines: [{ ...d.vaccines[0], nameZh: '' }] }), /nameZh/],
    ['no doses', (d) => ({ ...d, vaccines: [{ ...d.vaccines[0], doses: [] }] }), /doses required/],
    [
      'doses misnumbered',
      (d) => ({ ...d, vaccines: [{ ...d.vaccines[0], doses: [{ dose: 2, ageMonths: 0 }] }] }),
      /numbered 2/,
    ],
    [
      'ages going back',
      (d) => ({
        ...d,
        vaccines: [
          {
            ...d.vaccines[0],
            doses: [
              { dose: 1, ageMonths: 6 },
              { dose: 2, ageMonths: 2 },
            ],
          },
        ],
      }),
      /before the previous dose/,
    ],
    [
      'an interval after an unknown dose',
      (d) => ({
        ...d,
        vaccines: [
          {
            ...d.vaccines[0],
            doses: [{ dose: 1, ageMonths: 0, intervals: [{ vaccine: 'Z', dose: 1, minDays: 1 }] }],
          },
        ],
      }),
      /unknown dose Z#1/,
    ],
    [
      'an interval after a later dose',
      (d) => ({
        ...d,
        vaccines: [
          {
            ...d.vaccines[0],
            doses: [
              { dose: 1, ageMonths: 0, intervals: [{ dose: 2, minDays: 1 }] },
              { dose: 2, ageMonths: 1 },
            ],
          },
        ],
      }),
      /after a later dose/,
    ],
    [
      'an interval of zero',
      (d) => ({
        ...d,
        vaccines: [
          d.vaccines[0],
          {
            ...d.vaccines[1],
            doses: [d.vaccines[1].doses[0], { dose: 2, ageMonths: 3, intervals: [{ dose: 1 }] }],
          },
        ],
      }),
      /interval of zero/,
    ],
    [
      'an alternative of nothing',
      (d) => ({ ...d, vaccines: [{ ...d.vaccines[0], alternativeTo: 'Q' }, d.vaccines[1]] }),
      /alternativeTo Q/,
    ],
  ])('%s', (_why, edit, message) => {
    expect(errors(edit(base)).join('\n')).toMatch(message);
  });
});

describe('dates and texts of the schedule', () => {
  it.each([
    [0, '出生时'],
    [1, '1月龄'],
    [8, '8月龄'],
    [18, '18月龄'],
    [24, '2周岁'],
    [48, '4周岁'],
    [30, '30月龄'],
  ])('ageText(%i) = %s', (months, text) => expect(ageText(months)).toBe(text));

  it('adds months first, then days, clamping month ends', () => {
    expect(plusSpan('2024-08-31', { months: 6 })).toBe('2025-02-28');
    expect(plusSpan('2024-01-31', { months: 1, days: 1 })).toBe('2024-03-01');
    expect(plusSpan('2026-01-01', {})).toBe('2026-01-01');
    expect(intervalEnd('2026-01-31', { vaccine: 'X', dose: 1, minMonths: 0, minDays: 28 })).toBe(
      '2026-02-28',
    );
    expect(intervalEnd('2026-03-31', { vaccine: 'X', dose: 1, minMonths: 6, minDays: 0 })).toBe('2026-09-30');
  });

  it('prints intervals and dose labels', () => {
    expect(intervalText({ minMonths: 0, minDays: 28 })).toBe('≥28天');
    expect(intervalText({ minMonths: 6, minDays: 0 })).toBe('≥6个月');
    expect(intervalText({ minMonths: 1, minDays: 7 })).toBe('≥1个月7天');
    expect(doseLabel({ nameZh: '乙肝疫苗' }, 2)).toBe('乙肝疫苗第2剂');
  });
});
