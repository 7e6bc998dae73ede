/**
 * 重点关爱服务对象困境类型 (Attachment 1 note 1): the five difficulty types, plus the migrant
 * children who moved across townships and asked for help themselves. A child may have several.
 * The ids match @care/catalogue's vocabulary; the numbers match common.v1.DifficultyType.
 */
export type DifficultyType =
  | 'family-hardship'
  | 'disability'
  | 'lack-of-guardianship'
  | 'vagrancy'
  | 'psychological-behavioural'
  | 'cross-township-help-request';

export const DIFFICULTY_TYPES: readonly DifficultyType[] = [
  'family-hardship',
  'disability',
  'lack-of-guardianship',
  'vagrancy',
  'psychological-behavioural',
  'cross-township-help-request',
];

/** The five difficulty types proper (困境类型), without the help request. */
export type HardshipDifficultyType = Exclude<DifficultyType, 'cross-township-help-request'>;

export const DIFFICULTY_TYPE_LABELS: Readonly<Record<DifficultyType, string>> = {
  'family-hardship': '家庭生活困难',
  disability: '自身残疾',
  'lack-of-guardianship': '监护缺失',
  vagrancy: '流浪',
  'psychological-behavioural': '心理和行为异常',
  'cross-township-help-request': '跨乡镇（街道）主动提出救助帮扶需求',
};

/** common.v1.DifficultyType numbers (0 is DIFFICULTY_TYPE_UNSPECIFIED and has no id). */
export const DIFFICULTY_TYPE_PROTO_NUMBERS: Readonly<Record<DifficultyType, number>> = {
  'family-hardship': 1,
  disability: 2,
  'lack-of-guardianship': 3,
  vagrancy: 4,
  'psychological-behavioural': 5,
  'cross-township-help-request': 6,
};

export function isDifficultyType(value: unknown): value is DifficultyType {
  return typeof value === 'string' && (DIFFICULTY_TYPES as readonly string[]).includes(value);
}

export function difficultyTypeToProto(type: DifficultyType): number {
  return DIFFICULTY_TYPE_PROTO_NUMBERS[type];
}

/** Undefined for 0 (unspecified) and for numbers a newer contract may add. */
export function difficultyTypeFromProto(value: number): DifficultyType | undefined {
  return DIFFICULTY_TYPES.find((type) => DIFFICULTY_TYPE_PROTO_NUMBERS[type] === value);
}

/** The type named by its Chinese label (Excel import); surrounding spaces and full-width brackets tolerated. */
export function difficultyTypeFromLabel(label: string): DifficultyType | undefined {
  const wanted = label.normalize('NFKC').replace(/\s/g, '');
  return DIFFICULTY_TYPES.find((type) => DIFFICULTY_TYPE_LABELS[type].normalize('NFKC') === wanted);
}
