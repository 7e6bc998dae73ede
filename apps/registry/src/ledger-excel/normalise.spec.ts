import { cleanText, parseAge, parseDate, parseDifficultyTypes, parsePhone, parseSex } from './normalise';
import { columnForHeader, normaliseHeader, LEDGER_HEADERS } from './columns';

describe('header matching', () => {
  it.each([
    ['the plain header', '儿童姓名', 'name'],
    ['a hint in half-width brackets (seed)', '户籍地址 (xx省xx区xx市xx镇**村**路**号)', 'hukouAddress'],
    ['a hint in full-width brackets', '现居住地（**地址xx镇**村**路**号）', 'residenceAddress'],
    ['a stray space (seed)', '重点关爱服务对象 困境类型', 'difficultyTypes'],
    ['a line break inside (seed)', '基本情况\n概述', 'situation'],
    ['a space before the slash (seed)', '就读学校 /年级', 'schoolGrade'],
    ['a full-width slash', '就读学校／年级', 'schoolGrade'],
    ['a required-field star', '*身份证号', 'idNumber'],
    ['full-width spaces', '关爱服务\u3000活动', 'careActivities'],
    ['the optional 迁出时间', '迁出时间', 'movedOutOn'],
    ['the title row is not a header', '重点关爱服务对象信息台账', undefined],
    ['an unknown column', '民族', undefined],
  ])('%s', (_why, header, key) => {
    expect(columnForHeader(header)).toBe(key);
  });

  it('leaves the 15 Attachment 1 headers (@care/child-rules) as they are', () => {
    expect(LEDGER_HEADERS.map(normaliseHeader)).toEqual(LEDGER_HEADERS);
  });
});

describe('parsePhone', () => {
  it.each([
    ['a plain mobile', '13812345678', '13812345678'],
    ['+86 with spaces', '+86 138 1234 5678', '13812345678'],
    ['0086 with dashes', '0086-138-1234-5678', '13812345678'],
    ['86 prefix without plus', '8613812345678', '13812345678'],
    ['full-width digits', '１３８１２３４５６７８', '13812345678'],
    ['full-width plus, dashes and spaces', '＋８６\u3000１３８－１２３４－５６７８', '13812345678'],
    ['landline with dash', '0530-5551234', '0530-5551234'],
    ['landline in brackets', '(0530)5551234', '0530-5551234'],
    ['landline with spaces', '0530 555 1234', '0530-5551234'],
    ['Beijing 3-digit area code', '010-62345678', '010-62345678'],
    ['landline in international form', '+86 530 5551234', '0530-5551234'],
    ['landline with an extension', '0530-5551234转801', '0530-5551234-801'],
  ])('accepts %s', (_why, raw, expected) => {
    expect(parsePhone(raw)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['a mobile one digit short', '1381234567', /固定电话须含区号|手机号码/],
    ['a mobile starting 12', '12812345678', /手机号码应为1开头/],
    ['a landline without area code', '5551234', /须含区号/],
    ['letters', '138abc45678', /只能包含数字/],
    ['a foreign number', '+1 415 555 1234', /只接受中国大陆号码/],
    ['a landline with a too-short number', '0530-12345', /7至8位/],
    ['empty', ' ', /未填写/],
  ])('refuses %s', (_why, raw, reason) => {
    const result = parsePhone(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});

describe('parseDifficultyTypes', () => {
  it.each([
    ['one label', '家庭生活困难', ['family-hardship']],
    ['two labels with 、', '自身残疾、监护缺失', ['disability', 'lack-of-guardianship']],
    [
      'full-width comma and semicolon',
      '流浪，心理和行为异常；家庭生活困难',
      ['vagrancy', 'psychological-behavioural', 'family-hardship'],
    ],
    ['half-width separators and spaces', ' 流浪 , 自身残疾 ', ['vagrancy', 'disability']],
    [
      'the help request with full-width brackets',
      '跨乡镇（街道）主动提出救助帮扶需求',
      ['cross-township-help-request'],
    ],
    [
      'the help request with half-width brackets',
      '跨乡镇(街道)主动提出救助帮扶需求',
      ['cross-township-help-request'],
    ],
    ['a known short spelling', '残疾', ['disability']],
    ['a repeated label counts once', '流浪、流浪', ['vagrancy']],
    ['empty means none', '', []],
  ])('reads %s', (_why, raw, expected) => {
    expect(parseDifficultyTypes(raw)).toEqual({ ok: true, value: expected });
  });

  it('refuses an unknown label, naming it and the allowed ones', () => {
    const result = parseDifficultyTypes('流浪、贫困');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toContain('无法识别“贫困”');
      expect(result.reason).toContain('家庭生活困难');
    }
  });
});

describe('small parsers', () => {
  it.each([
    ['男', 'male'],
    ['女', 'female'],
    [' 男性 ', 'male'],
    ['', undefined],
  ])('parseSex(%j)', (raw, expected) => {
    expect(parseSex(raw)).toEqual({ ok: true, value: expected });
  });
  it('parseSex refuses other text', () => expect(parseSex('M').ok).toBe(false));

  it.each([
    ['8', 8],
    ['８', 8],
    ['8岁', 8],
    ['12周岁', 12],
    ['0', 0],
    ['', undefined],
  ])('parseAge(%j)', (raw, expected) => {
    expect(parseAge(raw)).toEqual({ ok: true, value: expected });
  });
  it.each(['18', '-1', '7.5', '八'])('parseAge refuses %j', (raw) => expect(parseAge(raw).ok).toBe(false));

  it.each<[string | number | Date, string | undefined]>([
    ['2024-03-01', '2024-03-01'],
    ['2024/3/1', '2024-03-01'],
    ['2024.3.1', '2024-03-01'],
    ['2024年3月1日', '2024-03-01'],
    ['20240301', '2024-03-01'],
    [45352, '2024-03-01'],
    [new Date(Date.UTC(2024, 2, 1)), '2024-03-01'],
    ['', undefined],
  ])('parseDate(%j)', (raw, expected) => {
    expect(parseDate(raw)).toEqual({ ok: true, value: expected });
  });
  it.each(['2024-02-30', '三月', '2024-13-01'])('parseDate refuses %j', (raw) =>
    expect(parseDate(raw).ok).toBe(false),
  );

  it('cleanText folds full-width forms and collapses spaces', () => {
    expect(cleanText('  ＡＢＣ１\u3000 一年级，（二）班\u200b ')).toBe('ABC1 一年级，（二）班');
  });
});
