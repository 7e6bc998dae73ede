import {
  DELIVERY_REASON_MAX,
  FINDINGS_MAX,
  IMPORT_MAX_BYTES,
  ITEM_TEXT_MAX,
  WORKER_ID_MAX,
  checkBirthDate,
  checkCloseNote,
  checkClosedOn,
  checkCountyCode,
  checkDate,
  checkDifficultyTypes,
  checkDivisionCode,
  checkGuardianPhone,
  checkIdNumber,
  checkMovedInOn,
  checkOpenablePeriod,
  checkRoundPeriod,
  checkSex,
  checkDateNotAfter,
  checkDateNotBefore,
  checkDeliveryReason,
  checkImportFile,
  checkOptionalDate,
  checkPassword,
  checkPurpose,
  checkText,
  checkTotpCode,
  checkUserId,
  idCheckCharacter,
  idNumberFacts,
  isCalendarDate,
  normalizeIdNumber,
  normalizePhone,
  openablePeriods,
  roundPeriodOf,
} from './validation';
import { idNumberReasonText, makeIdNumber, validateIdNumber } from '@care/identity';

describe('form rules (as the APIs validate)', () => {
  it('account: required, at most 64 characters', () => {
    expect(checkUserId('')).toBe('请输入账号');
    expect(checkUserId('   ')).toBe('请输入账号');
    expect(checkUserId('a'.repeat(64))).toBeNull();
    expect(checkUserId('a'.repeat(65))).toBe('账号不能超过64个字符');
  });

  it('password: required, at most 128 characters', () => {
    expect(checkPassword('')).toBe('请输入密码');
    expect(checkPassword('x'.repeat(128))).toBeNull();
    expect(checkPassword('x'.repeat(129))).toBe('密码不能超过128个字符');
  });

  it('TOTP code: exactly six digits', () => {
    expect(checkTotpCode('')).toBe('请输入动态口令');
    expect(checkTotpCode('123456')).toBeNull();
    for (const bad of ['12345', '1234567', '12345a', ' 123456', '１２３４５６']) {
      expect(checkTotpCode(bad)).toBe('动态口令须为6位数字');
    }
  });

  it('reveal purpose: required (not blank), at most 200 characters', () => {
    expect(checkPurpose(' ')).toContain('请填写查看完整信息的用途');
    expect(checkPurpose('联系监护人安排走访')).toBeNull();
    expect(checkPurpose('x'.repeat(200))).toBeNull();
    expect(checkPurpose('x'.repeat(201))).toBe('用途不能超过200个字符');
  });

  it('county code: six digits', () => {
    expect(checkCountyCode('371702')).toBeNull();
    expect(checkCountyCode('37170')).toBe('县区代码须为6位数字');
    expect(checkCountyCode('371702001')).toBe('县区代码须为6位数字');
  });
});

