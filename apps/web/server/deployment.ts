import {
  DEPARTMENTS,
  DEPARTMENT_IDS,
  EDUCATION_STAGES,
  EDUCATION_STAGE_IDS,
  FACT_FLAGS,
  SERVICE_AREAS,
  type DepartmentId,
} from '@care/catalogue';
import { DIFFICULTY_TYPES, DIFFICULTY_TYPE_LABELS } from '@care/child-rules';
import { common } from '@care/contracts';
import { allProvinces, citiesOf, countiesOf, resolveDivision, townshipsOf } from '@care/divisions';
import type { DepartmentService, WebDeployment } from '../src/deployment';
import type { UpstreamName } from './config';

// What the UI needs to know about the deployment and the platform's vocabulary, answered by
// GET /api/web/v1/config. Names come from the domain libraries (GB/T 2260 divisions, the
// catalogue's departments, the ledger's difficulty types), so the browser bundle carries no copy
// of them and never loads the 800 KB division table.

/** The department services (@care/department-kit) and the 责任部门 each serves (its SERVICE_DEPARTMENTS default). */
export const DEPARTMENT_SERVICES = {
  education: ['education-sports'],
  'health-insurance': ['health', 'medical-insurance'],
  welfare: ['civil-affairs', 'disabled-persons-federation'],
  'housing-transport': ['housing', 'transport'],
} as const satisfies Record<DepartmentService & UpstreamName, readonly DepartmentId[]>;

/** The shape the UI reads (apps/web/src/deployment.ts): checked here, where it is made. */
export type { WebDeployment };

export function deploymentOf(cityCode: string): WebDeployment {
  const counties = countiesOf(cityCode).map((d) => ({ code: d.code, name: d.name }));
  return {
    cityCode,
    cityName: resolveDivision(cityCode)?.name ?? cityCode,
    counties,
    townships: Object.fromEntries(
      counties.map((c) => [c.code, townshipsOf(c.code).map((t) => ({ code: t.code, name: t.name }))]),
    ),
    cities: allProvinces().flatMap((p) => citiesOf(p.code).map((c) => ({ code: c.code, name: c.name }))),
    departments: DEPARTMENT_IDS.map((id) => ({
      id,
      accountDepartment: common.Department[DEPARTMENTS[id].protoNumber] ?? '',
      name: DEPARTMENTS[id].nameZh,
    })),
    departmentServices: (Object.keys(DEPARTMENT_SERVICES) as DepartmentService[]).map((service) => ({
      service,
      departments: DEPARTMENT_SERVICES[service],
    })),
    difficultyTypes: DIFFICULTY_TYPES.map((code) => ({ code, name: DIFFICULTY_TYPE_LABELS[code] })),
    serviceAreas: [...SERVICE_AREAS],
    educationStages: EDUCATION_STAGE_IDS.map((code) => ({ code, name: EDUCATION_STAGES[code].nameZh })),
    // The registry's circumstances (RegisterChildDto.circumstances) are the catalogue's fact flags
    // but 在流入地就读, which the registration form asks with the school.
    circumstances: Object.entries(FACT_FLAGS)
      .filter(([code]) => code !== 'inSchoolLocally')
      .map(([code, name]) => ({ code, name })),
  };
}
