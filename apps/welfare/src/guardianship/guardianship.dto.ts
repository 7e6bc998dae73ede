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
  GUARDIANSHIP_ACTIONS,
  GUARDIANSHIP_CONCERNS,
  GUARDIANSHIP_CONCERN_LABELS,
  GUARDIANSHIP_STATES,
  GUARDIANSHIP_STATE_LABELS,
  GUARDIANSHIP_TRANSITIONS,
  type GuardianshipAction,
  type GuardianshipConcern,
  type GuardianshipState,
} from '@care/welfare-rules';
import { PageQueryDto } from '@care/service-kit';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const CASE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const NARRATIVE_MAX_LENGTH = 2000;

export class OpenGuardianshipCaseDto {
  @ApiProperty({ description: '儿童编号（登记服务的儿童ID）；案件归属儿童现居住县区' })
  @IsString({ message: '儿童编号须为文本' })
  @IsNotEmpty({ message: '须填写儿童编号' })
  @MaxLength(64, { message: '儿童编号最长64位' })
  childId!: string;

  @ApiProperty({
    enum: GUARDIANSHIP_CONCERNS,
    description: GUARDIANSHIP_CONCERNS.map((c) => `${c}：${GUARDIANSHIP_CONCERN_LABELS[c]}`).join('；'),
  })
  @IsIn(GUARDIANSHIP_CONCERNS, { message: `情形须为 ${GUARDIANSHIP_CONCERNS.join('、')} 之一` })
  concern!: GuardianshipConcern;

  @ApiProperty({
    description: '情况概述（发现经过、儿童现状；仅本案办理人员可见）',
    maxLength: NARRATIVE_MAX_LENGTH,
  })
  @IsString({ message: '情况概述须为文本' })
  @IsNotEmpty({ message: '须填写情况概述' })
  @MaxLength(NARRATIVE_MAX_LENGTH, { message: `情况概述最长${NARRATIVE_MAX_LENGTH}字` })
  summary!: string;

  @ApiPropertyOptional({ description: '发现（登记）日期，不晚于今日；不填为今日', example: '2026-05-20' })
  @IsOptional()
  @Matches(DATE, { message: '登记日期须为日期（YYYY-MM-DD）' })
  openedOn?: string;
}

export class ActOnGuardianshipCaseDto {
  @ApiProperty({
    enum: GUARDIANSHIP_ACTIONS,
    description: GUARDIANSHIP_ACTIONS.map((a) => `${a}：${GUARDIANSHIP_TRANSITIONS[a].label}`).join('；'),
  })
  @IsIn(GUARDIANSHIP_ACTIONS, { message: `办理事项须为 ${GUARDIANSHIP_ACTIONS.join('、')} 之一` })
  action!: GuardianshipAction;

  @ApiProperty({
    description: '办理时看到的案件版本号（revision）；案件已被他人更新时拒绝（409）',
    example: 1,
  })
  @Type(() => Number)
  @IsInt({ message: '版本号须为整数' })
  @Min(1, { message: '版本号须为正整数' })
  revision!: number;

  @ApiPropertyOptional({
    description: '办理日期，不晚于今日、不早于上一步；不填为今日',
    example: '2026-05-20',
  })
  @IsOptional()
  @Matches(DATE, { message: '办理日期须为日期（YYYY-MM-DD）' })
  on?: string;

  @ApiPropertyOptional({ description: '办理情况说明（仅本案办理人员可见）', maxLength: NARRATIVE_MAX_LENGTH })
  @IsOptional()
  @IsString({ message: '办理情况说明须为文本' })
  @MaxLength(NARRATIVE_MAX_LENGTH, { message: `办理情况说明最长${NARRATIVE_MAX_LENGTH}字` })
  note?: string;
}

export class ListGuardianshipCasesDto extends PageQueryDto {
  @ApiProperty({ description: '县区代码（须在本人负责的区县内）', example: '371702' })
  @Matches(/^[0-9]{6}$/, { message: '县区代码须为6位行政区划代码' })
  countyCode!: string;

  @ApiPropertyOptional({
    enum: GUARDIANSHIP_STATES,
    description: GUARDIANSHIP_STATES.map((s) => `${s}：${GUARDIANSHIP_STATE_LABELS[s]}`).join('；'),
  })
  @IsOptional()
  @IsIn(GUARDIANSHIP_STATES, { message: `案件状态须为 ${GUARDIANSHIP_STATES.join('、')} 之一` })
  state?: GuardianshipState;

  @ApiPropertyOptional({ description: '只看已逾期的' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: '须为 true 或 false' })
  overdueOnly?: boolean;
}
