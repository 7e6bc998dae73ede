import { makeIdNumber } from '@care/identity';
import {
  agreesWithRecord,
  completionToNewChild,
  findIncompleteMatch,
  missingFactsText,
  type MatchKeys,
} from './incomplete-rules';
import type { IncompleteChildRecord, IncompleteIndexEntry } from './incomplete.types';

const keys: MatchKeys = { name: 'n1', hukou: 'h1', guardian: 'g1' };
const entry = (id: string, over: Partial<IncompleteIndexEntry> = {}): IncompleteIndexEntry => ({
  _id: id,
  matchKeys: keys,
  importFingerprint: 'f',
  sex: 'male',
  sheetAge: 8,
  sheetAgeOn: '2025-06-01',
  version: 1,
  createdAt: new Date('2025-06-01T00:00:00Z'),
  ...over,
});

describe('agreesWithRecord (a completing row must not contradict the incomplete record)', () => {
  // [record, facts, agrees, reason]
  const cases: [
    Partial<IncompleteIndexEntry>,
    { sex?: 'male' | 'female'; birthDate?: string },
    boolean,
    string,
  ][] = [
    [{}, { sex: 'male', birthDate: '2017-01-01' }, true, '8 on the sheet day, same sex'],
    [{}, { sex: 'female', birthDate: '2017-01-01' }, false, 'another sex'],
    [{}, { sex: 'male', birthDate: '2016-01-01' }, true, '9: one year off is tolerated'],
    [{}, { sex: 'male', birthDate: '2018-01-01' }, true, '7: one year off is tolerated'],
    [{}, { sex: 'male', birthDate: '2015-06-01' }, false, '10: two years off'],
    [{}, { sex: 'male', birthDate: '2019-06-02' }, false, '5: three years off'],
    [{ sex: undefined }, { sex: 'female', birthDate: '2017-01-01' }, true, 'the record has no sex'],
    [{ sheetAge: undefined }, { sex: 'male', birthDate: '2010-01-01' }, true, 'the record has no age'],
    [{}, {}, true, 'a row without an ID number gives no facts to contradict'],
  ];
  it.each(cases)('%p with %p -> %p (%s)', (over, facts, expected) => {
    expect(agreesWithRecord(entry('a', over), facts)).toBe(expected);
  });
});

describe('findIncompleteMatch', () => {
  const facts = { sex: 'male' as const, birthDate: '2017-01-01' };
  it('finds the one record with the same name and household address', () => {
    expect(findIncompleteMatch([entry('a')], { name: 'n1', hukou: 'h1' }, facts)).toEqual({
      kind: 'one',
      entry: entry('a'),
    });
  });
  it('finds it by the guardian when the household address changed', () => {
    expect(
      findIncompleteMatch([entry('a')], { name: 'n1', hukou: 'other', guardian: 'g1' }, facts).kind,
    ).toBe('one');
  });
  it('needs more than the name', () => {
    expect(findIncompleteMatch([entry('a')], { name: 'n1', hukou: 'other' }, facts).kind).toBe('none');
    expect(
      findIncompleteMatch([entry('a')], { name: 'n1', hukou: 'other', guardian: 'g2' }, facts).kind,
    ).toBe('none');
  });
  it('never matches another name', () => {
    expect(findIncompleteMatch([entry('a')], { name: 'n2', hukou: 'h1', guardian: 'g1' }, facts).kind).toBe(
      'none',
    );
  });
  it('skips a record whose sex or age the row contradicts', () => {
    expect(findIncompleteMatch([entry('a')], keys, { sex: 'female', birthDate: '2017-01-01' }).kind).toBe(
      'none',
    );
    expect(findIncompleteMatch([entry('a')], keys, { sex: 'male', birthDate: '2012-01-01' }).kind).toBe(
      'none',
    );
  });
  it('skips records already claimed by an earlier row of the file', () => {
    expect(findIncompleteMatch([entry('a')], keys, facts, new Set(['a'])).kind).toBe('none');
    expect(findIncompleteMatch([entry('a'), entry('b')], keys, facts, new Set(['a']))).toEqual({
      kind: 'one',
      entry: entry('b'),
    });
  });
  it('is ambiguous with two candidates, unless only one shares both the address and the guardian', () => {
    expect(findIncompleteMatch([entry('a'), entry('b')], keys, facts).kind).toBe('ambiguous');
    const onlyAddress = entry('b', { matchKeys: { name: 'n1', hukou: 'h1', guardian: 'g9' } });
    expect(findIncompleteMatch([entry('a'), onlyAddress], keys, facts)).toEqual({
      kind: 'one',
      entry: entry('a'),
    });
    const onlyGuardian = entry('b', { matchKeys: { name: 'n1', hukou: 'h9', guardian: 'g1' } });
    expect(findIncompleteMatch([onlyAddress, onlyGuardian], keys, facts).kind).toBe('ambiguous');
  });
  it('finds nothing in an empty worklist', () => {
    expect(findIncompleteMatch([], keys, facts)).toEqual({ kind: 'none' });
  });
});

