import { ROLES, type Actor, type Role } from '@care/access';
import { actorDepartmentId } from '@care/department-kit';
import { DomainError } from '@care/errors';
import {
  accessCountyOf,
  assertOwnDepartment,
  CATALOGUE_PERMISSIONS,
  departmentScope,
  storedCountiesOf,
  type CatalogueAction,
} from './catalogue-permissions';

const actor = (role: Role, department = 'DEPARTMENT_CIVIL_AFFAIRS'): Actor => ({
  userId: 'u1',
  role,
  department,
  countyCodes: ['371702'],
});

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

// The whole matrix, so a policy change is a visible diff of this table.
const MATRIX: Record<Role, readonly CatalogueAction[]> = {
  'civil-affairs-admin': ['list.read', 'list.write', 'entitlements.read', 'delivery.record', 'gaps.read'],
  'civil-affairs-officer': ['list.read', 'entitlements.read', 'delivery.record', 'gaps.read'],
  'child-director': ['list.read', 'entitlements.read', 'gaps.read'],
  'department-officer': ['list.read', 'entitlements.read', 'delivery.record', 'gaps.read'],
  auditor: ['list.read'],
};

describe('services-catalog permissions', () => {
  const actions = Object.keys(CATALOGUE_PERMISSIONS.actions) as CatalogueAction[];
  it.each(ROLES.flatMap((role) => actions.map((a) => [role, a, MATRIX[role].includes(a)] as const)))(
    '%s may %s: %s',
    (role, action, allowed) => {
      expect(CATALOGUE_PERMISSIONS.allows(role, action)).toBe(allowed);
    },
  );

  it('reads the department from the enum name or the catalogue id', () => {
    expect(actorDepartmentId(actor('department-officer', 'DEPARTMENT_HEALTH'))).toBe('health');
    expect(actorDepartmentId(actor('department-officer', 'DEPARTMENT_EDUCATION_SPORTS'))).toBe(
      'education-sports',
    );
    expect(actorDepartmentId(actor('department-officer', 'housing'))).toBe('housing');
    expect(actorDepartmentId(actor('department-officer', 'DEPARTMENT_UNSPECIFIED'))).toBeUndefined();
    expect(actorDepartmentId(actor('department-officer', 'DEPARTMENT_NOWHERE'))).toBeUndefined();
    expect(actorDepartmentId(actor('department-officer', '4'))).toBeUndefined();
  });

  it('limits a department officer to its own department, civil affairs to none', () => {
    expect(departmentScope(actor('civil-affairs-officer'))).toBeUndefined();
    expect(departmentScope(actor('child-director'))).toBeUndefined();
    expect(departmentScope(actor('department-officer', 'DEPARTMENT_HEALTH'))).toBe('health');
    const unknown = refusal(() => departmentScope(actor('department-officer', 'DEPARTMENT_NOWHERE')));
    expect(unknown.code).toBe('permission-denied');
    expect(unknown.message).toContain('x-department');
    expect(refusal(() => departmentScope(actor('auditor'))).code).toBe('permission-denied');
  });

  it('refuses a department officer naming another department', () => {
    expect(() => assertOwnDepartment('health', 'health')).not.toThrow();
    expect(() => assertOwnDepartment('health', undefined)).not.toThrow();
    expect(() => assertOwnDepartment(undefined, 'housing')).not.toThrow();
    expect(refusal(() => assertOwnDepartment('health', 'housing')).message).toBe(
      '部门工作人员只能查看和登记本部门（卫健委）负责的服务，不能查看或登记住建局的服务',
    );
  });

  it("puts children of an unknown county under the city's own code", () => {
    expect(accessCountyOf('371702', '371700')).toBe('371702');
    expect(accessCountyOf('', '371700')).toBe('371700');
    expect(storedCountiesOf(['371702', '371700'], '371700')).toEqual(['371702', '']);
  });
});
