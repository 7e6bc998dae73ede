import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import {
  REHABILITATION_ACTIONS,
  REHABILITATION_END_REASONS,
  REHABILITATION_END_REASON_RULES,
  REHABILITATION_STATES,
  REHABILITATION_STATE_LABELS,
  REHABILITATION_TRANSITIONS,
  SEVERE_MENTAL_DISORDER_PROGRAMME as PROGRAMME,
  type RehabilitationAction,
  type RehabilitationState,
} from '@care/health-rules';
import { PageQueryDto } from '@care/service-kit';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const CHILD_ID = /^[A-Za-z0-9._-]{1,64}$/;
export const REFERRAL_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const NOTE_MAX_LENGTH = 2000;
const CATEGORY_CODES = PROGRAMME.diagnosisCategories.map((c) => c.code);
const STABILITY_CODES = PROGRAMME.stabilities.map((s) => s.code);
const ADHERENCE_CODES = PROGRAMME.adherence.map((a) => a.code);
const INSTITUTION_DESCRIPTION = '18位统一社会信用代码（GB 32100-2015）';

export class RegisterPatientDto {
  @ApiProperty({ description: '儿童编号（登记服务的儿童ID）；记录归属儿童现居住县区' })
  @IsString({ message: '儿童编号须为文本' })
  @Matches(CHILD_ID, { message: '儿童编号须为1至64位字母、数字或 ._-' })
  childId!: string;

  @ApiProperty({
    enum: CATEGORY_CODES,
    description: PROGRAMME.diagnosisCategories.map((c) => `${c.code}：${c.label}`).join('；'),
  })
  @IsString({ message: '诊断类别须为文本' })
  @IsNotEmpty({ message: '须填写诊断类别' })
  diagnosisCategory!: string;

  @ApiProperty({ description: `诊断机构代码，${INSTITUTION_DESCRIPTION}` })
  @IsString({ message: '诊断机构代码须为文本' })
  @IsNotEmpty({ message: '须填写诊断机构代码' })
  @MaxLength(18, { message: '诊断机构代码为18位' })
  diagnosingInstitutionCode!: string;

  @ApiProperty({ description: '诊断日期，不晚于今日、不早于出生日期', example: '2026-03-01' })
  @IsString({ message: '诊断日期须为日期（YYYY-MM-DD）' })
  @Matches(DATE, { message: '诊断日期须为日期（YYYY-MM-DD）' })
  diagnosisDate!: string;

  @ApiProperty({ description: '监护人是否同意纳入管理（知情同意）' })
  @IsBoolean({ message: '监护人是否同意纳入管理须为 true 或 false' })
  guardianConsent!: boolean;

  @ApiPropertyOptional({ description: '登记日期，不晚于今日；不填为今日' })
  @IsOptional()
  @Matches(DATE, { message: '登记日期须为日期（YYYY-MM-DD）' })
  registeredOn?: string;
}

class RevisionDto {
  @ApiProperty({ description: '办理时看到的版本号（revision）；已被他人更新时拒绝（409）', example: 1 })
  @Type(() => Number)
  @IsInt({ message: '版本号须为整数' })
  @Min(1, { message: '版本号须为正整数' })
  revision!: number;

  @ApiPropertyOptional({
    description: '情况记录（加密保存，仅严重精神障碍管理专干可见）',
    maxLength: NOTE_MAX_LENGTH,
  })
  @IsOptional()
  @IsString({ message: '情况记录须为文本' })
  @MaxLength(NOTE_MAX_LENGTH, { message: `情况记录最长${NOTE_MAX_LENGTH}字` })
  note?: string;
}

export class FollowUpDto extends RevisionDto {
  @ApiPropertyOptional({ description: '随访日期，不晚于今日、晚于上次随访；不填为今日' })
  @IsOptional()
  @Matches(DATE, { message: '随访日期须为日期（YYYY-MM-DD）' })
  on?: string;

  @ApiProperty({ description: PROGRAMME.riskLevels.map((l) => `${l.level}级：${l.description}`).join('；') })
  @IsInt({ message: '危险性评估须为0至5级的整数' })
  @Min(0, { message: '危险性评估须为0至5级的整数' })
  @Max(5, { message: '危险性评估须为0至5级的整数' })
  riskLevel!: number;

  @ApiProperty({
    enum: STABILITY_CODES,
    description: PROGRAMME.stabilities.map((s) => `${s.code}：${s.label}`).join('；'),
  })
  @IsIn(STABILITY_CODES, { message: `病情分类须为 ${STABILITY_CODES.join('、')} 之一` })
  stability!: string;

