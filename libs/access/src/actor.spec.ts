import { DomainError } from '@care/errors';
import { hasDuty, parseActor } from './actor';

const good = {
  'x-user-id': 'u-001',
  'x-role': 'child-director',
  'x-department': 'DEPARTMENT_CIVIL_AFFAIRS',
  'x-county-codes': '371702, 371703',
};

function failure(headers: Record<string, string | string[] | undefined>): DomainError {
  try {
    parseActor((h) => headers[h]);
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

describe('parseActor (header stand-in for the sign-in gateway)', () => {
  it('builds the actor from the four headers, trimming and de-duplicating counties', () => {
    expect(
      parseActor((h) => ({ ...good, 'x-county-codes': '371702,371703,371702' })[h as keyof typeof good]),
    ).toEqual({
      userId: 'u-001',
      role: 'child-director',
      department: 'DEPARTMENT_CIVIL_AFFAIRS',
      countyCodes: ['371702', '371703'],
    });
  });

  it.each<[string, Record<string, string | string[] | undefined>, RegExp]>([
    ['no user id', { ...good, 'x-user-id': undefined }, /x-user-id 必填/],
    ['blank user id', { ...good, 'x-user-id': '  ' }, /x-user-id 不能为空/],
    ['user id with spaces inside', { ...good, 'x-user-id': 'a b' }, /x-user-id 须为/],
    ['unknown role', { ...good, 'x-role': 'root' }, /x-role 须为 civil-affairs-admin、/],
    ['no role', { ...good, 'x-role': undefined }, /x-role 必填/],
    ['repeated role header', { ...good, 'x-role': ['auditor', 'child-director'] }, /x-role 只能出现一次/],
    ['no department', { ...good, 'x-department': undefined }, /x-department 必填/],
    ['department with Chinese text', { ...good, 'x-department': '民政局' }, /x-department 须为/],
    ['no counties', { ...good, 'x-county-codes': undefined }, /x-county-codes 必填/],
    ['only commas', { ...good, 'x-county-codes': ',,' }, /x-county-codes 须为逗号分隔的6位区县代码/],
    ['a city code is not a county', { ...good, 'x-county-codes': '3717' }, /6位区县代码/],
  ])('rejects %s as unauthenticated, naming the header', (_why, headers, message) => {
    const error = failure(headers);
    expect(error.code).toBe('unauthenticated');
    expect(error.message).toMatch(message);
  });

  it('a single-element repeated header is accepted', () => {
    expect(parseActor((h) => ({ ...good, 'x-role': ['auditor'] })[h as keyof typeof good]).role).toBe(
      'auditor',
    );
  });

  it('reads the optional duties header; absent means no duty', () => {
    const plain = parseActor((h) => good[h as keyof typeof good]);
    expect(plain.duties).toBeUndefined();
    expect(hasDuty(plain, 'mental-health')).toBe(false);
    const withDuty = parseActor(
      (h) => ({ ...good, 'x-duties': ' mental-health , mental-health' })[h as 'x-duties'],
    );
    expect(withDuty.duties).toEqual(['mental-health']);
    expect(hasDuty(withDuty, 'mental-health')).toBe(true);
  });

  it('refuses an unknown duty in Chinese, naming the header', () => {
    const error = failure({ ...good, 'x-duties': 'mental-health,superuser' });
    expect(error.code).toBe('unauthenticated');
    expect(error.message).toContain('x-duties');
  });
});
