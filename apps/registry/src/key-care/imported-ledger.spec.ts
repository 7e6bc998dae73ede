import { ledgerFieldsFromImport, type ImportedLedgerFields } from './key-care.service';

// An imported row's ledger columns -> the entry's fields: blank cells however stored (absent by the
// codec, null in records stored before the fix, whitespace) are empty; a wrong shape is a clear
// invalid-argument naming `ledger.<field>`, never a TypeError (a 500).

const types = ['family-hardship'] as const;
const EMPTY = { situationSummary: '', careActivities: [], notes: '', school: '', grade: '' };

describe('ledgerFieldsFromImport', () => {
  it.each([
    [{ difficultyTypes: types }, 'blank cells left out'],
    [
      { difficultyTypes: types, schoolGrade: null, situation: null, careActivities: null, notes: null },
      'blank cells stored as null',
    ],
    [
      {
        difficultyTypes: types,
        schoolGrade: undefined,
        situation: undefined,
        careActivities: undefined,
        notes: undefined,
      },
      'blank cells as undefined properties',
    ],
    [
      { difficultyTypes: types, schoolGrade: ' ', situation: '\n', careActivities: '\t', notes: '\u3000' },
      'whitespace',
    ],
  ])('%j -> empty fields (%s)', (row, _reason) => {
    expect(ledgerFieldsFromImport(row as ImportedLedgerFields)).toEqual({
      difficultyTypes: [...types],
      ...EMPTY,
    });
  });

  it('reads filled cells the way the export writes them', () => {
    expect(
      ledgerFieldsFromImport({
        difficultyTypes: ['disability', 'family-hardship'],
        schoolGrade: '东城小学/三年级',
        situation: ' 父母务工 ',
        careActivities: '2025-03-01 入户走访\n定期电话联系',
        notes: '持续关注',
      }),
    ).toEqual({
      difficultyTypes: ['disability', 'family-hardship'],
      situationSummary: '父母务工',
      careActivities: [
        { on: '2025-03-01', description: '入户走访' },
        { on: null, description: '定期电话联系' },
      ],
      notes: '持续关注',
      school: '东城小学',
      grade: '三年级',
    });
  });

  it.each([
    [{ difficultyTypes: types, careActivities: 42 }, 'ledger.careActivities'],
    [{ difficultyTypes: types, situation: { text: 'x' } }, 'ledger.situation'],
    [{ difficultyTypes: types, notes: true }, 'ledger.notes'],
    [{ difficultyTypes: types, schoolGrade: ['东城小学'] }, 'ledger.schoolGrade'],
    [{ difficultyTypes: null }, 'ledger.difficultyTypes'],
    [{ difficultyTypes: 'family-hardship' }, 'ledger.difficultyTypes'],
    [{ difficultyTypes: ['family-hardship', '留守'] }, 'ledger.difficultyTypes'],
    [{}, 'ledger.difficultyTypes'],
  ])('refuses %j naming %s', (row, field) => {
    expect(() => ledgerFieldsFromImport(row as never)).toThrow(
      expect.objectContaining({
        code: 'invalid-argument',
        field,
        message: expect.stringMatching(/[\u4e00-\u9fff]/),
      }),
    );
  });
});
