import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import {
  CONTRACT_ACTION_LABELS,
  CONTRACT_ACTIONS,
  OFFICER_TERMINATION_REASONS,
  TERMINATION_REASON_LABELS,
  type ContractAction,
} from '@care/health-rules';
import { PageQueryDto } from '@care/service-kit';

const DATE_TEXT = { message: '须为 YYYY-MM-DD 日期' };

/**
 * A 家庭医生签约. Only the shape is checked here; the rules (the child here and not moved out,
 * codes, term, start date, no overlap with the previous contract) are @care/health-rules'
 * `checkSigning`, which names every problem at once.
 */
export class SignContractDto {
  @ApiProperty({ description: '儿童编号（登记服务的儿童ID）' })
  @IsString({ message: '儿童编号须为文本' })
  @IsNotEmpty({ message: '须填写儿童编号' })
  @MaxLength(64, { message: '儿童编号最多64位' })
  childId!: string;

  @ApiProperty({ description: '家庭医生团队代码（机构内的团队编号）', example: 'T-01' })
  @IsString({ message: '团队代码须为文本' })
  @MaxLength(32, { message: '团队代码最多32位' })
  teamCode!: string;

  @ApiProperty({ description: '签约机构的统一社会信用代码（18位）', example: '12371702MB0000001F' })
  @IsString({ message: '机构代码须为文本' })
  @MaxLength(18, { message: '机构代码须为18位统一社会信用代码' })
  institutionCode!: string;

  @ApiPropertyOptional({ description: '签约开始日期（不晚于今日）；不填为今日' })
  @IsOptional()
  @IsString(DATE_TEXT)
  @MaxLength(10, DATE_TEXT)
  startDate?: string;

  @ApiPropertyOptional({ description: '签约期限（月）；不填为配置的期限（默认12个月）' })
  @IsOptional()
  @IsInt({ message: '签约期限须为整数（月）' })
  termMonths?: number;
}

/** 续约 or 解约 of a contract at the revision the officer saw. */
export class ContractActionDto {
  @ApiProperty({
    enum: CONTRACT_ACTIONS,
    description: CONTRACT_ACTIONS.map((a) => `${a}：${CONTRACT_ACTION_LABELS[a]}`).join('；'),
  })
  @IsIn(CONTRACT_ACTIONS, { message: `办理事项须为 ${CONTRACT_ACTIONS.join('、')} 之一` })
  action!: ContractAction;

  @ApiProperty({ description: '所见的版本号（revision）：签约已被他人更新时拒绝（409）', example: 1 })
  @IsInt({ message: '版本号须为整数' })
  @Min(1, { message: '版本号从1起' })
  revision!: number;

  @ApiPropertyOptional({ description: '续约期限（月）；不填为配置的期限' })
  @IsOptional()
  @IsInt({ message: '续约期限须为整数（月）' })
  termMonths?: number;

  @ApiPropertyOptional({
    enum: OFFICER_TERMINATION_REASONS,
    description: `解约原因代码（解约时必填）：${OFFICER_TERMINATION_REASONS.map((r) => `${r}：${TERMINATION_REASON_LABELS[r]}`).join('；')}`,
  })
  @IsOptional()
  @IsString({ message: '解约原因须为原因代码' })
  @MaxLength(32, { message: '解约原因代码最多32位' })
  reason?: string;

  @ApiPropertyOptional({ description: '解约日期（不早于签约开始，不晚于今日）；不填为今日' })
  @IsOptional()
  @IsString(DATE_TEXT)
  @MaxLength(10, DATE_TEXT)
  on?: string;
}

/** `?countyCode=&withinDays=&pageSize=&cursor=` of the expiring list. */
export class ExpiringQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: '县区代码（本人负责多个县区时必填）', example: '371702' })
  @IsOptional()
  @Matches(/^[0-9]{6}$/, { message: '须为6位行政区划代码' })
  countyCode?: string;

  @ApiPropertyOptional({ description: '多少天内到期（0-365）；不填为配置的即将到期天数（默认30）' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '天数须为整数' })
  @Min(0, { message: '天数不能小于0' })
  @Max(365, { message: '天数不能大于365' })
  withinDays?: number;
}
