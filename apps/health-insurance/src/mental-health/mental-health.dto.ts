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
  MaxLength,
  Min,
} from 'class-validator';
import {
  MENTAL_HEALTH_ACTIONS,
  MENTAL_HEALTH_SOURCES,
  MENTAL_HEALTH_SOURCE_LABELS,
  MENTAL_HEALTH_STATES,
  MENTAL_HEALTH_STATE_LABELS,
  MENTAL_HEALTH_TRANSITIONS,
  type MentalHealthAction,
  type MentalHealthSource,
  type MentalHealthState,
} from '@care/health-rules';
import { PageQueryDto } from '@care/service-kit';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const REFERRAL_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const NARRATIVE_MAX_LENGTH = 2000;

export class OpenMentalHealthReferralDto {
  @ApiProperty({ description: '儿童编号（登记服务的儿童ID）；记录归属儿童现居住县区' })
  @IsString({ message: '儿童编号须为文本' })
  @IsNotEmpty({ message: '须填写儿童编号' })
  @MaxLength(64, { message: '儿童编号最长64位' })
  childId!: string;

  @ApiProperty({
    enum: MENTAL_HEALTH_SOURCES,
    description: MENTAL_HEALTH_SOURCES.map((s) => `${s}：${MENTAL_HEALTH_SOURCE_LABELS[s]}`).join('；'),
  })
  @IsIn(MENTAL_HEALTH_SOURCES, { message: `报告来源须为 ${MENTAL_HEALTH_SOURCES.join('、')} 之一` })
  source!: MentalHealthSource;

  @ApiProperty({ description: '情况描述（加密保存，仅精神卫生专干可见）', maxLength: NARRATIVE_MAX_LENGTH })
  @IsString({ message: '情况描述须为文本' })
  @IsNotEmpty({ message: '须填写情况描述' })
  @MaxLength(NARRATIVE_MAX_LENGTH, { message: `情况描述最长${NARRATIVE_MAX_LENGTH}字` })
  concern!: string;

  @ApiPropertyOptional({ description: '报告日期，不晚于今日；不填为今日', example: '2026-05-20' })
  @IsOptional()
  @Matches(DATE, { message: '报告日期须为日期（YYYY-MM-DD）' })
  openedOn?: string;
}

export class MentalHealthStepDto {
  @ApiProperty({
    enum: MENTAL_HEALTH_ACTIONS,
    description: MENTAL_HEALTH_ACTIONS.map((a) => `${a}：${MENTAL_HEALTH_TRANSITIONS[a].label}`).join('；'),
  })
  @IsIn(MENTAL_HEALTH_ACTIONS, { message: `办理事项须为 ${MENTAL_HEALTH_ACTIONS.join('、')} 之一` })
  action!: MentalHealthAction;

  @ApiProperty({ description: '办理时看到的版本号（revision）；已被他人更新时拒绝（409）', example: 1 })
  @Type(() => Number)
  @IsInt({ message: '版本号须为整数' })
  @Min(1, { message: '版本号须为正整数' })
  revision!: number;

  @ApiPropertyOptional({ description: '办理日期，不晚于今日、不早于上一步；不填为今日' })
  @IsOptional()
  @Matches(DATE, { message: '办理日期须为日期（YYYY-MM-DD）' })
  on?: string;

  @ApiPropertyOptional({
    description: '办理情况（评估结论、干预记录；加密保存）',
    maxLength: NARRATIVE_MAX_LENGTH,
  })
  @IsOptional()
  @IsString({ message: '办理情况须为文本' })
  @MaxLength(NARRATIVE_MAX_LENGTH, { message: `办理情况最长${NARRATIVE_MAX_LENGTH}字` })
  note?: string;
}

export class ListMentalHealthReferralsDto extends PageQueryDto {
  @ApiProperty({ description: '县区代码（须在本人负责的区县内）', example: '371702' })
  @Matches(/^[0-9]{6}$/, { message: '县区代码须为6位行政区划代码' })
  countyCode!: string;

  @ApiProperty({ description: '查看用途（记入审计日志），2至200个字符' })
  @IsString({ message: '须说明查看用途（purpose）' })
  @MaxLength(200, { message: '查看用途最长200个字符' })
  purpose!: string;

  @ApiPropertyOptional({
    enum: MENTAL_HEALTH_STATES,
    description: MENTAL_HEALTH_STATES.map((s) => `${s}：${MENTAL_HEALTH_STATE_LABELS[s]}`).join('；'),
  })
  @IsOptional()
  @IsIn(MENTAL_HEALTH_STATES, { message: `状态须为 ${MENTAL_HEALTH_STATES.join('、')} 之一` })
  state?: MentalHealthState;

  @ApiPropertyOptional({ description: '只看已逾期的' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: '须为 true 或 false' })
  overdueOnly?: boolean;
}
