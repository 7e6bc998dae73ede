import type { Actor, Role } from '@care/access';
import { DomainError } from '@care/errors';
import { ASSISTANCE_PERMISSIONS, departmentScope, partyOf, requireParty } from './assistance-access';

const actor = (role: Role, department = 'DEPARTMENT_CIVIL_AFFAIRS'): Actor => ({
  userId: 'u1',
  role,
  department,
  countyCodes: ['371702'],
});

describe('who acts on an assistance application', () => {
  it.each<[Role, string, string | undefined]>([
    ['department-officer', 'DEPARTMENT_CIVIL_AFFAIRS', 'civil-affairs'],
    ['department-officer', 'civil-affairs', 'civil-affairs'],
    ['department-officer', 'DEPARTMENT_DISABLED_PERSONS_FEDERATION', 'disabled-persons-federation'],
    ['child-director', 'DEPARTMENT_CIVIL_AFFAIRS', 'child-director'],
    ['civil-affairs-officer', 'DEPARTMENT_CIVIL_AFFAIRS', undefined],
    ['civil-affairs-admin', 'DEPARTMENT_CIVIL_AFFAIRS', undefined],
  ])('%s of %s acts as %p', (role, department, party) => {
    expect(partyOf(actor(role, department))).toBe(party);
  });

  it('a health officer and the auditor are refused in Chinese', () => {
    expect(() => departmentScope(actor('department-officer', 'DEPARTMENT_HEALTH'))).toThrow(/民政部门、残联/);
    expect(() => departmentScope(actor('auditor'))).toThrow(DomainError);
  });

  it('civil-affairs staff read every kind but take no step', () => {
    expect(departmentScope(actor('civil-affairs-officer'))).toBeUndefined();
    expect(() => requireParty(actor('civil-affairs-officer'))).toThrow(/当前身份只能查看/);
  });

  it('the permission table', () => {
    expect(ASSISTANCE_PERMISSIONS.allows('auditor', 'applications.read')).toBe(false);
    expect(ASSISTANCE_PERMISSIONS.allows('child-director', 'applications.submit')).toBe(true);
    expect(ASSISTANCE_PERMISSIONS.allows('child-director', 'applications.act')).toBe(false);
    expect(ASSISTANCE_PERMISSIONS.allows('civil-affairs-officer', 'huyou.export')).toBe(true);
    expect(ASSISTANCE_PERMISSIONS.allows('civil-affairs-admin', 'huyou.export')).toBe(true);
    // The list names the children; the registry names them to civil-affairs staff only.
    expect(ASSISTANCE_PERMISSIONS.allows('department-officer', 'huyou.export')).toBe(false);
    expect(ASSISTANCE_PERMISSIONS.allows('child-director', 'huyou.export')).toBe(false);
  });
});
