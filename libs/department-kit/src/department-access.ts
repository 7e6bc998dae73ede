import { DEPARTMENTS, departmentFromProto, isDepartmentId, type DepartmentId } from '@care/catalogue';
import { common } from '@care/contracts';
import { definePermissions, type Actor } from '@care/access';
import { assertNever, permissionDenied } from '@care/errors';

/**
 * The department named by `x-department`: the common.v1.Department enum name
 * (`DEPARTMENT_HEALTH`, the platform's convention) or the catalogue id (`health`).
 */
export function actorDepartmentId(actor: Actor): DepartmentId | undefined {
  if (isDepartmentId(actor.department)) return actor.department;
  const protoNumber = (common.Department as unknown as Record<string, unknown>)[actor.department];
  return typeof protoNumber === 'number' ? departmentFromProto(protoNumber) : undefined;
}

/**
 * What each role may do in a department service. Its worklist and delivery records reveal
 * sensitive categories (disability, hardship): the department's own staff for their
 * department; civil-affairs staff (the programme's lead) read them; never the auditor.
 */
export const DEPARTMENT_PERMISSIONS = definePermissions(
  {
    'worklist.read': '查看本部门待服务名单',
    'delivery.record': '登记服务提供情况',
    'records.write': '维护本部门业务记录',
  },
  {
    'civil-affairs-admin': ['worklist.read'],
    'civil-affairs-officer': ['worklist.read'],
    'child-director': [],
    'department-officer': ['worklist.read', 'delivery.record', 'records.write'],
    auditor: [],
  },
);

/**
 * The department whose items the actor works on, or undefined for every department of the
 * service (civil-affairs readers). A department officer must belong to one of the service's
 * departments.
 */
export function serviceDepartmentScope(
  actor: Actor,
  served: readonly DepartmentId[],
): DepartmentId | undefined {
  switch (actor.role) {
    case 'civil-affairs-admin':
    case 'civil-affairs-officer':
      return undefined;
    case 'child-director':
    case 'auditor':
      throw permissionDenied('当前角色无权查看部门服务记录', { role: actor.role });
    case 'department-officer': {
      const own = actorDepartmentId(actor);
      if (own === undefined || !served.includes(own)) {
        throw permissionDenied(
          `本服务属于${served.map((d) => DEPARTMENTS[d].nameZh).join('、')}：请求头 x-department 须为其中之一`,
          { header: 'x-department' },
        );
      }
      return own;
    }
    default:
      return assertNever(actor.role, 'role');
  }
}
