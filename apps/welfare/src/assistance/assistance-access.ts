import { definePermissions, type Actor } from '@care/access';
import { actorDepartmentId } from '@care/department-kit';
import { assertNever, permissionDenied } from '@care/errors';
import type { AssistanceDepartment, AssistanceParty } from '@care/welfare-rules';

/**
 * Who reaches the assistance API. Applications reveal sensitive categories (orphanhood,
 * disability, hardship): the deciding departments' officers, the child director who helps the
 * family apply (协助申领), and civil-affairs staff read them; never the auditor. Which step each
 * may take is the rules' (the party, below).
 */
export const ASSISTANCE_PERMISSIONS = definePermissions(
  {
    'applications.read': '查看救助申请',
    'applications.submit': '提交救助申请',
    'applications.act': '办理救助申请',
    'huyou.export': '导出护佑健康名单',
  },
  {
    'civil-affairs-admin': ['applications.read', 'huyou.export'],
    'civil-affairs-officer': ['applications.read', 'huyou.export'],
    'child-director': ['applications.read', 'applications.submit'],
    // The 护佑健康 list names the children: the registry reveals names and ID numbers to
    // civil-affairs staff only (apps/registry auth/permissions), so only they export it.
    'department-officer': ['applications.read', 'applications.submit', 'applications.act'],
    auditor: [],
  },
);

const DEPARTMENTS: readonly AssistanceDepartment[] = ['civil-affairs', 'disabled-persons-federation'];

/**
 * The deciding department a department officer belongs to (民政部门 or 残联); undefined for
 * the roles that see every kind (civil-affairs staff, child directors). An officer of another
 * department is refused.
 */
export function departmentScope(actor: Actor): AssistanceDepartment | undefined {
  switch (actor.role) {
    case 'civil-affairs-admin':
    case 'civil-affairs-officer':
    case 'child-director':
      return undefined;
    case 'auditor':
      throw permissionDenied('当前角色无权查看救助申请', { role: actor.role });
    case 'department-officer': {
      const own = actorDepartmentId(actor);
      if (own === undefined || !(DEPARTMENTS as readonly string[]).includes(own))
        throw permissionDenied('救助申请由民政部门、残联办理：请求头 x-department 须为其中之一', {
          header: 'x-department',
        });
      return own as AssistanceDepartment;
    }
    default:
      return assertNever(actor.role, 'role');
  }
}

/** The party an actor acts as, if any: the department officer's department, or the child director. */
export function partyOf(actor: Actor): AssistanceParty | undefined {
  if (actor.role === 'child-director') return 'child-director';
  if (actor.role === 'department-officer') return departmentScope(actor);
  return undefined;
}

/** The actor's party, or permission-denied. */
export function requireParty(actor: Actor): AssistanceParty {
  const party = partyOf(actor);
  if (party === undefined)
    throw permissionDenied('救助申请由民政部门、残联工作人员办理，儿童主任可协助提交；当前身份只能查看', {
      role: actor.role,
    });
  return party;
}
