import { decideBusCard, revocationFor, type BusCardPolicy, type SchoolingFact } from './bus-card';

const policy: BusCardPolicy = {
  stages: ['primary', 'junior-secondary', 'senior-secondary'],
  cityCode: '371700',
};
const schooling: SchoolingFact = {
  schoolCode: '2137170001',
  schoolName: '菏泽市牡丹区第一小学',
  countyCode: '371702',
  stage: 'primary',
  grade: '三年级',
  schoolYear: '2026-2027',
  revision: 1,
};

describe('decideBusCard', () => {
  it('issues to the end of the school year, from today within it', () => {
    expect(decideBusCard(schooling, '2026-09-20', policy)).toEqual({
      ok: true,
      validFrom: '2026-09-20',
      validUntil: '2027-08-31',
    });
  });

  it('starts on the first day of the school year when applied for before it', () => {
    expect(decideBusCard(schooling, '2026-08-25', policy)).toEqual({
      ok: true,
      validFrom: '2026-09-01',
      validUntil: '2027-08-31',
    });
  });

  it('issues on the last day of the school year, for that day', () => {
    expect(decideBusCard(schooling, '2027-08-31', policy)).toEqual({
      ok: true,
      validFrom: '2027-08-31',
      validUntil: '2027-08-31',
    });
  });

  it('refuses a child education has no current enrolment of', () => {
    expect(decideBusCard(undefined, '2026-09-20', policy)).toMatchObject({ ok: false, rule: '须在读' });
  });

  it.each([
    ['preschool', '学前教育'],
    ['none', '未入学'],
    ['secondary-vocational', '中等职业教育'],
  ] as const)('refuses the %s stage when the policy leaves it out, naming the stages', (stage, name) => {
    const decision = decideBusCard({ ...schooling, stage }, '2026-09-20', policy);
    expect(decision).toEqual({
      ok: false,
      rule: '学段',
      message: `学生公交卡限小学、初中、普通高中学生办理，该儿童为${name}`,
    });
  });

  it('serves a stage the county adds to the policy', () => {
    const decision = decideBusCard({ ...schooling, stage: 'secondary-vocational' }, '2026-09-20', {
      ...policy,
      stages: [...policy.stages, 'secondary-vocational'],
    });
    expect(decision.ok).toBe(true);
  });

  it('refuses a school of another city', () => {
    expect(decideBusCard({ ...schooling, countyCode: '370102' }, '2026-09-20', policy)).toMatchObject({
      ok: false,
      rule: '本市学校',
    });
  });

  it.each(['', '2026', '2026-2028', '2026/2027'])(
    'refuses a school year that is not one: %j',
    (schoolYear) => {
      expect(decideBusCard({ ...schooling, schoolYear }, '2026-09-20', policy)).toMatchObject({
        ok: false,
        rule: '学年',
      });
    },
  );

  it('refuses an enrolment of a school year already over', () => {
    expect(decideBusCard({ ...schooling, schoolYear: '2025-2026' }, '2026-09-01', policy)).toMatchObject({
      ok: false,
      rule: '学年',
      message: expect.stringContaining('2025-2026学年，已结束'),
    });
  });
});

describe('revocationFor', () => {
  const card = { schoolCode: '2137170001', enrolmentRevision: 3 };

  it('revokes when the child leaves school after the card was issued', () => {
    expect(revocationFor(card, { schoolCode: '2137170001', ended: true, revision: 4 })).toBe('left-school');
  });

  it('revokes when the child changes school', () => {
    expect(revocationFor(card, { schoolCode: '2137170002', ended: false, revision: 4 })).toBe(
      'school-changed',
    );
  });

  it('keeps the card on a grade change at the same school', () => {
    expect(revocationFor(card, { schoolCode: '2137170001', ended: false, revision: 5 })).toBeUndefined();
  });

  it('ignores a change of the revision the card was issued from or older (a late or replayed event)', () => {
    expect(revocationFor(card, { schoolCode: '2137170009', ended: true, revision: 3 })).toBeUndefined();
    expect(revocationFor(card, { schoolCode: '2137170009', ended: true, revision: 1 })).toBeUndefined();
  });
});
