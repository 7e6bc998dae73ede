import type { Actor, Role } from '@care/access';
import { DomainError } from '@care/errors';
import { GUARDIANSHIP_PERMISSIONS, partyOf, requireParty } from './guardianship-access';

const actor = (role: Role, department = 'DEPARTMENT_CIVIL_AFFAIRS'): Actor => ({
  userId: 'u1',
  role,
  department,
  countyCodes: ['371702'],
});

describe('partyOf (who an actor acts as on a case)', () => {
  it.each<[Role, string, string | undefined, string]>([
    ['child-director', 'DEPARTMENT_CIVIL_AFFAIRS', 'committee', 'the child director works for the committee'],
    ['civil-affairs-officer', 'DEPARTMENT_CIVIL_AFFAIRS', 'civil-affairs', 'civil affairs staff'],
    ['civil-affairs-admin', 'DEPARTMENT_CIVIL_AFFAIRS', 'civil-affairs', 'civil affairs admin'],
    ['department-officer', 'DEPARTMENT_PUBLIC_SECURITY', 'police', 'proto enum name'],
    ['department-officer', 'public-security', 'police', 'catalogue id'],
    ['department-officer', 'DEPARTMENT_PROCURATORATE', 'procuratorate', 'procuratorate'],
    ['department-officer', 'DEPARTMENT_COURT', 'court', 'court'],
    ['department-officer', 'DEPARTMENT_WOMENS_FEDERATION', 'womens-federation', 'women’s federation'],
    ['department-officer', 'DEPARTMENT_EDUCATION_SPORTS', 'education', 'education bureau gives guidance'],
    ['department-officer', 'DEPARTMENT_CIVIL_AFFAIRS', 'civil-affairs', 'a civil-affairs department officer'],
    ['department-officer', 'DEPARTMENT_HEALTH', undefined, 'health has no part in a case'],
    ['department-officer', 'DEPARTMENT_NOWHERE', undefined, 'unknown department'],
    ['auditor', 'DEPARTMENT_CIVIL_AFFAIRS', undefined, 'the auditor never reads narratives'],
  ])('%s of %s -> %p (%s)', (role, department, party) => {
    expect(partyOf(actor(role, department))).toBe(party);
  });

  it('requireParty refuses a party-less actor in Chinese', () => {
    expect(() => requireParty(actor('department-officer', 'DEPARTMENT_HEALTH'))).toThrow(DomainError);
    expect(() => requireParty(actor('auditor'))).toThrow(/监护缺失案件仅由村（居）民委员会、民政部门/);
  });

  it('the auditor reaches neither read nor act', () => {
    expect(GUARDIANSHIP_PERMISSIONS.allows('auditor', 'cases.read')).toBe(false);
    expect(GUARDIANSHIP_PERMISSIONS.allows('auditor', 'cases.act')).toBe(false);
    expect(GUARDIANSHIP_PERMISSIONS.allows('child-director', 'cases.act')).toBe(true);
  });
});
