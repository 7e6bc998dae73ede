import { plusSpan } from '../schedule';
import raw from './programme.json';
import {
  SEVERE_MENTAL_DISORDER_PROGRAMME as P,
  findAdherence,
  findDiagnosisCategory,
  findStability,
  parseSevereMentalDisorderProgramme,
} from './programme';

const clone = (): Record<string, unknown> => JSON.parse(JSON.stringify(raw)) as Record<string, unknown>;
const errorsOf = (doc: unknown): string[] => {
  const parsed = parseSevereMentalDisorderProgramme(doc);
  return 'errors' in parsed ? parsed.errors : [];
};

describe('the severe mental disorder programme (data)', () => {
  it('has the six disorders of the 2018 工作规范', () => {
    expect(P.diagnosisCategories.map((c) => c.label)).toEqual([
      '精神分裂症',
      '分裂情感性障碍',
      '偏执性精神病',
      '双相（情感）障碍',
      '癫痫所致精神障碍',
      '精神发育迟滞伴发精神障碍',
    ]);
    expect(findDiagnosisCategory(P, 'bipolar')?.label).toBe('双相（情感）障碍');
    expect(findDiagnosisCategory(P, 'depression')).toBeUndefined();
  });

  it('has risk levels 0..5, each described', () => {
    expect(P.riskLevels.map((l) => l.level)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(P.riskLevels[5]?.description).toContain('持械');
  });

  it.each([
    // [stability, form code, admitted risk levels, next follow-up from 2026-01-31]
    ['unstable', 1, [0, 1, 2, 3, 4, 5], '2026-02-14'], // 2周内随访
    ['basically-stable', 2, [0, 1, 2], '2026-02-14'], // 2周时随访
    ['stable', 3, [0], '2026-04-30'], // 3个月时随访 (month end clamped)
  ])('%s: form code %i, risk %j, next follow-up %s', (code, formCode, levels, next) => {
    const s = findStability(P, code);
    expect(s).toMatchObject({ formCode, riskLevels: levels });
    expect(plusSpan('2026-01-31', s!.nextFollowUp)).toBe(next);
  });

  it('has the adherence codes of the follow-up form and names its sources and what is unverified', () => {
    expect(P.adherence.map((a) => [a.code, a.formCode])).toEqual([
      ['regular', 1],
      ['intermittent', 2],
      ['none', 3],
      ['not-prescribed', 4],
    ]);
    expect(findAdherence(P, 'none')?.label).toBe('不服药');
    expect(findAdherence(P, 'sometimes')).toBeUndefined();
    expect(P.minFollowUpsPerYear).toBe(4);
    expect(P.sources.join()).toContain('国家基本公共卫生服务规范（第三版）');
    expect(P.sources.join()).toContain('2018年版');
    expect(P.unverified.length).toBeGreaterThan(0);
  });

  it.each<[string, (doc: Record<string, unknown>) => void, RegExp]>([
    ['not an object', () => undefined, /required/],
    [
      'a duplicate disorder',
      (d) => (d['diagnosisCategories'] as unknown[]).push({ code: 'bipolar', label: 'x', icd10: '' }),
      /diagnosis bipolar: duplicate/,
    ],
    [
      'a bad code',
      (d) => ((d['adherence'] as { code: string }[])[0]!.code = 'Regular'),
      /adherence code "Regular"/,
    ],
    [
      'a missing label',
      (d) => ((d['diagnosisCategories'] as { label: string }[])[0]!.label = ''),
      /label required/,
    ],
    ['a missing risk level', (d) => (d['riskLevels'] as unknown[]).pop(), /exactly the levels 0\.\.5/],
    [
      'a level no class admits',
      (d) => ((d['stabilities'] as { riskLevels: number[] }[])[0]!.riskLevels = [0, 1, 2]),
      /risk level 3: admitted by no stability class/,
    ],
    [
      'a level out of range',
      (d) => ((d['stabilities'] as { riskLevels: number[] }[])[2]!.riskLevels = [6]),
      /risk level 6 not in 0\.\.5/,
    ],
    [
      'a zero interval',
      (d) => ((d['stabilities'] as { nextFollowUp: unknown }[])[0]!.nextFollowUp = { days: 0 }),
      /nextFollowUp/,
    ],
    [
      'duplicate form codes',
      (d) => ((d['adherence'] as { formCode: number }[])[1]!.formCode = 1),
      /adherence: formCode/,
    ],
    ['no minimum of follow-ups', (d) => (d['minFollowUpsPerYear'] = 0), /minFollowUpsPerYear/],
    ['no sources', (d) => (d['sources'] = []), /sources/],
  ])('refuses %s', (_why, edit, message) => {
    const doc = clone();
    edit(doc);
    const target = _why === 'not an object' ? null : doc;
    expect(errorsOf(target).join('; ')).toMatch(message);
  });

  it('accepts the bundled file', () => {
    expect(errorsOf(clone())).toEqual([]);
  });
});
