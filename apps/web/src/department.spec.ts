import { canRecordDelivery, departmentServicesFor } from './department';
import type { WebDeployment } from './deployment';

const deployment = {
  cityCode: '371700',
  cityName: '菏泽市',
  counties: [],
  townships: {},
  cities: [],
  departments: [
    { id: 'health', accountDepartment: 'DEPARTMENT_HEALTH', name: '卫健委' },
    { id: 'education-sports', accountDepartment: 'DEPARTMENT_EDUCATION_SPORTS', name: '教体局' },
    { id: 'court', accountDepartment: 'DEPARTMENT_COURT', name: '人民法院' },
  ],
  departmentServices: [
    { service: 'education', departments: ['education-sports'] },
    { service: 'health-insurance', departments: ['health', 'medical-insurance'] },
  ],
  difficultyTypes: [],
  serviceAreas: [],
  educationStages: [],
  circumstances: [],
} satisfies WebDeployment;

describe('department workspaces by role and department', () => {
  it.each([
    ['a health officer: health-insurance', 'department-officer', 'DEPARTMENT_HEALTH', ['health-insurance']],
    ['a teacher: education', 'department-officer', 'DEPARTMENT_EDUCATION_SPORTS', ['education']],
    ['a department no service serves: none', 'department-officer', 'DEPARTMENT_COURT', []],
    [
      'civil affairs reads every service',
      'civil-affairs-officer',
      'DEPARTMENT_CIVIL_AFFAIRS',
      ['education', 'health-insurance'],
    ],
    [
      'civil-affairs admin too',
      'civil-affairs-admin',
      'DEPARTMENT_CIVIL_AFFAIRS',
      ['education', 'health-insurance'],
    ],
    ['a child director: none', 'child-director', 'DEPARTMENT_CIVIL_AFFAIRS', []],
    ['the auditor: none', 'auditor', 'DEPARTMENT_CIVIL_AFFAIRS', []],
  ])('%s', (_why, role, department, services) =>
    expect(departmentServicesFor(deployment, role, department)).toEqual(services),
  );

  it('answers none before the deployment is loaded', () => {
    expect(departmentServicesFor(null, 'department-officer', 'DEPARTMENT_HEALTH')).toEqual([]);
    expect(departmentServicesFor(null, 'civil-affairs-officer', 'DEPARTMENT_CIVIL_AFFAIRS')).toEqual([]);
  });

  it('only department officers record deliveries', () => {
    expect(canRecordDelivery('department-officer')).toBe(true);
    for (const role of ['civil-affairs-admin', 'civil-affairs-officer', 'child-director', 'auditor'])
      expect(canRecordDelivery(role)).toBe(false);
  });
});
