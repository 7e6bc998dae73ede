import { canExportLedger, canImport, revealFieldsFor } from './registry';
import { workspacesFor } from './workspaces';

describe('menu by role', () => {
  it.each([
    ['civil-affairs-admin', ['登记', '部门工作台', '服务清单', '跨区域比对', '监测大屏']],
    ['civil-affairs-officer', ['登记', '部门工作台', '服务清单', '跨区域比对', '监测大屏']],
    ['child-director', ['登记', '服务清单']],
    ['department-officer', ['部门工作台', '服务清单', '监测大屏']],
    ['auditor', ['服务清单', '监测大屏']],
    ['system-admin', []],
    ['security-admin', []],
    ['unknown', []],
  ])('%s sees %j', (role, labels) => {
    expect(workspacesFor(role).map((w) => w.label)).toEqual(labels);
  });
  it('asks to reveal only what the registry lets the role see', () => {
    expect(revealFieldsFor('civil-affairs-officer')).toEqual(['name', 'idNumber']);
    expect(revealFieldsFor('civil-affairs-admin')).toEqual(['name', 'idNumber']);
    expect(revealFieldsFor('child-director')).toEqual(['name']);
    expect(revealFieldsFor('department-officer')).toEqual([]);
    expect(revealFieldsFor('auditor')).toEqual([]);
  });
});

describe('registry actions by role', () => {
  it('import and export: civil-affairs admin and officer only', () => {
    expect(canImport('civil-affairs-admin')).toBe(true);
    expect(canImport('civil-affairs-officer')).toBe(true);
    expect(canExportLedger('civil-affairs-officer')).toBe(true);
    for (const role of ['child-director', 'department-officer', 'auditor']) {
      expect(canImport(role)).toBe(false);
      expect(canExportLedger(role)).toBe(false);
    }
  });
});
