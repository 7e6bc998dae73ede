import {
  ExchangeRecordError,
  GUARDIAN_RELATIONS,
  guardianRelationCode,
  isGuardianRelationCode,
  parseExchangeRecord,
  parseSharedRecord,
  type ExchangeRecordIssue,
} from './record';
import {
  CORE_FIELDS,
  SELECTABLE_FIELDS,
  selectFields,
  type FieldSelection,
  type SelectableField,
} from './fields';
import { aRecord } from './test-records';

function issuesOf(input: unknown, options: { today?: string } = {}): ExchangeRecordIssue[] {
  try {
    parseExchangeRecord(input, options);
  } catch (error) {
    if (error instanceof ExchangeRecordError) return [...error.issues];
    throw error;
  }
  return [];
}

const valid = (): Record<string, unknown> => JSON.parse(JSON.stringify(aRecord()));
const withField = (field: string, value: unknown) => ({ ...valid(), [field]: value });
const without = (field: string) => {
  const r = valid();
  delete r[field];
  return r;
};

describe('parseExchangeRecord', () => {
  it('accepts a valid record and returns it unchanged', () => {
    expect(parseExchangeRecord(valid())).toEqual(aRecord());
  });

  it('normalises text fields: full-width letters and U+3000 spaces (NFKC), trimmed', () => {
    const r = parseExchangeRecord({
      ...valid(),
      name: '\u3000王小明 ',
      guardianName: ' 王建国',
      hukouAddress: { divisionCode: '410102001', detail: '和平路１２号\u3000' },
    });
    expect([r.name, r.guardianName, r.hukouAddress.detail]).toEqual(['王小明', '王建国', '和平路12号']);
  });

  it.each<[string, string, unknown, string]>([
    // field, why, value, rule
    ['childRef', 'empty', '', '编号'],
    ['childRef', 'spaces', 'child 1', '编号'],
    ['childRef', 'over 64', 'a'.repeat(65), '编号'],
    ['childRef', 'a number', 17, '编号'],
    ['idNumberIndex', 'a plain ID number instead of its index', '410102201503070021', '盲索引'],
    ['idNumberIndex', 'unversioned hex', 'a'.repeat(64), '盲索引'],
    ['idNumberIndex', 'short hex', `bi1:${'a'.repeat(63)}`, '盲索引'],
    ['idNumberIndex', 'uppercase hex', `bi1:${'A'.repeat(64)}`, '盲索引'],
    ['name', 'empty', '', '必填'],
    ['name', 'only spaces', ' \u3000 ', '必填'],
    ['name', 'over 30 characters', '王'.repeat(31), '长度'],
    ['name', 'a control character', '王\u0007明', '字符'],
    ['name', 'not text', 42, '文本'],
    ['birthDate', 'not a date', '2015-02-30', '日期'],
    ['birthDate', 'another format', '2015/03/07', '日期'],
    ['birthDate', 'a timestamp', '2015-03-07T00:00:00Z', '日期'],
    ['sex', 'Chinese instead of the code', '男', '取值'],
    ['sex', 'missing', undefined, '必填'],
    ['sex', 'a GB/T 2261.1 digit instead of the code', '9', '取值'],
    ['guardianName', 'over 30 characters', '王'.repeat(31), '长度'],
    ['guardianRelation', 'text instead of a code', '父亲', '代码'],
    ['guardianRelation', 'a code no guardian holds (本人)', '01', '代码'],
    ['guardianRelation', 'empty while a guardian is named', '', '成对'],
    ['hukouAddress', 'a string', '河南省郑州市', '对象'],
    ['hukouAddress', 'null', null, '对象'],
    ['residenceDivisionCode', 'eight digits', '37170200', '区划代码'],
    ['residenceDivisionCode', 'a code no dataset knows', '379999', '区划代码'],
    ['residenceDivisionCode', 'a number', 371702001, '区划代码'],
    ['status', 'another word', 'left', '取值'],
    ['keyCare', 'a string', 'true', '布尔'],
    ['keyCare', 'a number', 1, '布尔'],
    ['updatedAt', 'no offset', '2025-05-30T09:00:00', '时间'],
    ['updatedAt', 'a date only', '2025-05-30', '时间'],
    ['updatedAt', 'an impossible day', '2025-02-30T09:00:00+08:00', '时间'],
  ])('refuses %s (%s), naming the field and the rule', (field, _why, value, rule) => {
    const issues = issuesOf(value === undefined ? without(field) : withField(field, value));
    expect(issues).toEqual([{ field, rule, message: expect.stringMatching(new RegExp(`^${field}：`)) }]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a bad division code', { divisionCode: '41010', detail: '' }, 'hukouAddress.divisionCode'],
    [
      'a detail over 200 characters',
      { divisionCode: '410102', detail: '路'.repeat(201) },
      'hukouAddress.detail',
    ],
    ['an extra field', { divisionCode: '410102', detail: '', phone: '13800000000' }, 'hukouAddress.phone'],
  ])('refuses a hukou address with %s', (_why, hukouAddress, field) => {
    expect(issuesOf(withField('hukouAddress', hukouAddress)).map((i) => i.field)).toEqual([field]);
  });

  it('accepts a child without a known guardian (both name and relation empty)', () => {
    const r = parseExchangeRecord({ ...valid(), guardianName: '', guardianRelation: '' });
    expect([r.guardianName, r.guardianRelation]).toEqual(['', '']);
  });

  it('refuses a relation without a guardian name', () => {
    expect(issuesOf({ ...valid(), guardianName: '' }).map((i) => i.rule)).toEqual(['成对']);
  });

  it('accepts a 6-digit county code and a historical one (定陶县 371727)', () => {
    expect(parseExchangeRecord({ ...valid(), residenceDivisionCode: '371727' }).residenceDivisionCode).toBe(
      '371727',
    );
  });

  it('refuses a birth date after today when today is given', () => {
    expect(issuesOf(valid(), { today: '2015-03-06' }).map((i) => i.field)).toEqual(['birthDate']);
    expect(issuesOf(valid(), { today: '2015-03-07' })).toEqual([]);
  });

  it('refuses fields outside the agreed set (purpose limitation) instead of dropping them', () => {
    const issues = issuesOf({ ...valid(), idNumber: '410102201503070021', phone: '13800000000' });
    expect(issues.map((i) => [i.field, i.rule])).toEqual([
      ['idNumber', '约定字段'],
      ['phone', '约定字段'],
    ]);
  });

  it('reports every broken rule at once, and never echoes a value', () => {
    const input = { ...valid(), name: '', sex: 'x', keyCare: 'yes', idNumberIndex: '410102201503070021' };
    const error = (() => {
      try {
        parseExchangeRecord(input);
      } catch (e) {
        return e as ExchangeRecordError;
      }
      throw new Error('accepted');
    })();
    expect(error.issues.map((i) => i.field)).toEqual(['idNumberIndex', 'name', 'sex', 'keyCare']);
    expect(error.message).toMatch(/^交换记录不合格：/);
    expect(error.message).not.toContain('410102201503070021');
  });

  it.each([null, 'a string', [aRecord()], 7])('refuses a non-object (%p)', (input) => {
    expect(issuesOf(input)).toEqual([{ field: '(record)', rule: '对象', message: '记录必须是对象' }]);
  });
});

describe('parseSharedRecord: a record under the pair’s agreement', () => {
  /** Guardian name and key care withheld: what a pair agreeing on the child and the address shares. */
  const narrow: FieldSelection = new Set<SelectableField>(
    SELECTABLE_FIELDS.filter((f) => f !== 'guardianName' && f !== 'keyCare'),
  );
  const sharedInput = (fields: FieldSelection): Record<string, unknown> =>
    JSON.parse(JSON.stringify(selectFields(aRecord(), fields)));
  const issuesUnder = (fields: FieldSelection, input: unknown): ExchangeRecordIssue[] => {
    try {
      parseSharedRecord(input, { fields });
    } catch (error) {
      if (error instanceof ExchangeRecordError) return [...error.issues];
      throw error;
    }
    return [];
  };

  it('accepts a record carrying exactly the agreed fields, and returns no withheld member', () => {
    const r = parseSharedRecord(sharedInput(narrow), { fields: narrow });
    expect(r).toEqual(selectFields(aRecord(), narrow));
    expect('guardianName' in r || 'keyCare' in r).toBe(false);
  });

  it('refuses the full record: each withheld field named, not silently dropped', () => {
    expect(issuesUnder(narrow, valid())).toEqual([
      {
        field: 'guardianName',
        rule: '约定字段',
        message: 'guardianName：不在本城市对约定的交换字段之内，不得发送',
      },
      { field: 'keyCare', rule: '约定字段', message: 'keyCare：不在本城市对约定的交换字段之内，不得发送' },
    ]);
  });

  it.each(SELECTABLE_FIELDS.map((f) => [f]))(
    'all but %s agreed: refused when sent, accepted without it',
    (field) => {
      const fields = new Set(SELECTABLE_FIELDS.filter((f) => f !== field));
      expect(issuesUnder(fields, valid()).map((i) => [i.field, i.rule])).toEqual([[field, '约定字段']]);
      expect(issuesUnder(fields, without(field))).toEqual([]);
    },
  );

  it.each(SELECTABLE_FIELDS.map((f) => [f]))(
    'only %s agreed: required, and nothing else selectable accepted',
    (field) => {
      const fields = new Set<SelectableField>([field]);
      expect(issuesUnder(fields, sharedInput(fields))).toEqual([]);
      const { [field]: _dropped, ...rest } = sharedInput(fields);
      expect(issuesUnder(fields, rest)).toEqual([
        { field, rule: '必填', message: `${field}：约定交换的字段，不得缺少` },
      ]);
      expect(issuesUnder(fields, valid()).map((i) => i.field)).toEqual(
        SELECTABLE_FIELDS.filter((f) => f !== field),
      );
    },
  );

  it.each(CORE_FIELDS.map((f) => [f]))(
    'refuses a record without the core field %s, whatever was agreed',
    (field) => {
      for (const fields of [new Set<SelectableField>(), narrow])
        expect(issuesUnder(fields, { ...sharedInput(fields), [field]: undefined })).toEqual([
          { field, rule: '必填', message: `${field}：约定交换的字段，不得缺少` },
        ]);
    },
  );

  it('accepts the core fields alone under an empty agreement', () => {
    expect(Object.keys(parseSharedRecord(sharedInput(new Set()), { fields: new Set() })).sort()).toEqual(
      [...CORE_FIELDS].sort(),
    );
  });

  it('checks the relation alone when the guardian name is withheld (no pairing rule to apply)', () => {
    const relationOnly = new Set<SelectableField>(['guardianRelation']);
    expect(issuesUnder(relationOnly, sharedInput(relationOnly))).toEqual([]);
    expect(issuesUnder(relationOnly, { ...sharedInput(relationOnly), guardianRelation: '' })).toEqual([]);
    expect(
      issuesUnder(relationOnly, { ...sharedInput(relationOnly), guardianRelation: '父亲' }).map(
        (i) => i.rule,
      ),
    ).toEqual(['代码']);
  });

  it('still checks every agreed value and still refuses what no agreement can hold', () => {
    expect(
      issuesUnder(narrow, { ...sharedInput(narrow), sex: 'x', phone: '13800000000' }).map((i) => [
        i.field,
        i.rule,
      ]),
    ).toEqual([
      ['phone', '约定字段'],
      ['sex', '取值'],
    ]);
  });
});

describe('guardian relations', () => {
  it.each([
    ['父亲', '51'],
    ['母亲', '52'],
    ['爷爷', '61'],
    ['祖母', '62'],
    ['外公', '63'],
    ['姥姥', '64'],
    [' 外祖母 ', '64'],
    ['非亲属', '99'],
  ])('maps %p to %p', (text, code) => {
    expect(guardianRelationCode(text)).toBe(code);
  });

  it('gives no code for a text that names none', () => {
    expect(guardianRelationCode('邻居阿姨')).toBeUndefined();
  });

  it('every code is two digits and has a label', () => {
    for (const [code, label] of Object.entries(GUARDIAN_RELATIONS)) {
      expect(code).toMatch(/^\d{2}$/);
      expect(label.length).toBeGreaterThan(0);
      expect(isGuardianRelationCode(code)).toBe(true);
    }
    expect(isGuardianRelationCode('toString')).toBe(false);
  });
});