  @ApiProperty({
    enum: ADHERENCE_CODES,
    description: PROGRAMME.adherence.map((a) => `${a.code}：${a.label}`).join('；'),
  })
  @IsIn(ADHERENCE_CODES, { message: `服药依从性须为 ${ADHERENCE_CODES.join('、')} 之一` })
  adherence!: string;
}

export class ConsentDto extends RevisionDto {
  @ApiProperty({ description: '监护人是否同意纳入管理' })
  @IsBoolean({ message: '监护人是否同意纳入管理须为 true 或 false' })
  guardianConsent!: boolean;

  @ApiPropertyOptional({ description: '变更日期，不晚于今日；不填为今日' })
  @IsOptional()
  @Matches(DATE, { message: '变更日期须为日期（YYYY-MM-DD）' })
  on?: string;
}

export class DueFollowUpsQueryDto extends PageQueryDto {
  @ApiProperty({ description: '县区代码（须在本人负责的区县内）', example: '371702' })
  @Matches(/^[0-9]{6}$/, { message: '县区代码须为6位行政区划代码' })
  countyCode!: string;

  @ApiProperty({ description: '查看用途（记入审计日志），2至200个字符' })
  @IsString({ message: '须说明查看用途（purpose）' })
  @MaxLength(200, { message: '查看用途最长200个字符' })
  purpose!: string;
}

export class OpenRehabilitationDto {
  @ApiProperty({ description: '儿童编号（须已纳入严重精神障碍患者管理且监护人同意）' })
  @IsString({ message: '儿童编号须为文本' })
  @Matches(CHILD_ID, { message: '儿童编号须为1至64位字母、数字或 ._-' })
  childId!: string;

  @ApiProperty({ description: `社区康复机构代码，${INSTITUTION_DESCRIPTION}` })
  @IsString({ message: '康复机构代码须为文本' })
  @IsNotEmpty({ message: '须填写康复机构代码' })
  @MaxLength(18, { message: '康复机构代码为18位' })
  institutionCode!: string;

  @ApiPropertyOptional({ description: '转介日期，不晚于今日；不填为今日' })
  @IsOptional()
  @Matches(DATE, { message: '转介日期须为日期（YYYY-MM-DD）' })
  on?: string;

  @ApiPropertyOptional({ description: '转介说明（加密保存）', maxLength: NOTE_MAX_LENGTH })
  @IsOptional()
  @IsString({ message: '转介说明须为文本' })
  @MaxLength(NOTE_MAX_LENGTH, { message: `转介说明最长${NOTE_MAX_LENGTH}字` })
  note?: string;
}

export class RehabilitationStepDto extends RevisionDto {
  @ApiProperty({
    enum: REHABILITATION_ACTIONS,
    description: REHABILITATION_ACTIONS.map((a) => `${a}：${REHABILITATION_TRANSITIONS[a].label}`).join('；'),
  })
  @IsIn(REHABILITATION_ACTIONS, { message: `办理事项须为 ${REHABILITATION_ACTIONS.join('、')} 之一` })
  action!: RehabilitationAction;

  @ApiPropertyOptional({ description: '办理日期，不晚于今日、不早于上一步；不填为今日' })
  @IsOptional()
  @Matches(DATE, { message: '办理日期须为日期（YYYY-MM-DD）' })
  on?: string;

  @ApiPropertyOptional({
    enum: REHABILITATION_END_REASONS,
    description: `结束原因（仅 end）：${REHABILITATION_END_REASONS.map((r) => `${r}：${REHABILITATION_END_REASON_RULES[r].label}`).join('；')}`,
  })
  @IsOptional()
  @IsString({ message: '结束原因须为文本' })
  endReason?: string;
}

export class ListRehabilitationDto extends DueFollowUpsQueryDto {
  @ApiPropertyOptional({
    enum: REHABILITATION_STATES,
    description: REHABILITATION_STATES.map((s) => `${s}：${REHABILITATION_STATE_LABELS[s]}`).join('；'),
  })
  @IsOptional()
  @IsIn(REHABILITATION_STATES, { message: `状态须为 ${REHABILITATION_STATES.join('、')} 之一` })
  state?: RehabilitationState;

  @ApiPropertyOptional({ description: '只看已逾期的' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: '须为 true 或 false' })
  overdueOnly?: boolean;
}
