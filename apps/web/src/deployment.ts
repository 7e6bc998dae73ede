// The deployment and the platform's vocabulary as the web server answers them
// (GET /api/web/v1/config, apps/web/server/deployment.ts): area names for the codes the services
// return, department names, the ledger's difficulty types. Pure lookups, unit-tested.

export interface NamedCode {
  readonly code: string;
  readonly name: string;
}

/** The department services of @care/department-kit (their `/api/<service>/` on this origin). */
export type DepartmentService = 'education' | 'health-insurance' | 'welfare' | 'housing-transport';

export interface DeploymentDepartment {
  /** The catalogue's id (`health`), as the catalogue and the department services answer. */
  readonly id: string;
  /** As the sign-in service writes it on the account (`DEPARTMENT_HEALTH`). */
  readonly accountDepartment: string;
  readonly name: string;
}

export interface WebDeployment {
  readonly cityCode: string;
  readonly cityName: string;
  readonly counties: readonly NamedCode[];
  readonly townships: Readonly<Record<string, readonly NamedCode[]>>;
  /** Every prefecture-level city (GB/T 2260), to name the partner cities of the gateway. */
  readonly cities: readonly NamedCode[];
  readonly departments: readonly DeploymentDepartment[];
  readonly departmentServices: readonly {
    readonly service: DepartmentService;
    readonly departments: readonly string[];
  }[];
  readonly difficultyTypes: readonly NamedCode[];
  readonly serviceAreas: readonly string[];
  /** 教育阶段 (@care/catalogue EDUCATION_STAGES). */
  readonly educationStages: readonly NamedCode[];
  /** The registry's circumstances flags (残疾儿童, 孤儿, …) with their names. */
  readonly circumstances: readonly NamedCode[];
}

/** The name of a city (371700), county (371702) or township (371702001) code; the code itself when unknown. */
export function areaName(deployment: WebDeployment | null, code: string): string {
  if (!deployment || code === '') return code;
  if (code === deployment.cityCode) return deployment.cityName;
  if (code.length === 6)
    return (
      deployment.counties.find((c) => c.code === code)?.name ??
      deployment.cities.find((c) => c.code === code)?.name ??
      code
    );
  // A township is listed under the county that administers it, which is not always its code's
  // prefix (the development zones administer some of 牡丹区's townships).
  for (const list of Object.values(deployment.townships)) {
    const township = list.find((t) => t.code === code);
    if (township) return township.name;
  }
  return code;
}

/** `牡丹区（371702）`: the name with its code, for selects. */
export function areaLabel(deployment: WebDeployment | null, code: string): string {
  const name = areaName(deployment, code);
  return name === code ? code : `${name}（${code}）`;
}

export function departmentName(deployment: WebDeployment | null, id: string): string {
  return deployment?.departments.find((d) => d.id === id || d.accountDepartment === id)?.name ?? id;
}

/** The catalogue id of the account's department (`DEPARTMENT_HEALTH` → `health`). */
export function departmentIdOfAccount(
  deployment: WebDeployment | null,
  accountDepartment: string,
): string | undefined {
  return deployment?.departments.find(
    (d) => d.accountDepartment === accountDepartment || d.id === accountDepartment,
  )?.id;
}

/** The department service that serves the account's department, if any. */
export function serviceOfDepartment(
  deployment: WebDeployment | null,
  accountDepartment: string,
): DepartmentService | undefined {
  const id = departmentIdOfAccount(deployment, accountDepartment);
  if (id === undefined) return undefined;
  return deployment?.departmentServices.find((s) => s.departments.includes(id))?.service;
}

export function difficultyName(deployment: WebDeployment | null, code: string): string {
  return deployment?.difficultyTypes.find((t) => t.code === code)?.name ?? code;
}

/** The labels of the department services (the web server's upstream labels). */
export const DEPARTMENT_SERVICE_LABELS: Readonly<Record<DepartmentService, string>> = {
  education: '教育（教体局）',
  'health-insurance': '卫生健康与医保（卫健委、医保局）',
  welfare: '民政福利（民政局、残联）',
  'housing-transport': '住建交通（住建局、交通运输局）',
};
