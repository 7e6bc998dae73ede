import { DEPARTMENTS, type DepartmentId } from '@care/catalogue';
import { actorDepartmentId } from '@care/department-kit';
import { definePermissions, type Actor } from '@care/access';
import { assertNever, permissionDenied } from '@care/errors';

/**
 * What each role may do in the services catalogue (the Actor and the roles live in
 * @care/access). A new role in ROLES does not compile until it has a row here and a case in
 * `departmentScope`.
 *
 * - Lists are public facts: any authenticated actor reads versions, diffs and the list in
 *   force. Writing (drafts, edits, publication) is for the civil-affairs admin of THAT division:
 *   `x-county-codes` must contain the county's code, or the city's own code (371700) for the
 *   city's basic list. A city code never stands for the city's counties.
 * - Entitlements and gaps reveal sensitive categories (disability, mental disorder, orphanhood):
 *   never the auditor (separation of duties), always within the actor's counties, and a
 *   department officer sees only the items its department is responsible for.
 * - Deliveries: civil-affairs staff (admin, officer) for any responsible department, a
 *   department officer only for its own department and the items that department serves.
 */
export const CATALOGUE_PERMISSIONS = definePermissions(
  {
    'list.read': '查看服务清单',
    'list.write': '起草、修改或发布服务清单',
    'entitlements.read': '查看儿童服务权益',
    'delivery.record': '登记服务提供情况',
    'gaps.read': '查看应享未享情况',
  },
  {
    'civil-affairs-admin': ['list.read', 'list.write', 'entitlements.read', 'delivery.record', 'gaps.read'],
    'civil-affairs-officer': ['list.read', 'entitlements.read', 'delivery.record', 'gaps.read'],
    'child-director': ['list.read', 'entitlements.read', 'gaps.read'],
    'department-officer': ['list.read', 'entitlements.read', 'delivery.record', 'gaps.read'],
    auditor: ['list.read'],
  },
);

export type CatalogueAction = keyof typeof CATALOGUE_PERMISSIONS.actions;

/**
 * The one department whose items the actor may see and serve, or undefined for every
 * department (civil affairs and child directors). A department officer whose `x-department`
 * is not a responsible department of the catalogue is refused.
 */
export function departmentScope(actor: Actor): DepartmentId | undefined {
  switch (actor.role) {
    case 'civil-affairs-admin':
    case 'civil-affairs-officer':
    case 'child-director':
      return undefined;
    case 'auditor':
      // Separation of duties: the auditor reads the audit trail, never children's data. The
      // permission table already refuses; this keeps it so if the table ever changes.
      throw permissionDenied('当前角色（审计员）无权查看或登记儿童服务权益', { role: actor.role });
    case 'department-officer': {
      const own = actorDepartmentId(actor);
      if (own === undefined) {
        throw permissionDenied(
          '请求头 x-department 须为服务清单中的责任部门（如 DEPARTMENT_HEALTH）：部门工作人员只能查看和登记本部门负责的服务',
          { header: 'x-department' },
        );
      }
      return own;
    }
    default:
      return assertNever(actor.role, 'role');
  }
}

/** A department officer names only its own department (in a query or a delivery). */
export function assertOwnDepartment(own: DepartmentId | undefined, named: DepartmentId | undefined): void {
  if (own !== undefined && named !== undefined && named !== own) {
    throw permissionDenied(
      `部门工作人员只能查看和登记本部门（${DEPARTMENTS[own].nameZh}）负责的服务，不能查看或登记${DEPARTMENTS[named].nameZh}的服务`,
      { department: named },
    );
  }
}

/**
 * The code an actor must cover to touch a child's entitlements: the child's county, or the
 * city's own code while the registry does not know the county (''), since those children get
 * the city's basic list.
 */
export function accessCountyOf(childCountyCode: string, cityCode: string): string {
  return childCountyCode === '' ? cityCode : childCountyCode;
}

/** The stored county codes behind the codes an actor may read (the city's code stands for ''). */
export function storedCountiesOf(codes: readonly string[], cityCode: string): string[] {
  return codes.map((code) => (code === cityCode ? '' : code));
}
