/**
 * The closed vocabularies the catalogue speaks: departments, education stages, difficulty
 * types and service areas. Each table is the ONE place where a domain id meets its protobuf
 * enum number (common/v1/*.proto) and its Chinese label, so transports convert through it and
 * a unit test in the app checks it against the generated enums.
 */

/** 责任部门: kebab-case mirrors of common.v1.Department (DEPARTMENT_CIVIL_AFFAIRS -> 'civil-affairs'). */
export const DEPARTMENTS = {
  'civil-affairs': { protoNumber: 1, nameZh: '民政局' },
  'education-sports': { protoNumber: 2, nameZh: '教体局' },
  'public-security': { protoNumber: 3, nameZh: '公安局' },
  health: { protoNumber: 4, nameZh: '卫健委' },
  'medical-insurance': { protoNumber: 5, nameZh: '医保局' },
  'disabled-persons-federation': { protoNumber: 6, nameZh: '残联' },
  housing: { protoNumber: 7, nameZh: '住建局' },
  transport: { protoNumber: 8, nameZh: '交通运输局' },
  'human-resources': { protoNumber: 9, nameZh: '人社局' },
  'womens-federation': { protoNumber: 10, nameZh: '妇联' },
  'youth-league': { protoNumber: 11, nameZh: '团委' },
  court: { protoNumber: 12, nameZh: '人民法院' },
  procuratorate: { protoNumber: 13, nameZh: '人民检察院' },
  'political-legal-committee': { protoNumber: 14, nameZh: '政法委' },
  cyberspace: { protoNumber: 15, nameZh: '网信办' },
  'development-reform': { protoNumber: 16, nameZh: '发改委' },
  finance: { protoNumber: 17, nameZh: '财政局' },
  statistics: { protoNumber: 18, nameZh: '统计局' },
  'radio-tv': { protoNumber: 19, nameZh: '广播电视台' },
  'luxi-new-area-social-affairs': { protoNumber: 20, nameZh: '鲁西新区社会事业局' },
} as const satisfies Record<string, { protoNumber: number; nameZh: string }>;

export type DepartmentId = keyof typeof DEPARTMENTS;
export const DEPARTMENT_IDS = Object.keys(DEPARTMENTS) as DepartmentId[];

/** Stage of education (common.v1.EducationStage). 'unspecified' means the registry does not know. */
export const EDUCATION_STAGES = {
  unspecified: { protoNumber: 0, nameZh: '未知' },
  none: { protoNumber: 1, nameZh: '未入学' },
  preschool: { protoNumber: 2, nameZh: '学前教育' },
  primary: { protoNumber: 3, nameZh: '小学' },
  'junior-secondary': { protoNumber: 4, nameZh: '初中' },
  'senior-secondary': { protoNumber: 5, nameZh: '普通高中' },
  'secondary-vocational': { protoNumber: 6, nameZh: '中等职业教育' },
  special: { protoNumber: 7, nameZh: '特殊教育' },
} as const satisfies Record<string, { protoNumber: number; nameZh: string }>;

export type EducationStage = keyof typeof EDUCATION_STAGES;
export const EDUCATION_STAGE_IDS = Object.keys(EDUCATION_STAGES) as EducationStage[];

/** 重点关爱服务对象困境类型 (common.v1.DifficultyType, Attachment 1 note 1). */
export const DIFFICULTY_TYPES = {
  'family-hardship': { protoNumber: 1, nameZh: '家庭生活困难' },
  disability: { protoNumber: 2, nameZh: '自身残疾' },
  'lack-of-guardianship': { protoNumber: 3, nameZh: '监护缺失' },
  vagrancy: { protoNumber: 4, nameZh: '流浪' },
  'psychological-behavioural': { protoNumber: 5, nameZh: '心理和行为异常' },
  'cross-township-help-request': { protoNumber: 6, nameZh: '跨乡镇（街道）主动提出救助帮扶需求' },
} as const satisfies Record<string, { protoNumber: number; nameZh: string }>;

export type DifficultyType = keyof typeof DIFFICULTY_TYPES;
export const DIFFICULTY_TYPE_IDS = Object.keys(DIFFICULTY_TYPES) as DifficultyType[];

/** 服务领域: the six areas of the national basic list. */
export const SERVICE_AREAS = [
  '幼有所育',
  '学有所教',
  '病有所医',
  '住有所居',
  '弱有所扶',
  '发展保障',
] as const;
export type ServiceArea = (typeof SERVICE_AREAS)[number];

export function isDepartmentId(value: unknown): value is DepartmentId {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(DEPARTMENTS, value);
}

export function isEducationStage(value: unknown): value is EducationStage {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(EDUCATION_STAGES, value);
}

export function isDifficultyType(value: unknown): value is DifficultyType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(DIFFICULTY_TYPES, value);
}

export function isServiceArea(value: unknown): value is ServiceArea {
  return typeof value === 'string' && (SERVICE_AREAS as readonly string[]).includes(value);
}

function byProtoNumber<K extends string>(table: Record<K, { protoNumber: number }>): ReadonlyMap<number, K> {
  return new Map((Object.keys(table) as K[]).map((id) => [table[id].protoNumber, id]));
}

const departmentByNumber = byProtoNumber(DEPARTMENTS);
const stageByNumber = byProtoNumber(EDUCATION_STAGES);
const difficultyByNumber = byProtoNumber(DIFFICULTY_TYPES);

/** The department for a proto enum number; undefined for UNSPECIFIED or a number this build does not know. */
export function departmentFromProto(protoNumber: number): DepartmentId | undefined {
  return departmentByNumber.get(protoNumber);
}

/** Unknown numbers read as 'unspecified', so a newer producer's stage never breaks a consumer. */
export function educationStageFromProto(protoNumber: number): EducationStage {
  return stageByNumber.get(protoNumber) ?? 'unspecified';
}

export function difficultyTypeFromProto(protoNumber: number): DifficultyType | undefined {
  return difficultyByNumber.get(protoNumber);
}
