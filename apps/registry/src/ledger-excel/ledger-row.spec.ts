import { makeIdNumber } from '@care/identity';
import { validateLedgerRow, type LedgerRawRow, type LedgerRowResult } from './ledger-row';

const asOf = '2025-03-01';
const boyId = makeIdNumber('371702', '2015-05-01', 123); // odd sequence: male, 9 years old on asOf
const girlId = makeIdNumber('371727', '2012-03-01', 244); // historical 定陶县 code, female, 13 today

const good: LedgerRawRow = {
  serialNumber: '1',
  name: '张小明',
  sex: '男',
  age: '9',
  idNumber: boyId,
  hukouAddress: '河南省商丘市睢阳区古城街道南关村8号',
  residenceAddress: '山东省菏泽市牡丹区西城街道和平路12号',
  difficultyTypes: '家庭生活困难、自身残疾',
  schoolGrade: '菏泽市第一实验小学/三年级',
  guardianName: '张大山',
  guardianRelation: '父子',
  guardianPhone: '138-1234-5678',
  situation: '父母在菏泽务工',
  careActivities: '2025年1月走访',
  notes: '',
};

function run(raw: LedgerRawRow, seen = new Map<string, number>(), rowNumber = 3): LedgerRowResult {
  return validateLedgerRow(rowNumber, raw, { asOf }, seen);
}

function errorsOf(result: LedgerRowResult): string[] {
  return 'errors' in result ? result.errors.map((e) => `${e.column}|${e.reason}`) : [];
}

describe('validateLedgerRow: valid rows', () => {
  it('cleans and types a complete row', () => {
    const result = run(good);
    expect('values' in result && result.values).toEqual({
      serialNumber: '1',
      name: '张小明',
      sex: 'male',
      age: 9,
      idNumber: boyId,
      birthDate: '2015-05-01',
      missingIdNumber: false,
      hukouAddress: '河南省商丘市睢阳区古城街道南关村8号',
      residenceAddress: '山东省菏泽市牡丹区西城街道和平路12号',
      difficultyTypes: ['family-hardship', 'disability'],
      schoolGrade: '菏泽市第一实验小学/三年级',
      guardianName: '张大山',
      guardianRelation: '父子',
      guardianPhone: '13812345678',
      situation: '父母在菏泽务工',
      careActivities: '2025年1月走访',
    });
  });

  it.each<[string, LedgerRawRow, Record<string, unknown>]>([
    [
      'full-width ID with a lowercase x and spaces',
      { ...good, idNumber: ` ${boyId.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)))} ` },
      { idNumber: boyId },
    ],
    [
      'spaces inside the name and address',
      { ...good, name: '张 小明', hukouAddress: ' 河南省 商丘市 ' },
      { name: '张小明', hukouAddress: '河南省商丘市' },
    ],
    ['blank sex and age are taken from the ID', { ...good, sex: '', age: '' }, { sex: 'male', age: 9 }],
    ['an age one year off is stored from the ID (with a warning)', { ...good, age: '8' }, { age: 9 }],
    ['an age two years off is stored from the ID (with a warning)', { ...good, age: '11' }, { age: 9 }],
    [
      'a historical county code (定陶县 371727) is accepted',
      { ...good, idNumber: girlId, sex: '女', age: '13' },
      { idNumber: girlId, birthDate: '2012-03-01' },
    ],
    [
      'no ID number is recorded and flagged',
      { ...good, idNumber: '' },
      { missingIdNumber: true, sex: 'male', age: 9 },
    ],
    [
      'no difficulty type (a registry row, not a key-care one)',
      { ...good, difficultyTypes: '' },
      { difficultyTypes: [] },
    ],
    [
      '迁出时间 as an Excel date cell',
      { ...good, movedOutOn: new Date(Date.UTC(2025, 0, 15)) },
      { movedOutOn: '2025-01-15' },
    ],
    [
      'a landline guardian phone',
      { ...good, guardianPhone: '0530 5551234' },
      { guardianPhone: '0530-5551234' },
    ],
  ])('%s', (_why, raw, expected) => {
    const result = run(raw);
    expect(errorsOf(result)).toEqual([]);
    expect('values' in result && result.values).toMatchObject(expected);
  });
});

