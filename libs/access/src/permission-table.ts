import { permissionDenied } from '@care/errors';
import { ROLE_LABELS, ROLES, type Actor, type Role } from './actor';

/**
 * An app's own permission table: the actions it guards (with the Chinese phrase a refusal
 * names) and, for EVERY role, the actions that role may perform. Typed as `Record<Role, ...>`,
 * so adding a role to ROLES does not compile until every app has decided what it may do.
 */
export interface PermissionTable<A extends string> {
  /** Action -> Chinese phrase used in refusals (`无权<phrase>`), e.g. `发布服务清单`. */
  readonly actions: Readonly<Record<A, string>>;
  allows(role: Role, action: A): boolean;
  /** The roles that may perform the action, in ROLES order. */
  rolesFor(action: A): Role[];
  /** Throws permission-denied naming the role, the action and the roles that may perform it. */
  assert(actor: Actor, action: A): void;
}

/** Chinese refusal for a role lacking an action: `当前角色（审计员）无权发布服务清单，需要：民政局管理员`. */
export function roleRefusal(role: Role, allowed: readonly Role[], what?: string): string {
  const needed = allowed.length === 0 ? '（无角色可执行）' : allowed.map((r) => ROLE_LABELS[r]).join('、');
  return `当前角色（${ROLE_LABELS[role]}）无权${what ?? '执行此操作'}，需要：${needed}`;
}

export function definePermissions<A extends string>(
  actions: Readonly<Record<A, string>>,
  grants: Readonly<Record<Role, readonly A[]>>,
): PermissionTable<A> {
  for (const role of ROLES) {
    for (const action of grants[role]) {
      if (!Object.prototype.hasOwnProperty.call(actions, action)) {
        throw new Error(`permission table: role ${role} is granted an undeclared action ${action}`);
      }
    }
  }
  const allows = (role: Role, action: A): boolean => grants[role].includes(action);
  const rolesFor = (action: A): Role[] => ROLES.filter((role) => allows(role, action));
  return Object.freeze({
    actions,
    allows,
    rolesFor,
    assert(actor: Actor, action: A): void {
      if (!allows(actor.role, action)) {
        throw permissionDenied(roleRefusal(actor.role, rolesFor(action), actions[action]), {
          role: actor.role,
          action,
        });
      }
    },
  });
}
