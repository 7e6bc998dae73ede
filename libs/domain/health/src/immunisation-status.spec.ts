import { immunisationStatus, type GivenDose, type ImmunisationStatus } from './immunisation-status';

const BIRTH = '2026-01-15';
const statusOf = (s: ImmunisationStatus, vaccine: string, dose: number) =>
  s.doses.find((d) => d.vaccine === vaccine && d.dose === dose);
const given = (vaccine: string, dose: number, date: string): GivenDose => ({ vaccine, dose, date });

/** Every dose of the primary series given on its recommended date, up to `until`. */
function onTime(birth: string, until: string): GivenDose[] {
  return immunisationStatus(birth, [], '2099-01-01')
    .doses.filter((d) => !['JE-I', 'HepA-I'].includes(d.vaccine) && d.recommendedOn <= until)
    .map((d) => given(d.vaccine, d.dose, d.recommendedOn));
}

describe('immunisationStatus: the dose table of a child', () => {
  it('lists every dose of the schedule in schedule order with its recommended date', () => {
    const s = immunisationStatus(BIRTH, [], BIRTH);
    expect(s.doses).toHaveLength(28);
    expect(s.doses.slice(0, 4).map((d) => [d.label, d.recommendedAge, d.recommendedOn])).toEqual([
      ['乙肝疫苗第1剂', '出生时', '2026-01-15'],
      ['乙肝疫苗第2剂', '1月龄', '2026-02-15'],
      ['乙肝疫苗第3剂', '6月龄', '2026-07-15'],
      ['卡介苗第1剂', '出生时', '2026-01-15'],
    ]);
    expect(statusOf(s, 'DT', 1)).toMatchObject({ recommendedAge: '6周岁', recommendedOn: '2032-01-15' });
    expect(s.edition).toBe('2021');
  });

  it('on the day of birth: the birth doses are due, the rest not yet', () => {
    const s = immunisationStatus(BIRTH, [], BIRTH);
    expect(s.doses.filter((d) => d.status === 'due').map((d) => d.label)).toEqual([
      '乙肝疫苗第1剂',
      '卡介苗第1剂',
    ]);
    expect(s.counts).toMatchObject({ due: 2, overdue: 0, given: 0, 'not-needed': 6 });
    expect(s.upToDate).toBe(false);
    expect(s.nextDue).toEqual({ vaccine: 'HepB', dose: 1, label: '乙肝疫苗第1剂', dueOn: BIRTH });
  });

  it('the inactivated alternatives are not needed while the live series is followed', () => {
    const s = immunisationStatus(BIRTH, [], BIRTH);
    expect(statusOf(s, 'JE-I', 1)).toMatchObject({
      status: 'not-needed',
      note: '已按乙脑减毒活疫苗程序接种',
    });
    expect(statusOf(s, 'HepA-I', 2)).toMatchObject({
      status: 'not-needed',
      note: '已按甲肝减毒活疫苗程序接种',
    });
    expect(statusOf(s, 'JE-L', 1)?.status).toBe('not-yet');
  });

  it('with the birth doses given: up to date until 1 month', () => {
    const doses = [given('HepB', 1, BIRTH), given('BCG', 1, '2026-01-16')];
    const s = immunisationStatus(BIRTH, doses, '2026-02-14');
    expect(s.upToDate).toBe(true);
    expect(statusOf(s, 'HepB', 1)).toMatchObject({ status: 'given', givenOn: BIRTH, statusText: '已接种' });
    expect(s.nextDue).toMatchObject({ vaccine: 'HepB', dose: 2, dueOn: '2026-02-15' });
    expect(immunisationStatus(BIRTH, doses, '2026-02-15').upToDate).toBe(false);
  });

  describe('due, then overdue after the grace (infant doses: more than 1 month past due)', () => {
    const doses = [given('HepB', 1, BIRTH), given('BCG', 1, BIRTH)];
    it.each([
      ['the day before the due date', '2026-02-14', 'not-yet'],
      ['the due date', '2026-02-15', 'due'],
      ['one month after the due date (last day of the grace)', '2026-03-15', 'due'],
      ['the day after the grace', '2026-03-16', 'overdue'],
    ])('HepB dose 2 on %s: %s', (_why, asOf, status) => {
      const d = statusOf(immunisationStatus(BIRTH, doses, asOf), 'HepB', 2);
      expect(d).toMatchObject({ status, dueOn: '2026-02-15', overdueFrom: '2026-03-16' });
    });

    it('counts the days past due of an overdue dose', () => {
      const s = immunisationStatus(BIRTH, doses, '2026-03-20');
      expect(statusOf(s, 'HepB', 2)).toMatchObject({ daysOverdue: 33, statusText: '逾期未种（需补种）' });
      expect(statusOf(s, 'IPV', 1)).toMatchObject({ status: 'due', daysOverdue: 0 });
      expect(s.mostOverdueDueOn).toBe('2026-02-15');
      expect(s.maxDaysOverdue).toBe(33);
    });

    it('later doses (from 12 months) have the child grace of 3 months', () => {
      const all = onTime(BIRTH, '2027-04-15');
      const at = (asOf: string) => statusOf(immunisationStatus(BIRTH, all, asOf), 'MMR', 2)?.status;
      expect(at('2027-07-14')).toBe('not-yet');
      expect(at('2027-07-15')).toBe('due');
      expect(at('2027-10-15')).toBe('due');
      expect(at('2027-10-16')).toBe('overdue');
    });

    it('takes the grace from the policy', () => {
      const strict = { infantGraceMonths: 0, childGraceMonths: 0 };
      const d = statusOf(immunisationStatus(BIRTH, doses, '2026-02-16', strict), 'HepB', 2);
      expect(d).toMatchObject({ status: 'overdue', overdueFrom: '2026-02-16', daysOverdue: 1 });
      const lenient = { infantGraceMonths: 2, childGraceMonths: 6 };
      expect(statusOf(immunisationStatus(BIRTH, doses, '2026-04-15', lenient), 'HepB', 2)?.status).toBe(
        'due',
      );
    });
  });

  describe('minimum intervals move the due date', () => {
    it('HepB dose 3 is due 60 days after a late dose 2', () => {
      const doses = [given('HepB', 1, BIRTH), given('HepB', 2, '2026-06-20')];
      const d = statusOf(immunisationStatus(BIRTH, doses, '2026-07-20'), 'HepB', 3);
      expect(d).toMatchObject({ recommendedOn: '2026-07-15', dueOn: '2026-08-19', status: 'not-yet' });
    });

    it('bOPV dose 1 waits 28 days after IPV dose 2', () => {
      const doses = [given('IPV', 1, '2026-03-15'), given('IPV', 2, '2026-05-10')];
      expect(statusOf(immunisationStatus(BIRTH, doses, '2026-05-20'), 'bOPV', 1)?.dueOn).toBe('2026-06-07');
    });

    it('DTaP dose 4 waits 6 months after dose 3', () => {
      const doses = [given('DTaP', 3, '2027-03-01')];
      expect(statusOf(immunisationStatus(BIRTH, doses, '2027-07-15'), 'DTaP', 4)).toMatchObject({
        recommendedOn: '2027-07-15',
        dueOn: '2027-09-01',
        status: 'not-yet',
      });
    });

    it('an interval ending before the recommended age changes nothing', () => {
      const doses = [given('HepB', 1, BIRTH)];
      expect(statusOf(immunisationStatus(BIRTH, doses, BIRTH), 'HepB', 2)?.dueOn).toBe('2026-02-15');
    });
  });

  describe('alternatives: the series the clinic started', () => {
    it('JE-I doses given switch the child to the inactivated series', () => {
      const doses = [given('JE-I', 1, '2026-09-15'), given('JE-I', 2, '2026-09-22')];
      const s = immunisationStatus(BIRTH, doses, '2026-10-01');
      expect(statusOf(s, 'JE-L', 1)).toMatchObject({
        status: 'not-needed',
        note: '已按乙脑灭活疫苗程序接种',
      });
      expect(statusOf(s, 'JE-I', 3)?.status).toBe('not-yet');
      expect(statusOf(s, 'JE-I', 2)?.status).toBe('given');
    });

    it('with as many of each, the live vaccine wins; a given alternative dose stays given', () => {
      const doses = [given('HepA-L', 1, '2027-07-15'), given('HepA-I', 1, '2027-07-15')];
      const s = immunisationStatus(BIRTH, doses, '2028-06-01');
      expect(statusOf(s, 'HepA-I', 1)?.status).toBe('given');
      expect(statusOf(s, 'HepA-I', 2)?.status).toBe('not-needed');
    });
  });

  describe('catch-up limits (补种原则)', () => {
    it('卡介苗 is not caught up from 4 years', () => {
      expect(statusOf(immunisationStatus(BIRTH, [], '2030-01-14'), 'BCG', 1)?.status).toBe('overdue');
      expect(statusOf(immunisationStatus(BIRTH, [], '2030-01-15'), 'BCG', 1)).toMatchObject({
        status: 'not-needed',
        note: '4周岁起不再补种卡介苗',
      });
    });

    it('A群流脑多糖疫苗 is not caught up from 24 months; 百白破 not from 6 years', () => {
      expect(statusOf(immunisationStatus(BIRTH, [], '2028-01-15'), 'MPSV-A', 2)?.status).toBe('not-needed');
      expect(statusOf(immunisationStatus(BIRTH, [], '2028-01-14'), 'MPSV-A', 2)?.status).toBe('overdue');
      expect(statusOf(immunisationStatus(BIRTH, [], '2032-01-15'), 'DTaP', 4)?.status).toBe('not-needed');
    });

    it('a child who never came: everything due by 15 years is overdue, nothing after 18', () => {
      const s = immunisationStatus(BIRTH, [], '2041-01-14');
      expect(s.counts.overdue).toBe(15); // 22 primary doses less BCG, MPSV-A ×2, DTaP ×4
      expect(s.mostOverdueDueOn).toBe(BIRTH);
      expect(immunisationStatus(BIRTH, [], '2044-01-15').counts.overdue).toBe(0);
    });
  });

  describe('timely limits of the 说明 (及时接种)', () => {
    it.each([
      ['HepB', 1, '2026-01-15'],
      ['BCG', 1, '2026-04-14'],
      ['HepB', 3, '2027-01-14'],
      ['MPSV-A', 2, '2027-07-14'],
      ['bOPV', 2, '2031-01-14'],
      ['DT', 1, '2033-01-14'],
      ['IPV', 1, null],
    ])('%s dose %i by %s', (vaccine, dose, by) => {
      expect(statusOf(immunisationStatus(BIRTH, [], BIRTH), vaccine, dose)?.timelyBy).toBe(by);
    });
  });

  it('ignores doses dated after asOf (a status of a past day)', () => {
    const s = immunisationStatus(BIRTH, [given('HepB', 1, '2026-01-20')], '2026-01-16');
    expect(statusOf(s, 'HepB', 1)?.status).toBe('due');
  });

  it('takes the earliest date of a dose recorded twice', () => {
    const s = immunisationStatus(
      BIRTH,
      [given('HepB', 1, '2026-01-20'), given('HepB', 1, BIRTH)],
      '2026-02-01',
    );
    expect(statusOf(s, 'HepB', 1)?.givenOn).toBe(BIRTH);
  });

  it('a child vaccinated on time is up to date at every age', () => {
    for (const asOf of ['2026-01-15', '2026-06-01', '2027-01-15', '2028-03-01', '2030-02-01', '2032-06-01']) {
      const s = immunisationStatus(BIRTH, onTime(BIRTH, asOf), asOf);
      expect([asOf, s.upToDate, s.counts.overdue]).toEqual([asOf, true, 0]);
    }
    const done = immunisationStatus(BIRTH, onTime(BIRTH, '2033-01-01'), '2033-01-01');
    expect(done.nextDue).toBeNull();
    expect(done.counts).toEqual({ given: 22, due: 0, overdue: 0, 'not-yet': 0, 'not-needed': 6 });
  });

  it('a 29 February birth: monthly due dates clamp to the month end', () => {
    const s = immunisationStatus('2028-02-29', [], '2028-02-29');
    expect(statusOf(s, 'HepB', 2)?.recommendedOn).toBe('2028-03-29');
    expect(statusOf(s, 'JE-L', 2)?.recommendedOn).toBe('2030-02-28');
  });
});
