import { makeIdNumber } from '@care/identity';
import {
  agreesWithRecord,
  completionLedger,
  completionToNewChild,
  fromStoredIncomplete,
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

describe('fromStoredIncomplete (a stored record as the code reads it: absent, never null)', () => {
  const stored = {
    _id: 'r1',
    countyCode: '371702',
    townshipCode: '371702005',
    guardians: [{ name: 's:g', relation: '父亲', phone: 's:p' }],
    sex: 'male' as const,
    sheetAge: 8,
    hukouDivisionCode: '371721122',
    movedOutOn: '2025-05-01',
    education: { school: '东城小学', grade: '三年级' },
    ledger: { difficultyTypes: ['family-hardship' as const], careActivities: '2025-03-01 上门' },
  };
  const withNull = (patch: Record<string, unknown>) => ({ ...stored, ...patch }) as never;

  it('leaves a clean record as it is', () => {
    expect(fromStoredIncomplete(stored)).toEqual(stored);
  });
  it.each(['sex', 'sheetAge', 'hukouDivisionCode', 'movedOutOn', 'ledger'])(
    'drops a null %s (so `=== undefined` checks see it as unknown)',
    (key) => {
      const read = fromStoredIncomplete(withNull({ [key]: null })) as Record<string, unknown>;
      expect(key in read).toBe(false);
    },
  );
  it('reads a null township, guardian relation or phone, and school or grade as blank', () => {
    expect(
      fromStoredIncomplete(
        withNull({
          townshipCode: null,
          guardians: [{ name: 's:g', relation: null, phone: null }],
          education: { school: null },
        }),
      ),
    ).toMatchObject({
      townshipCode: '',
      guardians: [{ name: 's:g', relation: '', phone: '' }],
      education: { school: '', grade: '' },
    });
    expect(fromStoredIncomplete(withNull({ guardians: null, education: null }))).toMatchObject({
      guardians: [],
      education: { school: '', grade: '' },
    });
  });
  it('keeps a projection a projection (the import reads the index with a few fields)', () => {
    const entry = { _id: 'r1', sex: null, sheetAge: null, version: 2 } as never;
    expect(fromStoredIncomplete(entry)).toEqual({ _id: 'r1', version: 2 });
  });
  it('a null sheetAge read through it no longer makes every corrected row disagree', () => {
    const read = fromStoredIncomplete({ sex: null, sheetAge: null, sheetAgeOn: '2025-06-01' } as never);
    expect(agreesWithRecord(read, { sex: 'female', birthDate: '2010-01-01' })).toBe(true);
  });
});

describe('completionLedger (the ledger columns a completion opens the entry with, checked first)', () => {
  const today = '2025-06-01';
  const types = ['family-hardship' as const];
  it('no ledger columns: no entry', () => {
    expect(completionLedger({}, today)).toBeUndefined();
  });
  it.each([
    [{ difficultyTypes: types }, 'blank cells left out (the import now)'],
    [
      { difficultyTypes: types, schoolGrade: null, situation: null, careActivities: null, notes: null },
      'blank cells stored as null (records stored before the fix)',
    ],
    [{ difficultyTypes: types, careActivities: '  \n ', situation: ' ', notes: '' }, 'whitespace'],
    [
      { difficultyTypes: types, careActivities: '2025-03-01 入户走访\n无', notes: '持续关注' },
      'filled cells',
    ],
  ])('accepts %j (%s) and hands the columns on as stored', (ledger, _reason) => {
    expect(completionLedger({ ledger } as never, today)).toEqual(ledger);
  });
  it.each([
    [{ difficultyTypes: types, careActivities: 42 }, 'ledger.careActivities', '文本或空白', /关爱服务活动/],
    [{ difficultyTypes: types, situation: ['x'] }, 'ledger.situation', '文本或空白', /基本情况概述/],
    [{ difficultyTypes: types, notes: {} }, 'ledger.notes', '文本或空白', /备注/],
    [{ difficultyTypes: types, schoolGrade: 3 }, 'ledger.schoolGrade', '文本或空白', /就读学校\/年级/],
    [{ difficultyTypes: null }, 'ledger.difficultyTypes', '困境类型列表', /困境类型/],
    [{ difficultyTypes: ['留守'] }, 'ledger.difficultyTypes', '困境类型列表', /困境类型/],
    [{ difficultyTypes: [] }, 'ledger.difficultyTypes', '必填', /困境类型必填/],
    [
      { difficultyTypes: types, careActivities: '2025-07-01 入户走访' },
      'ledger.careActivities[0].on',
      '不晚于今天',
      /关爱服务活动第1条.*不能晚于今天/,
    ],
    [
      { difficultyTypes: types, situation: '很'.repeat(2001) },
      'ledger.situationSummary',
      '不超过2000字',
      /基本情况概述不能超过2000字/,
    ],
  ])('refuses %j: %s (%s), saying to correct and re-import', (ledger, field, rule, message) => {
    let thrown: unknown;
    try {
      completionLedger({ ledger } as never, today);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'invalid-argument', field, rule });
    expect((thrown as Error).message).toMatch(message);
    expect((thrown as Error).message).toMatch(/重新导入/);
  });
});
