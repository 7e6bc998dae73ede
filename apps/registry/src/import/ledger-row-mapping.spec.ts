import { makeIdNumber } from '@care/identity';
import type { LedgerRowValues } from '../ledger-excel';
import {
  accompanimentFromRelation,
  mapLedgerRow,
  matchTexts,
  MISSING_FACT_TEXT,
  type MappedRow,
} from './ledger-row-mapping';

function asChild(mapped: MappedRow): Extract<MappedRow, { kind: 'child' }> {
  if (!mapped.ok || mapped.kind !== 'child')
    throw new Error(`expected a child row, got ${JSON.stringify(mapped)}`);
  return mapped;
}
function asIncomplete(mapped: MappedRow): Extract<MappedRow, { kind: 'incomplete' }> {
  if (!mapped.ok || mapped.kind !== 'incomplete')
    throw new Error(`expected an incomplete row, got ${JSON.stringify(mapped)}`);
  return mapped;
}

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
    const mapped = asChild(mapLedgerRow(base, defaults));
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
    const a = asChild(mapLedgerRow(base, defaults));
    const b = asChild(mapLedgerRow({ ...base }, defaults));
    const c = asChild(mapLedgerRow({ ...base, guardianPhone: '13800000000' }, defaults));
    expect(a.fingerprintText).toBe(b.fingerprintText);
    expect(c.fingerprintText).not.toBe(a.fingerprintText);
    // The ledger columns have their own half: a new care activity changes it, not the child's.
    const d = asChild(
      mapLedgerRow({ ...base, careActivities: '2025-03-01 入户走访、2025-05-01 电话回访' }, defaults),
    );
    expect(d.fingerprintText).toBe(a.fingerprintText);
    expect(d.ledgerFingerprintText).not.toBe(a.ledgerFingerprintText);
    const none = asChild(mapLedgerRow({ ...base, difficultyTypes: [] }, defaults));
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
      { hukouAddress: '不详', idNumber: makeIdNumber('371721', '2015-08-26', 680) },
      '',
      'an unreadable hukou address falls back to the ID number: accepted',
    ],
  ];
  it.each(refusals)('%p -> column %p (%s)', (change, column) => {
    const mapped = mapLedgerRow({ ...base, ...change }, defaults);
    if (column === '') {
      expect(asChild(mapped).child.hukouDivisionCode).toBe('371721');
      return;
    }
    expect(mapped.ok).toBe(false);
    if (!mapped.ok) expect(mapped.errors.map((e) => e.column)).toContain(column);
  });

  it('keeps a move-in date no earlier than the birth date', () => {
    const infant = asChild(
      mapLedgerRow(
        { ...base, idNumber: makeIdNumber('371721', '2025-01-10', 680), birthDate: '2025-01-10' },
        defaults,
      ),
    );
    expect(infant.child.residence.movedInOn).toBe('2025-01-10');
  });

  it('carries the codec’s corrections (warnings) through, for the report', () => {
    const warning = { column: '年龄', reason: '与身份证号的出生日期不符' } as const;
    expect(asChild(mapLedgerRow(base, defaults, [warning])).warnings).toEqual([warning]);
    expect(asChild(mapLedgerRow(base, defaults)).warnings).toEqual([]);
  });
});

