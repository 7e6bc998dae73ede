import { DomainError } from '@care/errors';
import type { Actor, Role } from './actor';
import { definePermissions, roleRefusal } from './permission-table';

const table = definePermissions(
  { read: '查看清单', publish: '发布清单' },
  {
    'civil-affairs-admin': ['read', 'publish'],
    'civil-affairs-officer': ['read'],
    'child-director': ['read'],
    'department-officer': ['read'],
    auditor: [],
  },
);

const actor = (role: Role): Actor => ({
  userId: 'u1',
  role,
  department: 'DEPARTMENT_CIVIL_AFFAIRS',
  countyCodes: ['371702'],
});

describe('permission tables', () => {
  it('answers per role and action, and lists the roles of an action in ROLES order', () => {
    expect(table.allows('civil-affairs-admin', 'publish')).toBe(true);
    expect(table.allows('civil-affairs-officer', 'publish')).toBe(false);
    expect(table.rolesFor('read')).toEqual([
      'civil-affairs-admin',
      'civil-affairs-officer',
      'child-director',
      'department-officer',
    ]);
    expect(table.rolesFor('publish')).toEqual(['civil-affairs-admin']);
  });

  it('refuses in Chinese, naming the role, the action and who may', () => {
    expect(() => table.assert(actor('civil-affairs-admin'), 'publish')).not.toThrow();
    let error: unknown;
    try {
      table.assert(actor('auditor'), 'read');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      code: 'permission-denied',
      message: '当前角色（审计员）无权查看清单，需要：民政局管理员、民政工作人员、儿童主任、部门工作人员',
      details: { role: 'auditor', action: 'read' },
    });
  });

  it('words a refusal without an action as the generic operation', () => {
    expect(roleRefusal('auditor', ['civil-affairs-admin'])).toBe(
      '当前角色（审计员）无权执行此操作，需要：民政局管理员',
    );
  });

  it('refuses a table granting an action it does not declare', () => {
    expect(() =>
      definePermissions<string>(
        { read: '查看' },
        {
          'civil-affairs-admin': ['write'],
          'civil-affairs-officer': [],
          'child-director': [],
          'department-officer': [],
          auditor: [],
        },
      ),
    ).toThrow(/undeclared action write/);
  });
});
