import { ADMIN_ROLES, ROLES, type AccountRole } from '@care/access';
import {
  accountKindOf,
  assertCountiesWithin,
  assertTownshipsInCounties,
  describeRole,
  identityOf,
  isBusinessIdentity,
} from './account-rules';
import type { AccountDocument } from './account.schema';

const account = {
  _id: 'mz-officer',
  role: 'civil-affairs-officer',
  department: 'DEPARTMENT_CIVIL_AFFAIRS',
  countyCodes: ['371702'],
  townshipCodes: [],
  duties: [],
} as unknown as AccountDocument;

describe('account rules', () => {
  it('an account signs in only with a role, a department and a county', () => {
    expect(identityOf(account)).toMatchObject({ userId: 'mz-officer', role: 'civil-affairs-officer' });
    expect(identityOf({ ...account, role: null })).toBeUndefined();
    expect(identityOf({ ...account, countyCodes: [] })).toBeUndefined();
    expect(isBusinessIdentity(identityOf(account)!)).toBe(true);
    expect(isBusinessIdentity(identityOf({ ...account, role: 'security-admin' })!)).toBe(false);
  });

  const KINDS: readonly [AccountRole, 'admin' | 'staff', string][] = [
    ['system-admin', 'admin', '三员: manages accounts, deployment only'],
    ['security-admin', 'admin', '三员: assigns roles, deployment only'],
    ['auditor', 'admin', '三员: the other two may neither take over nor appoint an auditor'],
    ['civil-affairs-admin', 'staff', "a county registry's administrator is a business role"],
    ['civil-affairs-officer', 'staff', 'business role'],
    ['child-director', 'staff', 'business role'],
    ['department-officer', 'staff', 'business role'],
  ];
  it.each(KINDS)('a %s account is %s (%s)', (role, kind) => {
    expect(accountKindOf(role)).toBe(kind);
  });

  it('places every role (a role added to ROLES needs its row above)', () => {
    expect(KINDS.map(([role]) => role).sort()).toEqual([...ROLES, ...ADMIN_ROLES].sort());
  });

  it('an administrator touches only their own counties', () => {
    expect(() => assertCountiesWithin(['371702', '371721'], ['371702'])).not.toThrow();
    expect(() => assertCountiesWithin(['371702'], ['371702', '371728'])).toThrow(
      expect.objectContaining({ code: 'permission-denied', message: expect.stringContaining('371728') }),
    );
  });

  it('townships must lie in the counties', () => {
    expect(() => assertTownshipsInCounties(['371702001'], ['371702'])).not.toThrow();
    expect(() => assertTownshipsInCounties(['371721001'], ['371702'])).toThrow(/townshipCodes/);
  });

  it('describes a role change for the audit trail', () => {
    expect(describeRole({ ...account, role: null })).toBe('无');
    expect(describeRole({ ...account, townshipCodes: ['371702001'], duties: ['mental-health'] })).toBe(
      '民政工作人员（DEPARTMENT_CIVIL_AFFAIRS；371702、371702001；专项职责 mental-health）',
    );
  });
});
