import { makeIdNumber } from '@care/identity';
import type { LedgerRowValues } from '../ledger-excel';
import { accompanimentFromRelation, mapLedgerRow } from './ledger-row-mapping';

describe('accompanimentFromRelation (与监护人关系 -> with whom the child moved)', () => {
  // [relation, expected, reason]
  const rows: [string | undefined, string, string][] = [
    ['父亲', 'one-parent', 'a parent: the sheet names one guardian, so one parent'],
    ['母亲', 'one-parent', 'a parent'],
    ['母女', 'one-parent', 'relation written from the pair'],
    ['父子', 'one-parent', 'relation written from the pair'],
    ['祖父', 'other-guardian', 'grandfather is another guardian, though 父 appears'],
    ['外祖母', 'other-guardian', 'maternal grandmother'],
    ['奶奶', 'other-guardian', 'colloquial grandmother'],
    ['姑姑', 'other-guardian', 'aunt'],
    ['继父', 'other-guardian', 'step-parent is a guardian other than a parent'],
    [' 父 亲 ', 'one-parent', 'spaces removed'],
    ['', 'unknown', 'blank: unknown'],
    [undefined, 'unknown', 'absent: unknown'],
  ];
  it.each(rows)('%p -> %s (%s)', (relation, expected) => {
    expect(accompanimentFromRelation(relation)).toBe(expected);
  });
});

describe('mapLedgerRow (a valid Attachment 1 row -> the child to register)', () => {
  const base: LedgerRowValues = {
    name: '王小丽',
    sex: 'female',
    age: 9,
    idNumber: makeIdNumber('371721', '2015-08-26', 680),
    birthDate: '2015-08-26',
    missingIdNumber: false,
    hukouAddress: '山东省菏泽市曹县仵楼镇王园村南京路84号',
    residenceAddress: '菏泽市牡丹区牡丹街道春晖社区解放路58号',
    difficultyTypes: ['family-hardship', 'cross-township-help-request'],
    schoolGrade: '牡丹区牡丹中心小学/四年级',
    guardianName: '王东杰',
    guardianRelation: '父亲',
    guardianPhone: '15529265472',
    situation: '家庭收入较低',
    careActivities: '2025-03-01 入户走访',
    notes: '',
  };
  const defaults = { countyCode: '371702', residentSince: '2024-12-01' };

  it('finds the divisions in the addresses and splits the types into hardships and the help request', () => {
    const mapped = mapLedgerRow(base, defaults);
    if (!mapped.ok) throw new Error(JSON.stringify(mapped.errors));
    expect(mapped.child).toMatchObject({
      hukouDivisionCode: '371721122',
      residence: { divisionCode: '371702005', movedInOn: '2024-12-01' },
      accompaniedBy: 'one-parent',
      difficultyTypes: ['family-hardship'],
      askedForHelp: true,
      education: { school: '牡丹区牡丹中心小学', grade: '四年级' },
      guardians: [{ name: '王东杰', relation: '父亲', phone: '15529265472' }],
    });
    expect(mapped.ledger?.difficultyTypes).toEqual(['family-hardship', 'cross-township-help-request']);
  });

  it('gives the same fingerprint text for the same row and another one when a fact changes', () => {
    const a = mapLedgerRow(base, defaults);
    const b = mapLedgerRow({ ...base }, defaults);
    const c = mapLedgerRow({ ...base, guardianPhone: '13800000000' }, defaults);
    if (!a.ok || !b.ok || !c.ok) throw new Error('expected valid rows');
    expect(a.fingerprintText).toBe(b.fingerprintText);
    expect(c.fingerprintText).not.toBe(a.fingerprintText);
    // The ledger columns have their own half: a new care activity changes it, not the child's.
    const d = mapLedgerRow({ ...base, careActivities: '2025-03-01 入户走访、2025-05-01 电话回访' }, defaults);
    if (!d.ok) throw new Error('expected a valid row');
    expect(d.fingerprintText).toBe(a.fingerprintText);
    expect(d.ledgerFingerprintText).not.toBe(a.ledgerFingerprintText);
    const none = mapLedgerRow({ ...base, difficultyTypes: [] }, defaults);
    if (!none.ok) throw new Error('expected a valid row');
    expect(none.ledgerFingerprintText).toBe('');
  });

  // [change, column, reason]
  const refusals: [Partial<LedgerRowValues>, string, string][] = [
    [
      { residenceAddress: '菏泽市东明县城关街道某路1号' },
      '现居住地',
      'the residence lies in another county than the import',
    ],
    [
      { idNumber: undefined, birthDate: undefined, missingIdNumber: true },
      '身份证号',
      'no ID number: the sheet has an age, not a birth date',
    ],
    [
      { hukouAddress: '不详', idNumber: makeIdNumber('371721', '2015-08-26', 680) },
      '',
      'an unreadable hukou address falls back to the ID number: accepted',
    ],
  ];
  it.each(refusals)('%p -> column %p (%s)', (change, column) => {
    const mapped = mapLedgerRow({ ...base, ...change }, defaults);
    if (column === '') {
      expect(mapped.ok).toBe(true);
      if (mapped.ok) expect(mapped.child.hukouDivisionCode).toBe('371721');
      return;
    }
    expect(mapped.ok).toBe(false);
    if (!mapped.ok) expect(mapped.errors.map((e) => e.column)).toContain(column);
  });

  it('keeps a move-in date no earlier than the birth date', () => {
    const infant = mapLedgerRow(
      { ...base, idNumber: makeIdNumber('371721', '2025-01-10', 680), birthDate: '2025-01-10' },
      defaults,
    );
    if (!infant.ok) throw new Error('expected a valid row');
    expect(infant.child.residence.movedInOn).toBe('2025-01-10');
  });
});