describe('validateLedgerRow: rows without an ID number (kept as incomplete by the import)', () => {
  it.each<[string, LedgerRawRow, Record<string, unknown>]>([
    ['sex and age as written', { ...good, idNumber: '' }, { sex: 'male', age: 9, missingIdNumber: true }],
    ['no sex: valid, sex unknown', { ...good, idNumber: '', sex: '' }, { age: 9, missingIdNumber: true }],
    [
      'no age: valid, age unknown',
      { ...good, idNumber: '', age: '' },
      { sex: 'male', missingIdNumber: true },
    ],
  ])('%s', (_why, raw, expected) => {
    const result = run(raw);
    expect(errorsOf(result)).toEqual([]);
    if (!('values' in result)) throw new Error('expected a valid row');
    expect(result.values).toMatchObject(expected);
    expect(result.values.birthDate).toBeUndefined();
    expect(result.values.idNumber).toBeUndefined();
    if (raw.sex === '') expect(result.values.sex).toBeUndefined();
    if (raw.age === '') expect(result.values.age).toBeUndefined();
  });

  it('still refuses a sex that is not 男/女 without an ID number', () => {
    expect(errorsOf(run({ ...good, idNumber: '', sex: 'X' }))).toEqual(['性别|应填写“男”或“女”']);
  });
});

function warningsOf(result: LedgerRowResult): string[] {
  return 'values' in result ? result.warnings.map((w) => `${w.column}|${w.reason}`) : ['(refused)'];
}

describe('validateLedgerRow: corrections (warnings: the row is stored, the report says what changed)', () => {
  const clean: LedgerRawRow = { ...good, guardianPhone: '13812345678' };
  it('a clean row has no warning', () => {
    expect(warningsOf(run(clean))).toEqual([]);
  });
  it.each<[string, LedgerRawRow, string[], Record<string, unknown>]>([
    [
      '年龄 one year off the ID',
      { ...clean, age: '8' },
      ['年龄|与身份证号的出生日期不符（按出生日期为9周岁），已按身份证号计算的年龄保存'],
      { age: 9 },
    ],
    [
      '年龄 five years off the ID',
      { ...clean, age: '14岁' },
      ['年龄|与身份证号的出生日期不符（按出生日期为9周岁），已按身份证号计算的年龄保存'],
      { age: 9 },
    ],
    ['年龄 agreeing (full-width, with 周岁)', { ...clean, age: '９周岁' }, [], { age: 9 }],
    ['年龄 blank: from the ID, no warning', { ...clean, age: '' }, [], { age: 9 }],
    [
      'a name with stray spaces',
      { ...clean, name: ' 张 小明 ' },
      ['儿童姓名|含多余的空格，已去除后保存'],
      { name: '张小明' },
    ],
    [
      'a name with an ideographic space',
      { ...clean, name: '张　小明' },
      ['儿童姓名|含多余的空格，已去除后保存'],
      { name: '张小明' },
    ],
    [
      'a name with an invisible character',
      { ...clean, name: '张小明​' },
      ['儿童姓名|含多余的空格，已去除后保存'],
      { name: '张小明' },
    ],
    [
      'a guardian name with spaces',
      { ...clean, guardianName: '张 大山' },
      ['监护人姓名|含多余的空格，已去除后保存'],
      { guardianName: '张大山' },
    ],
    [
      'a mobile with +86 and spaces',
      { ...clean, guardianPhone: '+86 138 1234 5678' },
      ['监护人联系方式|已去除国际区号（+86）和空格，按11位手机号保存'],
      { guardianPhone: '13812345678' },
    ],
    [
      'a mobile with +86',
      { ...clean, guardianPhone: '+8613812345678' },
      ['监护人联系方式|已去除国际区号（+86），按11位手机号保存'],
      { guardianPhone: '13812345678' },
    ],
    [
      'a mobile with 0086',
      { ...clean, guardianPhone: '008613812345678' },
      ['监护人联系方式|已去除国际区号（+86），按11位手机号保存'],
      { guardianPhone: '13812345678' },
    ],
    [
      'a mobile with spaces',
      { ...clean, guardianPhone: '138 1234 5678' },
      ['监护人联系方式|已去除空格，按11位手机号保存'],
      { guardianPhone: '13812345678' },
    ],
    [
      'a mobile with dashes',
      { ...clean, guardianPhone: '138-1234-5678' },
      ['监护人联系方式|已整理格式，按11位手机号保存'],
      { guardianPhone: '13812345678' },
    ],
    [
      'a landline with a space',
      { ...clean, guardianPhone: '0530 5551234' },
      ['监护人联系方式|已去除空格，按“区号-号码”保存'],
      { guardianPhone: '0530-5551234' },
    ],
    [
      'a landline as stored',
      { ...clean, guardianPhone: '0530-5551234' },
      [],
      { guardianPhone: '0530-5551234' },
    ],
    [
      'a mobile with surrounding spaces only',
      { ...clean, guardianPhone: ' 13812345678 ' },
      [],
      { guardianPhone: '13812345678' },
    ],
    [
      'several corrections at once, each named',
      { ...clean, name: '张小明 ', age: '10', guardianPhone: '+86 13812345678' },
      [
        '儿童姓名|含多余的空格，已去除后保存',
        '年龄|与身份证号的出生日期不符（按出生日期为9周岁），已按身份证号计算的年龄保存',
        '监护人联系方式|已去除国际区号（+86）和空格，按11位手机号保存',
      ],
      {},
    ],
  ])('%s', (_why, raw, expected, values) => {
    const result = run(raw);
    expect(errorsOf(result)).toEqual([]);
    expect(warningsOf(result)).toEqual(expected);
    expect('values' in result && result.values).toMatchObject(values);
  });

  it('never repeats a value in a warning', () => {
    const result = run({ ...clean, name: ' 张小明', guardianPhone: '+86 138 1234 5678' });
    for (const w of warningsOf(result)) {
      expect(w).not.toContain('张小明');
      expect(w).not.toMatch(/1381234/);
    }
  });

  it('a refused row carries no warnings (nothing of it is stored)', () => {
    const result = run({ ...good, name: '', age: '8' });
    expect('warnings' in result).toBe(false);
  });
});