describe('missingFactsText', () => {
  it('names each missing fact once, in a stable order, with its column', () => {
    expect(missingFactsText(['hukouDivision', 'birthDate']).map((m) => m.column)).toEqual([
      '身份证号',
      '户籍地址',
    ]);
    expect(missingFactsText(['sex']).map((m) => m.column)).toEqual(['性别']);
    expect(missingFactsText([])).toEqual([]);
    for (const m of missingFactsText(['birthDate', 'sex', 'hukouDivision']))
      expect(m.reason).toMatch(/待补录/);
  });
});

describe('completionToNewChild (补录 through the API)', () => {
  const record: IncompleteChildRecord = {
    _id: '01JINCOMPLETE0000000000000',
    countyCode: '371702',
    townshipCode: '371702005',
    personal: { name: 's:n', hukouAddress: 's:h', residenceAddress: 's:r' },
    guardians: [],
    sex: 'male',
    sheetAge: 8,
    sheetAgeOn: '2025-06-01',
    hukouDivisionCode: '371721122',
    residenceDivisionCode: '371702005',
    movedInOn: '2024-12-01',
    accompaniedBy: 'one-parent',
    difficultyTypes: ['family-hardship'],
    askedForHelp: false,
    education: { school: '牡丹区牡丹中心小学', grade: '二年级' },
    missing: ['birthDate'],
    matchKeys: keys,
    importFingerprint: 'f',
    source: { jobId: 'j', rowNumber: 3 },
    version: 1,
    createdAt: new Date(),
    updatedAt: new Date(),
  };
  const opened = {
    name: '李小明',
    hukouAddress: '曹县仵楼镇王园村',
    residenceAddress: '牡丹街道解放路58号',
    guardians: [{ name: '李大勇', relation: '父亲', phone: '15529265472' }],
  };
  const id = makeIdNumber('371721', '2017-01-01', 671);

  it('with an ID number: the record’s facts, the ID number, the sheet’s sex to check against it', () => {
    expect(completionToNewChild(record, opened, { idNumber: id })).toMatchObject({
      name: '李小明',
      idNumber: id,
      sex: 'male',
      hukouDivisionCode: '371721122',
      residence: { divisionCode: '371702005', movedInOn: '2024-12-01', address: '牡丹街道解放路58号' },
      guardians: opened.guardians,
      guardianPhonesValidated: true,
      difficultyTypes: ['family-hardship'],
    });
  });
  it('with a birth date only (the child has no ID number): registered without one', () => {
    const child = completionToNewChild(record, opened, { birthDate: '2017-01-01' });
    expect(child.idNumber).toBeUndefined();
    expect(child).toMatchObject({ birthDate: '2017-01-01', sex: 'male' });
  });
  it('keeps the move-in date no earlier than the birth date', () => {
    expect(completionToNewChild(record, opened, { birthDate: '2025-01-10' }).residence.movedInOn).toBe(
      '2025-01-10',
    );
  });
  it('refuses when the birth date is still missing, naming the field', () => {
    expect(() => completionToNewChild(record, opened, {})).toThrow(
      /身份证号（idNumber）或出生日期（birthDate）/,
    );
    expect(() => completionToNewChild(record, opened, { idNumber: '  ' })).toThrow(/至少填写一项/);
  });
  it('refuses when the sex is missing and no ID number gives it', () => {
    const noSex = {
      ...record,
      sex: undefined,
      missing: ['birthDate', 'sex'] as IncompleteChildRecord['missing'],
    };
    expect(() => completionToNewChild(noSex, opened, { birthDate: '2017-01-01' })).toThrow(/性别（sex）/);
    expect(completionToNewChild(noSex, opened, { birthDate: '2017-01-01', sex: 'female' }).sex).toBe(
      'female',
    );
    expect(completionToNewChild(noSex, opened, { idNumber: id }).sex).toBeUndefined();
  });
  it('needs a household-registration county: given, on the record, or from the ID number', () => {
    const noHukou = {
      ...record,
      hukouDivisionCode: undefined,
      missing: ['birthDate', 'hukouDivision'] as IncompleteChildRecord['missing'],
    };
    expect(() => completionToNewChild(noHukou, opened, { birthDate: '2017-01-01' })).toThrow(
      /hukouDivisionCode/,
    );
    expect(() =>
      completionToNewChild(noHukou, opened, { birthDate: '2017-01-01', hukouDivisionCode: '999999' }),
    ).toThrow(/hukouDivisionCode/);
    expect(
      completionToNewChild(noHukou, opened, { birthDate: '2017-01-01', hukouDivisionCode: '411402' })
        .hukouDivisionCode,
    ).toBe('411402');
    expect(completionToNewChild(noHukou, opened, { idNumber: id }).hukouDivisionCode).toBe('371721');
  });
});
