import {
  DEPARTMENTS,
  DIFFICULTY_TYPES,
  departmentFromProto,
  type DepartmentId,
  type DifficultyType,
  type ServiceList,
} from '@care/catalogue';
import { catalogue, common } from '@care/contracts';

// The only place where the catalogue's string ids meet protobuf enum numbers (through the
// domain's vocabulary tables, which proto-mapping.spec.ts checks against the generated enums).

export function departmentToProto(department: DepartmentId): common.Department {
  return DEPARTMENTS[department].protoNumber as common.Department;
}

export function departmentsToProto(departments: readonly string[]): common.Department[] {
  return departments
    .filter((d): d is DepartmentId => Object.prototype.hasOwnProperty.call(DEPARTMENTS, d))
    .map(departmentToProto);
}

export function departmentsFromProto(values: readonly number[]): DepartmentId[] {
  return values.map(departmentFromProto).filter((d): d is DepartmentId => d !== undefined);
}

export function difficultyTypeToProto(type: DifficultyType): common.DifficultyType {
  return DIFFICULTY_TYPES[type].protoNumber as common.DifficultyType;
}

/** A list for gRPC; `basicCodes` are the city list's item codes (the items a county may not drop). */
export function serviceListToProto(
  list: ServiceList,
  basicCodes: ReadonlySet<string>,
): catalogue.ServiceList {
  return {
    countyCode: list.divisionCode,
    version: list.version,
    effectiveFrom: list.effectiveFrom ?? '',
    publishedAt: list.publishedAt ?? '',
    items: list.items.map((item) => ({
      code: item.code,
      area: item.area,
      targetGroup: item.targetGroup,
      name: item.name,
      content: item.content,
      departments: item.departments.map(departmentToProto),
      basic: basicCodes.has(item.code),
    })),
  };
}
