export { className } from '../shared';

/**
 * The department services of the user's card, with the departments each serves (catalogue
 * department ids) and its place in the topic registry's DOMAINS (ports 3101 + index,
 * gRPC 50101 + index). generator.spec.ts checks this table against DOMAINS and DEPARTMENTS.
 */
export const DEPARTMENT_SERVICES = {
  education: { index: 2, departments: ['education-sports'], titleZh: '教育服务（市教体局）' },
  'health-insurance': {
    index: 3,
    departments: ['health', 'medical-insurance'],
    titleZh: '卫生健康与医疗保障服务（市卫健委、市医保局）',
  },
  welfare: {
    index: 4,
    departments: ['civil-affairs', 'disabled-persons-federation'],
    titleZh: '社会救助与残疾人服务（市民政局、市残联）',
  },
  'housing-transport': {
    index: 5,
    departments: ['housing', 'transport'],
    titleZh: '住房与交通服务（市住建局、市交通运输局）',
  },
} as const;

export type DepartmentServiceName = keyof typeof DEPARTMENT_SERVICES;

export function isDepartmentServiceName(value: string): value is DepartmentServiceName {
  return Object.prototype.hasOwnProperty.call(DEPARTMENT_SERVICES, value);
}

/** `education-sports` -> `DEPARTMENT_EDUCATION_SPORTS` (common.v1.Department). */
export function protoDepartment(department: string): string {
  return `DEPARTMENT_${department.toUpperCase().replace(/-/g, '_')}`;
}
