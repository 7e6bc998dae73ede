import type { Accompaniment, DifficultyType, LocalDate, MigrantReason } from '@care/child-rules';
import type { EducationStage } from '@care/catalogue';
import type { OutboxEntry } from '@care/events';

/**
 * A child record as stored in the `children` collection. Personal fields (names, ID number,
 * addresses, phones) are only ever held sealed (`sm4:<v>:…`, PersonalDataService.seal); the ID
 * number is findable through its HMAC-SM3 blind index. Everything else is a non-identifying fact
 * kept in clear so it can be queried and published.
 */
export interface ChildRecord {
  /** childId: a ULID. */
  _id: string;
  /** +1 on every change: optimistic concurrency and the `version` consumers see in ChildFacts. */
  version: number;
  /** 居住地县区: the scope key of every query (6-digit GB/T 2260 code, current). */
  countyCode: string;
  /** 居住地乡镇/街道 (9 digits) where known, else ''. */
  townshipCode: string;
  personal: SealedPersonal;
  /** Blind index of the normalised ID number; `none:<childId>` when there is none (unique index). */
  idNumberIndex: string;
  /** 无身份证号: flagged for follow-up (待补录). */
  missingIdNumber: boolean;
  guardians: SealedGuardian[];
  birthDate: LocalDate;
  sex: ChildSex;
  /** 户籍地 division code (county level or below, historical codes allowed). */
  hukouDivisionCode: string;
  /** 居住史: oldest first; the last period is the current residence. */
  residenceHistory: ResidencePeriod[];
  accompaniedBy: Accompaniment;
  /** 重点关爱服务对象困境类型 found by screening. */
  difficultyTypes: DifficultyType[];
  /** 主动提出救助帮扶需求. */
  askedForHelp: boolean;
  circumstances: Circumstances;
  education: Education;
  /** 迁出: no longer lives at the current residence. */
  movedOut: boolean;
  movedOutOn?: LocalDate;
  movedOutTo?: string;
  determination: StoredDetermination;
  /** The last day the record was verified (摸排核实); stale after six months. */
  lastVerifiedOn: LocalDate;
  /** Where the record came from: a worker's entry or an Attachment 1 import. */
  source: RecordSource;
  /** Keyed HMAC of the last imported row's content: a re-import of an unchanged row is a duplicate. */
  importFingerprint?: string;
  createdAt: Date;
  updatedAt: Date;
  outbox: OutboxEntry[];
  outboxPending: boolean;
}

export type ChildSex = 'male' | 'female';
export type RecordSource = 'manual' | 'import';

export interface SealedPersonal {
  name: string;
  /** Absent when the child has no ID number. */
  idNumber?: string;
  hukouAddress: string;
  residenceAddress: string;
}

export interface SealedGuardian {
  name: string;
  /** 与监护人关系 (父亲, 母亲, 祖父母 …): not personal data by itself, kept in clear. */
  relation: string;
  phone: string;
}

export interface ResidencePeriod {
  /** Township (9 digits) where known, else the county (6 digits). */
  divisionCode: string;
  movedInOn: LocalDate;
  /** 迁出时间. */
  movedOutOn?: LocalDate;
}

/** The yes/no facts of common.v1.ChildFacts that the service list tests (all default false). */
export interface Circumstances {
  disabled: boolean; // 残疾儿童
  orphan: boolean; // 孤儿
  scatteredOrphan: boolean; // 社会散居孤儿
  deFactoUnsupported: boolean; // 事实无人抚养儿童
  keyHardship: boolean; // 重点困境儿童
  seriouslyIll: boolean; // 重病困境儿童
  aidsAffected: boolean; // 受艾滋病影响儿童
  minimumLiving: boolean; // 符合最低生活保障条件
  destitute: boolean; // 符合户籍地特困救助供养条件
  temporaryAssistance: boolean; // 符合本地临时救助情形
  housingDifficulty: boolean; // 家庭住房困难
  severeMentalDisorderAtHome: boolean; // 诊断明确、在家居住的严重精神障碍患者
}

export const CIRCUMSTANCE_KEYS = [
  'disabled',
  'orphan',
  'scatteredOrphan',
  'deFactoUnsupported',
  'keyHardship',
  'seriouslyIll',
  'aidsAffected',
  'minimumLiving',
  'destitute',
  'temporaryAssistance',
  'housingDifficulty',
  'severeMentalDisorderAtHome',
] as const satisfies readonly (keyof Circumstances)[];

export function noCircumstances(): Circumstances {
  return Object.fromEntries(CIRCUMSTANCE_KEYS.map((k) => [k, false])) as unknown as Circumstances;
}

export interface Education {
  stage: EducationStage;
  /** 就读学校 (a school is not personal data). */
  school: string;
  /** 年级. */
  grade: string;
  /** 在流入地就读. */
  inSchoolLocally: boolean;
}

/** The migrant-child determination as stored: nextChangeOn is indexed for the daily job. */
export interface StoredDetermination {
  isMigrant: boolean;
  reasons: MigrantReason[];
  /** The date the determination was made for. */
  asOf: LocalDate;
  /** The date the status will next change if the facts stay as they are; null when never. */
  nextChangeOn: LocalDate | null;
}

/** The fields a change may touch (what ChildUpdated.changed_fields names). */
export type ChildFieldName =
  | 'name'
  | 'idNumber'
  | 'hukouAddress'
  | 'residenceAddress'
  | 'guardians'
  | 'birthDate'
  | 'sex'
  | 'hukouDivisionCode'
  | 'residence'
  | 'accompaniedBy'
  | 'difficultyTypes'
  | 'askedForHelp'
  | 'circumstances'
  | 'education'
  | 'lastVerifiedOn';
