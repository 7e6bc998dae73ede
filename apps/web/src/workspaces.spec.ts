import { revealFieldsFor } from './registry';
import { workspacesFor } from './workspaces';

describe('menu by role', () => {
  it.each(['civil-affairs-admin', 'civil-affairs-officer', 'child-director'])('%s sees 登记', (role) => {
    expect(workspacesFor(role).map((w) => w.label)).toEqual(['登记']);
  });
  it.each(['auditor', 'department-officer', 'system-admin', 'unknown'])(
    '%s sees no registry workspace',
    (role) => {
      expect(workspacesFor(role)).toEqual([]);
    },
  );
  it('asks to reveal only what the registry lets the role see', () => {
    expect(revealFieldsFor('civil-affairs-officer')).toEqual(['name', 'idNumber']);
    expect(revealFieldsFor('civil-affairs-admin')).toEqual(['name', 'idNumber']);
    expect(revealFieldsFor('child-director')).toEqual(['name']);
    expect(revealFieldsFor('department-officer')).toEqual([]);
    expect(revealFieldsFor('auditor')).toEqual([]);
  });
});
