import {
  DELIVERY_REASON_MAX,
  FINDINGS_MAX,
  IMPORT_MAX_BYTES,
  ITEM_TEXT_MAX,
  WORKER_ID_MAX,
  checkCountyCode,
  checkDate,
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
  isCalendarDate,
} from './validation';

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
