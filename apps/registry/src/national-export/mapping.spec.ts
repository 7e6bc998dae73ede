import {
  DEFAULT_NATIONAL_MAPPING,
  ExportMappingError,
  parseExportMapping,
  personalSourcesOf,
} from './mapping';

const base = {
  version: 't',
  columns: [{ header: '性别', source: 'sex', codeTable: 'sex' }],
  codeTables: { sex: { male: '1', female: '2' } },
};

describe('export mapping', () => {
  it('the default mapping is valid and reads six personal fields', () => {
    expect(DEFAULT_NATIONAL_MAPPING.columns.length).toBeGreaterThan(10);
    expect(personalSourcesOf(DEFAULT_NATIONAL_MAPPING).sort()).toEqual([
      'guardianName',
      'guardianPhone',
      'hukouAddress',
      'idNumber',
      'name',
      'residenceAddress',
    ]);
  });

  it('fills defaults', () => {
    expect(parseExportMapping(base)).toMatchObject({ population: 'migrant', guardFormulas: true });
  });

  it.each<[string, unknown, RegExp]>([
    ['an unknown source', { ...base, columns: [{ header: 'x', source: 'salary' }] }, /columns.0.source/],
    [
      'an unknown code table',
      { ...base, columns: [{ header: 'x', source: 'sex', codeTable: 'gender' }] },
      /unknown code table "gender"/,
    ],
    [
      'a code table missing a value',
      { ...base, codeTables: { sex: { male: '1' } } },
      /code table lacks: female/,
    ],
    [
      'a code table on a free-text source',
      { ...base, columns: [{ header: 'x', source: 'school', codeTable: 'sex' }] },
      /not an enumerated source/,
    ],
    [
      'a difficulty table missing a type',
      {
        ...base,
        columns: [{ header: 'x', source: 'difficultyTypes', codeTable: 'd' }],
        codeTables: { d: { vagrancy: '4' } },
      },
      /lacks: family-hardship/,
    ],
    [
      'duplicate headers',
      {
        ...base,
        columns: [
          { header: 'x', source: 'name' },
          { header: 'x', source: 'idNumber' },
        ],
      },
      /duplicate column "x"/,
    ],
    [
      'a constant without a value',
      { ...base, columns: [{ header: 'x', source: 'constant' }] },
      /constant column needs a value/,
    ],
    [
      'a date format on a non-date',
      { ...base, columns: [{ header: 'x', source: 'name', dateFormat: 'YYYYMMDD' }] },
      /only for date sources/,
    ],
    [
      'an unknown option (typo)',
      { ...base, columns: [{ header: 'x', source: 'name', codetable: 'sex' }] },
      /columns.0/,
    ],
    ['no columns', { ...base, columns: [] }, /columns/],
  ])('refuses %s', (_why, json, message) => {
    expect(() => parseExportMapping(json)).toThrow(ExportMappingError);
    expect(() => parseExportMapping(json)).toThrow(message);
  });
});
