import standardJson from '../data/medical-insurance-standard.json';
import {
  contributionFor,
  enrolmentPeriodOn,
  enrolmentPeriodText,
  MEDICAL_INSURANCE_STANDARD,
  parseMedicalInsuranceStandard,
  yuan,
  type MedicalInsuranceStandard,
} from './standard';

const base = MEDICAL_INSURANCE_STANDARD;

describe('the medical-insurance standard (示例标准)', () => {
  it('loads the configured data, marked as demo values', () => {
    expect(base.demo).toBe(true);
    expect(base.title).toContain('示例标准');
    expect(base.enrolmentPeriod).toEqual({
      start: { month: 9, day: 1 },
      end: { month: 12, day: 31 },
      coverageYearOffset: 1,
    });
    expect(base.exemptions.map((e) => e.category).sort()).toEqual(
      ['de-facto-unsupported', 'destitute', 'minimum-living', 'orphan', 'severe-disability'].sort(),
    );
    expect(enrolmentPeriodText()).toBe('每年9月1日至12月31日（缴纳次年费用）');
  });

  const broken = (patch: Record<string, unknown>) => ({ ...standardJson, ...patch });
  it.each([
    ['not an object', null, /standard: must be an object/],
    ['no id', broken({ id: '' }), /id: required/],
    ['demo without the mark', broken({ title: '缴费标准' }), /示例标准/],
    [
      'a bad month',
      broken({ enrolmentPeriod: { ...standardJson.enrolmentPeriod, start: { month: 13, day: 1 } } }),
      /start\.month/,
    ],
    [
      '30 February',
      broken({ enrolmentPeriod: { ...standardJson.enrolmentPeriod, end: { month: 2, day: 30 } } }),
      /end\.day/,
    ],
    [
      'a period across the new year',
      broken({
        enrolmentPeriod: { start: { month: 11, day: 1 }, end: { month: 2, day: 28 }, coverageYearOffset: 1 },
      }),
      /start after end/,
    ],
    [
      'an offset of 2',
      broken({ enrolmentPeriod: { ...standardJson.enrolmentPeriod, coverageYearOffset: 2 } }),
      /coverageYearOffset/,
    ],
    ['newborn days -1', broken({ newbornEnrolmentDays: -1 }), /newbornEnrolmentDays/],
    [
      'a contribution in yuan',
      broken({ individualContributionFenByYear: { '2027': 400.5 } }),
      /2027: whole fen/,
    ],
    ['a year that is not one', broken({ individualContributionFenByYear: { soon: 1 } }), /soon: a year/],
    [
      'an unknown category',
      broken({ exemptions: [{ category: 'rich', labelZh: 'x', subsidy: { kind: 'full' } }] }),
      /rich: unknown/,
    ],
    [
      'a category twice',
      broken({
        exemptions: [
          { category: 'orphan', labelZh: '孤儿', subsidy: { kind: 'full' } },
          { category: 'orphan', labelZh: '孤儿', subsidy: { kind: 'full' } },
        ],
      }),
      /orphan: listed twice/,
    ],
    [
      'a fixed subsidy of 0',
      broken({ exemptions: [{ category: 'orphan', labelZh: '孤儿', subsidy: { kind: 'fixed', fen: 0 } }] }),
      /orphan: subsidy/,
    ],
    [
      'no label',
      broken({ exemptions: [{ category: 'orphan', labelZh: '', subsidy: { kind: 'full' } }] }),
      /orphan: labelZh/,
    ],
  ])('refuses %s', (_why, raw, message) => {
    const parsed = parseMedicalInsuranceStandard(raw);
    expect('errors' in parsed && parsed.errors.join('; ')).toMatch(message);
  });

  it.each([
    ['2026-08-31', false, 2027],
    ['2026-09-01', true, 2027],
    ['2026-12-31', true, 2027],
    ['2027-01-01', false, 2028],
  ])('on %s the period is open=%s, paying for %i', (date, open, coverageYear) => {
    expect(enrolmentPeriodOn(date)).toEqual({
      opensOn: `${date.slice(0, 4)}-09-01`,
      closesOn: `${date.slice(0, 4)}-12-31`,
      open,
      coverageYear,
    });
  });

  it('clamps a 29 February bound in common years and pays for the same year with offset 0', () => {
    const leap: MedicalInsuranceStandard = {
      ...base,
      enrolmentPeriod: { start: { month: 1, day: 1 }, end: { month: 2, day: 29 }, coverageYearOffset: 0 },
    };
    expect(enrolmentPeriodOn('2027-02-28', leap)).toMatchObject({
      closesOn: '2027-02-28',
      open: true,
      coverageYear: 2027,
    });
    expect(enrolmentPeriodOn('2028-02-29', leap)).toMatchObject({ closesOn: '2028-02-29', open: true });
    expect(enrolmentPeriodText(leap)).toBe('每年1月1日至2月29日（缴纳当年费用）');
  });
});

describe('contributionFor', () => {
  it('is the standard of the year without an exemption', () => {
    expect(contributionFor(2027, [])).toEqual({
      coverageYear: 2027,
      standardFen: 40000,
      subsidyFen: 0,
      contributionFen: 40000,
      exemption: null,
      qualifies: [],
      demo: true,
    });
  });

  it.each([
    ['destitute', 0],
    ['orphan', 0],
    ['de-facto-unsupported', 0],
    ['severe-disability', 0],
    ['minimum-living', 12000],
  ] as const)('%s pays %i fen', (category, fen) => {
    const c = contributionFor(2027, [category]);
    expect(c).toMatchObject({ contributionFen: fen, subsidyFen: 40000 - fen, exemption: { category } });
  });

  it('takes the most favourable exemption and lists every category', () => {
    const c = contributionFor(2027, ['minimum-living', 'orphan']);
    expect(c).toMatchObject({
      contributionFen: 0,
      exemption: { category: 'orphan' },
      qualifies: ['orphan', 'minimum-living'],
    });
  });

  it('never lets a fixed subsidy exceed the standard, and the larger fixed one wins', () => {
    const s: MedicalInsuranceStandard = {
      ...base,
      individualContributionFenByYear: { '2027': 10000 },
      exemptions: [
        { category: 'minimum-living', labelZh: '低保对象', subsidy: { kind: 'fixed', fen: 5000 } },
        { category: 'severe-disability', labelZh: '重度残疾人', subsidy: { kind: 'fixed', fen: 20000 } },
      ],
    };
    expect(contributionFor(2027, ['minimum-living'], s)).toMatchObject({
      subsidyFen: 5000,
      contributionFen: 5000,
    });
    expect(contributionFor(2027, ['minimum-living', 'severe-disability'], s)).toMatchObject({
      subsidyFen: 10000,
      contributionFen: 0,
      exemption: { category: 'severe-disability' },
    });
    // A category the standard does not subsidise changes nothing.
    expect(contributionFor(2027, ['orphan'], s)).toMatchObject({
      contributionFen: 10000,
      exemption: null,
      qualifies: ['orphan'],
    });
  });

  it('is undefined for a year without a configured contribution', () => {
    expect(contributionFor(2099, [])).toBeUndefined();
  });

  it('prints yuan', () => {
    expect(yuan(40000)).toBe('400.00元');
    expect(yuan(12345)).toBe('123.45元');
  });
});
