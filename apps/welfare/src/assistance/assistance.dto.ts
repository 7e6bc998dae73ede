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
import { PageQueryDto } from '@care/service-kit';
import {
  ASSISTANCE_ACTIONS,
  ASSISTANCE_KINDS,
  ASSISTANCE_KIND_IDS,
  ASSISTANCE_STATES,
  ASSISTANCE_STATE_LABELS,
  ASSISTANCE_TRANSITIONS,
  REASON_MAX_LENGTH,
  REFERENCE_MAX_LENGTH,
  type AssistanceAction,
  type AssistanceState,
} from '@care/welfare-rules';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const COUNTY = /^[0-9]{6}$/;
export const APPLICATION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const NOTE_MAX_LENGTH = 2000;

export class SubmitAssistanceApplicationDto {
  @ApiProperty({ description: '儿童编号（登记服务的儿童ID）；申请归属儿童现居住县区' })
  @IsString({ message: '儿童编号须为文本' })
  @IsNotEmpty({ message: '须填写儿童编号' })
  @MaxLength(64, { message: '儿童编号最长64位' })
  childId!: string;

  @ApiProperty({
    enum: ASSISTANCE_KIND_IDS,
    description: ASSISTANCE_KINDS.map(
      (k) => `${k.id}：${k.nameZh}${k.hukouCityConfirms ? '（须户籍地认定）' : ''}`,
    ).join('；'),
  })
  @IsIn(ASSISTANCE_KIND_IDS, { message: `救助类别须为 ${ASSISTANCE_KIND_IDS.join('、')} 之一` })
  kind!: string;

  @ApiPropertyOptional({ description: '户籍地区县代码（须户籍地认定的类别必填）', example: '410102' })
  @IsOptional()
  @Matches(COUNTY, { message: '户籍地区县代码须为6位行政区划代码' })
  hukouCountyCode?: string;

  @ApiPropertyOptional({ description: '申请日期，不晚于今日；不填为今日', example: '2026-05-20' })
  @IsOptional()
  @Matches(DATE, { message: '申请日期须为日期（YYYY-MM-DD）' })
  submittedOn?: string;

  @ApiPropertyOptional({ description: '情况说明（仅办理人员可见）', maxLength: NOTE_MAX_LENGTH })
  @IsOptional()
  @IsString({ message: '情况说明须为文本' })
  @MaxLength(NOTE_MAX_LENGTH, { message: `情况说明最长${NOTE_MAX_LENGTH}字` })
  note?: string;
}

export class ActOnAssistanceApplicationDto {
  @ApiProperty({
    enum: ASSISTANCE_ACTIONS,
    description: ASSISTANCE_ACTIONS.map((a) => `${a}：${ASSISTANCE_TRANSITIONS[a].label}`).join('；'),
  })
  @IsIn(ASSISTANCE_ACTIONS, { message: `办理事项须为 ${ASSISTANCE_ACTIONS.join('、')} 之一` })
  action!: AssistanceAction;

  @ApiProperty({ description: '办理时看到的申请版本号（revision）；已被他人更新时拒绝（409）', example: 1 })
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

  @ApiPropertyOptional({
    description: '原因（不予批准、户籍地不予认定、暂停、终止时必填）',
    maxLength: REASON_MAX_LENGTH,
  })
  @IsOptional()
  @IsString({ message: '原因须为文本' })
  @MaxLength(REASON_MAX_LENGTH, { message: `原因最长${REASON_MAX_LENGTH}字` })
  reason?: string;

  @ApiPropertyOptional({
    description: '批准金额（分；按月类别为每月金额）；不填为该类别示例标准',
    example: 140000,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '批准金额须为整数（单位：分）' })
  @Min(1, { message: '批准金额须为正整数（单位：分）' })
  amountFen?: number;

  @ApiPropertyOptional({ description: '起始发放月份（YYYY-MM）；不填为批准当月', example: '2026-06' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}$/, { message: '起始月份须为 YYYY-MM' })
  startMonth?: string;

  @ApiPropertyOptional({ description: '户籍地复函文号', maxLength: REFERENCE_MAX_LENGTH })
  @IsOptional()
  @IsString({ message: '复函文号须为文本' })
  @MaxLength(REFERENCE_MAX_LENGTH, { message: `复函文号最长${REFERENCE_MAX_LENGTH}字` })
  reference?: string;

  @ApiPropertyOptional({ description: '办理情况说明（仅办理人员可见）', maxLength: NOTE_MAX_LENGTH })
  @IsOptional()
  @IsString({ message: '办理情况说明须为文本' })
  @MaxLength(NOTE_MAX_LENGTH, { message: `办理情况说明最长${NOTE_MAX_LENGTH}字` })
  note?: string;
}

export class ListAssistanceApplicationsDto extends PageQueryDto {
  @ApiProperty({ description: '县区代码（须在本人负责的区县内）', example: '371702' })
  @Matches(COUNTY, { message: '县区代码须为6位行政区划代码' })
  countyCode!: string;

  @ApiPropertyOptional({
    enum: ASSISTANCE_STATES,
    description: ASSISTANCE_STATES.map((s) => `${s}：${ASSISTANCE_STATE_LABELS[s]}`).join('；'),
  })
  @IsOptional()
  @IsIn(ASSISTANCE_STATES, { message: `申请状态须为 ${ASSISTANCE_STATES.join('、')} 之一` })
  state?: AssistanceState;

  @ApiPropertyOptional({ description: '只看已逾期的' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: '须为 true 或 false' })
  overdueOnly?: boolean;
}

export class HuyouListQueryDto {
  @ApiProperty({ description: '县区代码（须在本人负责的区县内）', example: '371702' })
  @Matches(COUNTY, { message: '县区代码须为6位行政区划代码' })
  countyCode!: string;
}
