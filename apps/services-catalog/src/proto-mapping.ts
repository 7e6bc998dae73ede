import {
  DEPARTMENTS,
  DIFFICULTY_TYPES,
  departmentFromProto,
  difficultyTypeFromProto,
  educationStageFromProto,
  type ChildFacts,
  type DepartmentId,
  type DifficultyType,
  type ServiceList,
} from '@care/catalogue';
import { isLocalDate } from '@care/child-rules';
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

/** What the catalogue keeps of a registry event's facts. */
export interface ChildFactsUpdate {
  readonly childId: string;
  readonly version: number;
  readonly countyCode: string;
  readonly facts: ChildFacts;
}

export type FactsReadResult =
  { readonly ok: true; readonly value: ChildFactsUpdate } | { readonly ok: false; readonly reason: string };

/** Reads common.v1.ChildFacts; a message that breaks the contract is refused with the reason. */
export function factsFromProto(proto: common.ChildFacts | undefined): FactsReadResult {
  if (proto === undefined) return { ok: false, reason: 'facts missing' };
  if (proto.childId.trim() === '') return { ok: false, reason: 'facts.child_id empty' };
  const version = Number(proto.version);
  if (!Number.isSafeInteger(version) || version < 0)
    return { ok: false, reason: `facts.version not a non-negative integer: ${proto.version}` };
  if (!isLocalDate(proto.birthDate)) return { ok: false, reason: `facts.birth_date not YYYY-MM-DD` };
  if (proto.residenceCountyCode !== '' && !/^[0-9]{6}$/.test(proto.residenceCountyCode)) {
    return { ok: false, reason: 'facts.residence_county_code not 6 digits' };
  }
  const difficultyTypes = [
    ...new Set(
      proto.difficultyTypes.map(difficultyTypeFromProto).filter((t): t is DifficultyType => t !== undefined),
    ),
  ];
  return {
    ok: true,
    value: {
      childId: proto.childId,
      version,
      countyCode: proto.residenceCountyCode,
      facts: {
        birthDate: proto.birthDate,
        educationStage: educationStageFromProto(proto.educationStage),
        inSchoolLocally: proto.inSchoolLocally,
        disabled: proto.disabled,
        orphan: proto.orphan,
        scatteredOrphan: proto.scatteredOrphan,
        deFactoUnsupported: proto.deFactoUnsupported,
        keyHardship: proto.keyHardship,
        seriouslyIll: proto.seriouslyIll,
        aidsAffected: proto.aidsAffected,
        minimumLiving: proto.minimumLiving,
        destitute: proto.destitute,
        temporaryAssistance: proto.temporaryAssistance,
        housingDifficulty: proto.housingDifficulty,
        severeMentalDisorderAtHome: proto.severeMentalDisorderAtHome,
        isMigrant: proto.isMigrant,
        movedOut: proto.movedOut,
        difficultyTypes,
      },
    },
  };
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