describe('validateLedgerRow: invalid rows (column | reason)', () => {
  it.each<[string, LedgerRawRow, RegExp]>([
    ['missing name', { ...good, name: ' ' }, /^儿童姓名\|未填写$/],
    ['digits in the name', { ...good, name: '张3' }, /^儿童姓名\|不能包含数字$/],
    [
      'bad check character',
      { ...good, idNumber: boyId.slice(0, 17) + (boyId[17] === '1' ? '2' : '1') },
      /^身份证号\|最后一位校验码错误/,
    ],
    ['17 characters', { ...good, idNumber: boyId.slice(0, 17) }, /^身份证号\|长度应为18位/],
    [
      'an impossible birth date',
      { ...good, idNumber: makeIdNumber('371702', '2015-05-01', 123).replace('20150501', '20150231') },
      /^身份证号\|第7至14位出生日期不是有效日期/,
    ],
    [
      'an unknown address code',
      { ...good, idNumber: makeIdNumber('999999', '2015-05-01', 123) },
      /^身份证号\|前6位地址码/,
    ],
    ['a 15-digit legacy number', { ...good, idNumber: '371702150501123' }, /^身份证号\|此处不接受15位旧号码/],
    [
      'an adult',
      { ...good, idNumber: makeIdNumber('371702', '2000-01-01', 123), age: '' },
      /^身份证号\|出生日期显示已满18周岁/,
    ],
    [
      'an ID stored as an Excel number',
      { ...good, idNumber: Number('371702201505011230') },
      /^身份证号\|被 Excel 存成了数字/,
    ],
    [
      'sex contradicting the ID',
      { ...good, sex: '女' },
      /^性别\|与身份证号第17位不一致（身份证号显示为男）$/,
    ],
    ['sex not 男/女', { ...good, sex: 'M' }, /^性别\|应填写“男”或“女”$/],
    ['age 18', { ...good, age: '18' }, /^年龄\|应为0至17/],
    ['missing household address', { ...good, hukouAddress: '' }, /^户籍地址\|未填写$/],
    ['missing residence', { ...good, residenceAddress: '' }, /^现居住地\|未填写$/],
    [
      'an unknown difficulty label',
      { ...good, difficultyTypes: '留守' },
      /^重点关爱服务对象困境类型\|无法识别“留守”/,
    ],
    ['a bad guardian phone', { ...good, guardianPhone: '1381234' }, /^监护人联系方式\|/],
    ['迁出时间 in the future', { ...good, movedOutOn: '2025-04-01' }, /^迁出时间\|不能晚于今天$/],
    ['迁出时间 not a date', { ...good, movedOutOn: '去年' }, /^迁出时间\|应为有效日期/],
  ])('%s', (_why, raw, expected) => {
    const errors = errorsOf(run(raw));
    expect(errors.some((e) => expected.test(e))).toBe(true);
  });

  it('reports every problem of a row at once', () => {
    expect(errorsOf(run({ ...good, name: '', hukouAddress: '', guardianPhone: 'abc' }))).toHaveLength(3);
  });

  it('never repeats the ID number or the name in a reason', () => {
    const errors = errorsOf(run({ ...good, sex: '女', age: '15' }));
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) {
      expect(e).not.toContain(boyId);
      expect(e).not.toContain('张小明');
    }
  });

  it('refuses a repeated ID number on the later row, naming the first', () => {
    const seen = new Map<string, number>();
    expect(errorsOf(run(good, seen, 3))).toEqual([]);
    expect(errorsOf(run({ ...good, idNumber: boyId.toLowerCase() }, seen, 9))).toEqual([
      '身份证号|与第3行重复（同一文件中同一儿童只能出现一次）',
    ]);
  });

  it('can require a difficulty type for a pure key-care ledger', () => {
    const result = validateLedgerRow(
      3,
      { ...good, difficultyTypes: '' },
      { asOf, requireDifficultyType: true },
      new Map(),
    );
    expect(errorsOf(result)).toEqual(['重点关爱服务对象困境类型|未填写']);
  });
});