describe('dates, texts, deliveries and the import file (as the APIs validate)', () => {
  it.each([
    ['2025-06-01', true, 'a day'],
    ['2024-02-29', true, 'a leap day'],
    ['2025-02-29', false, 'no leap day in 2025'],
    ['2025-02-30', false, 'an impossible day'],
    ['2025-13-01', false, 'month 13'],
    ['2025-6-1', false, 'no leading zeros'],
    ['20250601', false, 'no dashes'],
    ['', false, 'empty'],
  ])('isCalendarDate(%s) = %s (%s)', (value, ok) => expect(isCalendarDate(value)).toBe(ok));

  it('a required date names the field', () => {
    expect(checkDate('走访日期', '')).toBe('请填写走访日期');
    expect(checkDate('走访日期', '2025-02-30')).toBe('走访日期须为有效日期（YYYY-MM-DD）');
    expect(checkDate('走访日期', '2025-02-28')).toBeNull();
  });

  it('not after today (a visit, a delivery) and not before today (an effective date)', () => {
    expect(checkDateNotAfter('服务日期', '2025-06-01', '2025-06-01')).toBeNull();
    expect(checkDateNotAfter('服务日期', '2025-06-02', '2025-06-01')).toBe(
      '服务日期 2025-06-02 不能晚于今日 2025-06-01',
    );
    expect(checkDateNotAfter('服务日期', 'x', '2025-06-01')).toBe('服务日期须为有效日期（YYYY-MM-DD）');
    expect(checkDateNotBefore('生效日期', '2025-06-01', '2025-06-01')).toBeNull();
    expect(checkDateNotBefore('生效日期', '2025-05-31', '2025-06-01')).toBe(
      '生效日期 2025-05-31 不能早于今日 2025-06-01',
    );
  });

  it('an optional date may be empty, not malformed', () => {
    expect(checkOptionalDate('迁入日期', '')).toBeNull();
    expect(checkOptionalDate('迁入日期', '2024-12-01')).toBeNull();
    expect(checkOptionalDate('迁入日期', '2024-12')).toBe('迁入日期须为有效日期（YYYY-MM-DD）');
  });

  it('texts: required unless optional, at most the API’s length', () => {
    expect(checkText('走访情况', ' ', FINDINGS_MAX)).toBe('请填写走访情况');
    expect(checkText('走访情况', 'x'.repeat(FINDINGS_MAX), FINDINGS_MAX)).toBeNull();
    expect(checkText('走访情况', 'x'.repeat(FINDINGS_MAX + 1), FINDINGS_MAX)).toBe(
      '走访情况不能超过2000个字符',
    );
    expect(checkText('备注', '', 10, false)).toBeNull();
    expect(checkText('走访人', 'x'.repeat(WORKER_ID_MAX + 1), WORKER_ID_MAX)).toBe('走访人不能超过64个字符');
    expect(ITEM_TEXT_MAX).toBe(2000);
  });

  it('a refusal needs a reason; no reason is longer than 200 characters', () => {
    expect(checkDeliveryReason('refused', ' ')).toBe('登记为"拒绝/不需要"时须填写原因');
    expect(checkDeliveryReason('refused', '家长表示不需要')).toBeNull();
    expect(checkDeliveryReason('delivered', '')).toBeNull();
    expect(checkDeliveryReason('pending', 'x'.repeat(DELIVERY_REASON_MAX + 1))).toBe('原因不能超过200个字符');
  });

  it('the import takes one non-empty .xlsx within 30 MB', () => {
    expect(checkImportFile(undefined)).toBe('请选择附件1台账 Excel 文件（.xlsx）');
    expect(checkImportFile({ name: '台账.xls', size: 10 })).toBe('只能导入 .xlsx 格式的附件1台账');
    expect(checkImportFile({ name: '台账.XLSX', size: 10 })).toBeNull();
    expect(checkImportFile({ name: '台账.xlsx', size: 0 })).toBe('文件为空');
    expect(checkImportFile({ name: '台账.xlsx', size: IMPORT_MAX_BYTES + 1 })).toBe('文件不能超过30MB');
  });
});

