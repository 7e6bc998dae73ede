import { checkCountyCode, checkPassword, checkPurpose, checkTotpCode, checkUserId } from './validation';

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
