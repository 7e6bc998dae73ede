// Which department workspaces the signed-in person sees (ADR 0007): the menu shows only what the
// roles allow; the services still decide every call (the menu is convenience, not access control).

export type WorkspaceId = 'registry' | 'catalogue' | 'department' | 'gateway' | 'monitoring';

export interface Workspace {
  readonly id: WorkspaceId;
  readonly label: string;
  readonly path: string;
}

/** 登记: the registry's children lists answer every role but the auditor (apps/registry README). */
const REGISTRY_ROLES: readonly string[] = ['civil-affairs-admin', 'civil-affairs-officer', 'child-director'];

/** 服务清单: the lists are public facts (every role reads them, catalogue-permissions 'list.read'); gaps are hidden from the auditor inside. */
const CATALOGUE_ROLES: readonly string[] = [
  'civil-affairs-admin',
  'civil-affairs-officer',
  'child-director',
  'department-officer',
  'auditor',
];

/** 部门工作台: department officers (their department's service), civil affairs reading (DEPARTMENT_PERMISSIONS 'worklist.read'). */
const DEPARTMENT_ROLES: readonly string[] = [
  'department-officer',
  'civil-affairs-admin',
  'civil-affairs-officer',
];

/** 跨区域比对: the gateway's comparison tasks (GATEWAY_PERMISSIONS 'tasks.read' / 'tasks.resolve'). */
const GATEWAY_ROLES: readonly string[] = ['civil-affairs-admin', 'civil-affairs-officer'];

/** 监测大屏: the city platform's figures (MONITORING_PERMISSIONS 'kpis.read'; counts only, never a child). */
const MONITORING_ROLES: readonly string[] = [
  'civil-affairs-admin',
  'civil-affairs-officer',
  'department-officer',
  'auditor',
];

export const WORKSPACES: readonly Workspace[] = [
  { id: 'registry', label: '登记', path: '/registry' },
  { id: 'department', label: '部门工作台', path: '/department' },
  { id: 'catalogue', label: '服务清单', path: '/catalogue' },
  { id: 'gateway', label: '跨区域比对', path: '/gateway' },
  { id: 'monitoring', label: '监测大屏', path: '/monitoring' },
];

export function workspacesFor(role: string): Workspace[] {
  return WORKSPACES.filter((w) => {
    switch (w.id) {
      case 'registry':
        return REGISTRY_ROLES.includes(role);
      case 'catalogue':
        return CATALOGUE_ROLES.includes(role);
      case 'department':
        return DEPARTMENT_ROLES.includes(role);
      case 'gateway':
        return GATEWAY_ROLES.includes(role);
      case 'monitoring':
        return MONITORING_ROLES.includes(role);
    }
  });
}