describe('登记新儿童 (RegisterChildDto, buildNewChild)', () => {
  const today = '2026-12-07';
  const good = makeIdNumber('371721', '2016-05-05', 411);

  it('an ID number: blank allowed; every reason at once, in the registry’s words', () => {
    expect(checkIdNumber('', today)).toBeNull();
    expect(checkIdNumber(good, today)).toBeNull();
    expect(checkIdNumber(` ${good.slice(0, 9)} ${good.slice(9)} `, today)).toBeNull();
    const wrongCheck = good.slice(0, 17) + (good.endsWith('0') ? '1' : '0');
    expect(checkIdNumber(wrongCheck, today)).toBe('身份证号：最后一位校验码错误（GB 11643-1999）');
    expect(checkIdNumber('37172120160505', today)).toBe('身份证号：长度应为18位（15位旧号码仅限成年监护人）');
    expect(checkIdNumber('371721160505411', today)).toBe('身份证号：此处不接受15位旧号码，请填写18位号码');
    expect(checkIdNumber('3717212016050541A1', today)).toBe(
      '身份证号：只能由数字组成，最后一位可以是数字或X',
    );
    const badDate = '37172120160230411';
    expect(checkIdNumber(badDate + idCheckCharacter(badDate), today)).toBe(
      '身份证号：第7至14位出生日期不是有效日期',
    );
    const future = '37172120270101411';
    expect(checkIdNumber(future + idCheckCharacter(future), today)).toBe('身份证号：出生日期晚于今天');
    const both = '37172120160230411' + (idCheckCharacter(badDate) === '0' ? '1' : '0');
    expect(checkIdNumber(both, today)).toBe(
      '身份证号：第7至14位出生日期不是有效日期；身份证号：最后一位校验码错误（GB 11643-1999）',
    );
  });

  it('agrees with @care/identity on whether a number is valid (its address codes aside)', () => {
    const candidates: string[] = [];
    for (let seq = 1; seq < 400; seq += 7) {
      const id = makeIdNumber(
        '371702',
        `20${String(10 + (seq % 15)).padStart(2, '0')}-0${1 + (seq % 9)}-1${seq % 10}`,
        seq,
      );
      candidates.push(
        id,
        id.slice(0, 17) + '0',
        id.slice(0, 17) + 'X',
        id.toLowerCase(),
        id.slice(0, 16),
        `${id}1`,
      );
      candidates.push(id.slice(0, 10) + '13' + id.slice(12)); // month 13
    }
    for (const id of candidates) {
      const lib = validateIdNumber(id, { asOf: today });
      expect([id, checkIdNumber(id, today) === null]).toEqual([id, lib.ok]);
      if (!lib.ok) expect(checkIdNumber(id, today)).toBe(lib.reasons.map(idNumberReasonText).join('；'));
    }
  });

  it('idNumberFacts: birth date and sex of a well-formed number', () => {
    expect(idNumberFacts(good)).toEqual({ birthDate: '2016-05-05', sex: 'male' });
    expect(idNumberFacts(makeIdNumber('371721', '2016-05-05', 412))).toEqual({
      birthDate: '2016-05-05',
      sex: 'female',
    });
    expect(idNumberFacts('123')).toBeNull();
    expect(idNumberFacts('371721201602304110')).toBeNull();
    expect(normalizeIdNumber('３７１７２１ x')).toBe('371721X');
  });

  it('birth date and sex: required without an ID number, the number’s with one', () => {
    expect(checkBirthDate('', '', today)).toBe('请填写出生日期（无身份证号时必填）');
    expect(checkBirthDate('2016-02-30', '', today)).toBe('出生日期（birthDate）：须为有效日期（YYYY-MM-DD）');
    expect(checkBirthDate('2027-01-01', '', today)).toBe('出生日期（birthDate）：不能晚于今天');
    expect(checkBirthDate('2016-05-05', '', today)).toBeNull();
    expect(checkBirthDate('', good, today)).toBeNull();
    expect(checkBirthDate('2016-05-05', good, today)).toBeNull();
    expect(checkBirthDate('2016-05-06', good, today)).toBe(
      '出生日期（birthDate）：与身份证号中的出生日期不一致',
    );
    expect(checkBirthDate('', '123', today)).toBeNull(); // the number's own error is the one shown
    expect(checkSex('', '', today)).toBe('请选择性别（无身份证号时必填）');
    expect(checkSex('female', '', today)).toBeNull();
    expect(checkSex('', good, today)).toBeNull();
    expect(checkSex('male', good, today)).toBeNull();
    expect(checkSex('female', good, today)).toBe('性别（sex）：与身份证号中的性别不一致');
    expect(checkSex('', '123', today)).toBeNull();
  });

  it('division codes, the move-in date, guardian phones', () => {
    expect(checkDivisionCode('户籍地', '')).toBe('请选择户籍地');
    expect(checkDivisionCode('户籍地', '371721')).toBeNull();
    expect(checkDivisionCode('户籍地', '371721001')).toBeNull();
    expect(checkDivisionCode('户籍地', '37172')).toBe('户籍地须为6位区县或9位乡镇行政区划代码');
    expect(checkMovedInOn('2024-09-01', '2016-05-05', today)).toBeNull();
    expect(checkMovedInOn('2015-09-01', '2016-05-05', today)).toBe(
      '迁入现居住地日期（residence.movedInOn）：不能早于出生日期',
    );
    expect(checkMovedInOn('2027-01-01', undefined, today)).toBe(
      '迁入现居住地日期 2027-01-01 不能晚于今日 2026-12-07',
    );
    expect(checkMovedInOn('', undefined, today)).toBe('请填写迁入现居住地日期');
    for (const ok of [
      '15529265472',
      '155 2926 5472',
      '+86 155-2926-5472',
      '0086 15529265472',
      '0530-5551234',
    ])
      expect([ok, checkGuardianPhone(ok)]).toEqual([ok, null]);
    expect(normalizePhone('+86 155-2926-5472')).toBe('15529265472');
    expect(normalizePhone('0530-5551234')).toBe('05305551234');
    for (const bad of ['', '12345', '12529265472', '1552926547'])
      expect(checkGuardianPhone(bad)).toBe('监护人联系方式：须为11位手机号或带区号的固定电话');
    expect(checkGuardianPhone('1'.repeat(31))).toBe('监护人联系方式不能超过30个字符');
  });
});