describe('mapLedgerRow: rows kept as incomplete (待补录)', () => {
  const noId: LedgerRowValues = {
    name: '李小明',
    sex: 'male',
    age: 8,
    missingIdNumber: true,
    hukouAddress: '山东省菏泽市曹县仵楼镇王园村南京路84号',
    residenceAddress: '菏泽市牡丹区牡丹街道春晖社区解放路58号',
    difficultyTypes: ['family-hardship'],
    schoolGrade: '牡丹区牡丹中心小学/二年级',
    guardianName: '李大勇',
    guardianRelation: '父亲',
    guardianPhone: '15529265472',
  };
  const defaults = { countyCode: '371702', residentSince: '2024-12-01' };

  // [change, missing facts, reason]
  const cases: [Partial<LedgerRowValues>, string[], string][] = [
    [{}, ['birthDate'], 'no ID number: the sheet has an age, not a birth date'],
    [{ sex: undefined }, ['birthDate', 'sex'], 'no ID number and no sex'],
    [{ age: undefined }, ['birthDate'], 'no age either: still only the birth date is missing'],
    [
      { hukouAddress: '不详' },
      ['birthDate', 'hukouDivision'],
      'no ID number and an unreadable hukou address',
    ],
    [
      { sex: undefined, hukouAddress: '外地' },
      ['birthDate', 'sex', 'hukouDivision'],
      'everything the rule needs is missing',
    ],
  ];
  it.each(cases)('%p -> missing %p (%s)', (change, missing) => {
    const mapped = asIncomplete(mapLedgerRow({ ...noId, ...change }, defaults));
    expect(mapped.missing).toEqual(missing);
  });

  it('keeps what the row says: divisions, guardian, types, ledger columns, age as a hint', () => {
    const mapped = asIncomplete(mapLedgerRow(noId, defaults));
    expect(mapped.draft).toMatchObject({
      name: '李小明',
      sex: 'male',
      sheetAge: 8,
      hukouDivisionCode: '371721122',
      residence: { divisionCode: '371702005', movedInOn: '2024-12-01' },
      accompaniedBy: 'one-parent',
      guardians: [{ name: '李大勇', relation: '父亲', phone: '15529265472' }],
      difficultyTypes: ['family-hardship'],
      askedForHelp: false,
      education: { school: '牡丹区牡丹中心小学', grade: '二年级' },
    });
    expect(mapped.ledger?.difficultyTypes).toEqual(['family-hardship']);
    expect(
      asIncomplete(mapLedgerRow({ ...noId, hukouAddress: '不详' }, defaults)).draft.hukouDivisionCode,
    ).toBeUndefined();
  });

  it('leaves blank ledger cells out of the stored ledger (an undefined property is stored as null)', () => {
    const blank = asIncomplete(mapLedgerRow({ ...noId, schoolGrade: undefined }, defaults));
    expect(blank.ledger).toEqual({ difficultyTypes: ['family-hardship'] });
    expect(Object.values(blank.ledger ?? {})).not.toContain(undefined);
    const filled = asIncomplete(
      mapLedgerRow(
        { ...noId, situation: '父母务工', careActivities: '2025-03-01 入户走访', notes: '无' },
        defaults,
      ),
    );
    expect(filled.ledger).toEqual({
      difficultyTypes: ['family-hardship'],
      schoolGrade: '牡丹区牡丹中心小学/二年级',
      situation: '父母务工',
      careActivities: '2025-03-01 入户走访',
      notes: '无',
    });
    expect(asIncomplete(mapLedgerRow({ ...noId, difficultyTypes: [] }, defaults)).ledger).toBeUndefined();
  });

  it('still refuses a residence outside the import’s county (storing it there would be wrong)', () => {
    const mapped = mapLedgerRow({ ...noId, residenceAddress: '菏泽市东明县城关街道某路1号' }, defaults);
    expect(mapped.ok).toBe(false);
    if (!mapped.ok) expect(mapped.errors.map((e) => e.column)).toEqual(['现居住地']);
  });

  it('gives the same match texts to the incomplete row and to its corrected row (ID number added)', () => {
    const incomplete = asIncomplete(mapLedgerRow(noId, defaults));
    const corrected = asChild(
      mapLedgerRow(
        {
          ...noId,
          idNumber: makeIdNumber('371721', '2016-09-01', 671),
          birthDate: '2016-09-01',
          missingIdNumber: false,
        },
        defaults,
      ),
    );
    expect(corrected.match).toEqual(incomplete.match);
    expect(incomplete.match).toEqual(matchTexts('371702', '李小明', noId.hukouAddress, '李大勇'));
  });

  it('changes the incomplete fingerprint when a fact changes, not otherwise', () => {
    const a = asIncomplete(mapLedgerRow(noId, defaults));
    expect(asIncomplete(mapLedgerRow({ ...noId }, defaults)).fingerprintText).toBe(a.fingerprintText);
    expect(asIncomplete(mapLedgerRow({ ...noId, age: 9 }, defaults)).fingerprintText).not.toBe(
      a.fingerprintText,
    );
    expect(asIncomplete(mapLedgerRow({ ...noId, notes: '已核实' }, defaults)).fingerprintText).not.toBe(
      a.fingerprintText,
    );
  });

  it('names every missing fact with its column and why it matters, in Chinese', () => {
    expect(MISSING_FACT_TEXT.birthDate.column).toBe('身份证号');
    expect(MISSING_FACT_TEXT.birthDate.reason).toMatch(/出生日期.*流动儿童/);
    expect(MISSING_FACT_TEXT.sex.column).toBe('性别');
    expect(MISSING_FACT_TEXT.hukouDivision.column).toBe('户籍地址');
    expect(MISSING_FACT_TEXT.hukouDivision.reason).toMatch(/跨县域/);
  });
});

describe('matchTexts', () => {
  it('ignores spaces and full-width forms, and leaves out a blank guardian', () => {
    expect(matchTexts('371702', ' 李 小明', '曹县 王园村', '李大勇')).toEqual(
      matchTexts('371702', '李小明', '曹县王园村', '李大勇'),
    );
    expect(matchTexts('371702', '李小明', '曹县', undefined).guardian).toBeUndefined();
    expect(matchTexts('371702', '李小明', '曹县', '').guardian).toBeUndefined();
    expect(matchTexts('371702', '李小明', '曹县', undefined).name).not.toBe(
      matchTexts('371703', '李小明', '曹县', undefined).name,
    );
  });
});
