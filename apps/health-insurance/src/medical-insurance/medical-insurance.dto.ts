import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
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
  ENROLMENT_ACTIONS,
  ENROLMENT_REASON_MAX_LENGTH,
  ENROLMENT_TRANSITIONS,
  HUKOU_ENROLMENT_LABELS,
  HUKOU_ENROLMENTS,
  SETTLEMENT_FILING_TYPE_LABELS,
  SETTLEMENT_FILING_TYPES,
  type EnrolmentAction,
  type HukouEnrolment,
  type SettlementFilingType,
} from '@care/health-rules';
import { PageQueryDto } from '@care/service-kit';

const DATE_TEXT = { message: '须为 YYYY-MM-DD 日期' };

/**
 * An application to enrol in the resident medical insurance where the child lives. Only the
 * shape is checked here; the conditions (migrant child of the county, enrolment period, permit
 * or national rule, hukou-place status, exemptions) are @care/health-rules' `checkEnrolment`,
 * which names every unmet one at once.
 */
export class ApplyEnrolmentDto {
  @ApiProperty({ description: '儿童编号（登记服务的儿童ID）' })
  @IsString({ message: '儿童编号须为文本' })
  @IsNotEmpty({ message: '须填写儿童编号' })
  @MaxLength(64, { message: '儿童编号最多64位' })
  childId!: string;

  @ApiProperty({ description: '持有居住证（经办人查验后填写；登记服务不记录居住证）' })
  @IsBoolean({ message: '须为 true 或 false' })
  residencePermit!: boolean;

  @ApiProperty({ description: '农民工等流动人员随迁子女（国家规定可在常住地参保）' })
  @IsBoolean({ message: '须为 true 或 false' })
  migrantWorkerChild!: boolean;

  @ApiProperty({
    enum: HUKOU_ENROLMENTS,
    description: HUKOU_ENROLMENTS.map((h) => `${h}：${HUKOU_ENROLMENT_LABELS[h]}`).join('；'),
  })
  @IsString({ message: '户籍地参保状态须为文本' })
  @MaxLength(32, { message: '户籍地参保状态最多32位' })
  hukouEnrolment!: HukouEnrolment;

  @ApiPropertyOptional({
    description: '户籍地停保（关系转移）日期；户籍地已参保时必填',
    example: '2026-12-31',
  })
  @IsOptional()
  @IsString(DATE_TEXT)
  @MaxLength(10, DATE_TEXT)
  hukouStopDate?: string;

  @ApiPropertyOptional({ description: '重度残疾（残疾人证载明一、二级）；登记服务须已登记为残疾儿童' })
  @IsOptional()
  @IsBoolean({ message: '须为 true 或 false' })
  severeDisability?: boolean;

  @ApiPropertyOptional({ description: '参保年度；不填为申请日期可参保的年度', example: 2027 })
  @IsOptional()
  @IsInt({ message: '参保年度须为整数年份' })
  @Min(2000, { message: '参保年度须为四位年份' })
  @Max(2100, { message: '参保年度须为四位年份' })
  coverageYear?: number;

  @ApiPropertyOptional({ description: '申请日期，不晚于今日；不填为今日', example: '2026-10-10' })
  @IsOptional()
  @IsString(DATE_TEXT)
  @MaxLength(10, DATE_TEXT)
  appliedOn?: string;
}

export class EnrolmentActionDto {
  @ApiProperty({
    enum: ENROLMENT_ACTIONS,
    description: ENROLMENT_ACTIONS.map((a) => `${a}：${ENROLMENT_TRANSITIONS[a].label}`).join('；'),
  })
  @IsIn(ENROLMENT_ACTIONS, { message: `办理事项须为 ${ENROLMENT_ACTIONS.join('、')} 之一` })
  action!: EnrolmentAction;

  @ApiProperty({ description: '所见的版本号（revision）：记录已被他人更新时拒绝（409）', example: 1 })
  @IsInt({ message: '版本号须为整数' })
  @Min(1, { message: '版本号从1起' })
  revision!: number;

  @ApiPropertyOptional({ description: '办理日期（参保、拒绝或转出），不晚于今日；不填为今日' })
  @IsOptional()
  @IsString(DATE_TEXT)
  @MaxLength(10, DATE_TEXT)
  on?: string;

  @ApiPropertyOptional({ description: '原因（不予参保时必填；转出可填转往地区；不得填写个人信息）' })
  @IsOptional()
  @IsString({ message: '原因须为文本' })
  @MaxLength(ENROLMENT_REASON_MAX_LENGTH, { message: `原因最多${ENROLMENT_REASON_MAX_LENGTH}字` })
  reason?: string;
}

export class RecordSettlementFilingDto {
  @ApiProperty({ description: '儿童编号（登记服务的儿童ID）' })
  @IsString({ message: '儿童编号须为文本' })
  @IsNotEmpty({ message: '须填写儿童编号' })
  @MaxLength(64, { message: '儿童编号最多64位' })
  childId!: string;

  @ApiProperty({
    enum: SETTLEMENT_FILING_TYPES,
    description: SETTLEMENT_FILING_TYPES.map((t) => `${t}：${SETTLEMENT_FILING_TYPE_LABELS[t]}`).join('；'),
  })
  @IsString({ message: '备案类型须为文本' })
  @MaxLength(32, { message: '备案类型最多32位' })
  type!: SettlementFilingType;

  @ApiProperty({ description: '参保地（户籍地医保统筹地区）6位行政区划代码', example: '410102' })
  @IsString({ message: '参保地须为6位行政区划代码' })
  @MaxLength(6, { message: '参保地须为6位行政区划代码' })
  insuredRegionCode!: string;

  @ApiProperty({ description: '备案开始日期', example: '2026-10-01' })
  @IsString(DATE_TEXT)
  @MaxLength(10, DATE_TEXT)
  startDate!: string;

  @ApiProperty({ description: '备案有效期至', example: '2027-09-30' })
  @IsString(DATE_TEXT)
  @MaxLength(10, DATE_TEXT)
  validUntil!: string;
}

/** `?countyCode=&includeExpired=&pageSize=&cursor=` of the 备案 list (keyset paging). */
export class SettlementFilingQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description: '县区代码（须在本人负责的区县内；只负责一个县区时可不填）',
    example: '371702',
  })
  @IsOptional()
  @Matches(/^[0-9]{6}$/, { message: '须为6位行政区划代码' })
  countyCode?: string;

  @ApiPropertyOptional({ description: '包括已过期的备案（默认只列有效期未过的）' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: '须为 true 或 false' })
  includeExpired?: boolean;
}