describe('摸排 periods (round-period, periodNotOpenableReason)', () => {
  it('the period form and the half-year of a day', () => {
    expect(checkRoundPeriod('2026-H1')).toBeNull();
    for (const bad of ['2026-H3', '2026H1', '2026-h1', '0999-H1', ''])
      expect(checkRoundPeriod(bad)).toContain('摸排周期须为“年份-H1”');
    expect(roundPeriodOf('2026-06-30')).toBe('2026-H1');
    expect(roundPeriodOf('2026-07-01')).toBe('2026-H2');
  });

  it('this half-year or the next; an ended one or one further ahead refused as the registry words it', () => {
    expect(openablePeriods('2026-03-01')).toEqual(['2026-H1', '2026-H2']);
    expect(openablePeriods('2026-12-07')).toEqual(['2026-H2', '2027-H1']);
    expect(checkOpenablePeriod('2027-H1', '2026-12-07')).toBeNull();
    expect(checkOpenablePeriod('2026-H1', '2026-12-07')).toBe('摸排周期 2026-H1 已结束，不能再开启摸排轮次');
    expect(checkOpenablePeriod('2027-H2', '2026-12-07')).toBe(
      '摸排周期 2027-H2 尚未到来，只能开启本半年或下一个半年的摸排轮次',
    );
    expect(checkOpenablePeriod('x', '2026-12-07')).toContain('摸排周期须为');
  });
});

describe('台账 变更 / 销档 (key-care dto and aggregate)', () => {
  it('at least one difficulty type', () => {
    expect(checkDifficultyTypes([])).toBe('至少选择一种困境类型');
    expect(checkDifficultyTypes(undefined)).toBe('至少选择一种困境类型');
    expect(checkDifficultyTypes(['family-hardship'])).toBeNull();
  });

  it('a close note: required for 其他, at most 500 characters', () => {
    expect(checkCloseNote('other', ' ')).toBe('销档原因为“其他”时须填写说明');
    expect(checkCloseNote('other', '监护人申请')).toBeNull();
    expect(checkCloseNote('moved-out', '')).toBeNull();
    expect(checkCloseNote('moved-out', 'x'.repeat(501))).toBe('说明不能超过500个字符');
    expect(checkCloseNote(undefined, '')).toBeNull();
  });

  it('the close date: not after today, not before the opening', () => {
    expect(checkClosedOn('2026-12-07', '2026-01-01', '2026-12-07')).toBeNull();
    expect(checkClosedOn('2026-12-08', '2026-01-01', '2026-12-07')).toBe(
      '销档日期 2026-12-08 不能晚于今日 2026-12-07',
    );
    expect(checkClosedOn('2025-12-31', '2026-01-01', '2026-12-07')).toBe(
      '销档日期 2025-12-31 不能早于建档日期 2026-01-01',
    );
    expect(checkClosedOn('2026-13-01', '2026-01-01', '2026-12-07')).toBe(
      '销档日期须为有效日期（YYYY-MM-DD）',
    );
  });
});
