// Which department workspaces the signed-in person sees (ADR 0007): the menu shows only what the
// roles allow; the services still decide every call (the menu is convenience, not access control).

export type WorkspaceId = 'registry';

export interface Workspace {
  readonly id: WorkspaceId;
  readonly label: string;
  readonly path: string;
}

/** 登记: the registry's children lists answer every role but the auditor (apps/registry README). */
const REGISTRY_ROLES: readonly string[] = ['civil-affairs-admin', 'civil-affairs-officer', 'child-director'];

export const WORKSPACES: readonly Workspace[] = [{ id: 'registry', label: '登记', path: '/registry' }];

export function workspacesFor(role: string): Workspace[] {
  return WORKSPACES.filter((w) => {
    switch (w.id) {
      case 'registry':
        return REGISTRY_ROLES.includes(role);
    }
  });
}
