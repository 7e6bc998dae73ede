import { ITEM_CODE_PATTERN } from '@care/catalogue';
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

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class RecordDeliveryDto {
  @ApiProperty({ description: '儿童编号（登记服务的儿童ID）' })
  @IsString()
  @IsNotEmpty({ message: '须填写儿童编号' })
  @MaxLength(64)
  childId!: string;

  @ApiProperty({ description: '服务项目编码', example: 'HZ-03' })
  @Matches(ITEM_CODE_PATTERN, { message: '须为服务项目编码（如 HZ-03、371702-01）' })
  itemCode!: string;

  @ApiProperty({
    enum: ['delivered', 'refused', 'pending'],
    description: '已提供 / 拒绝或不需要（须说明原因）/ 办理中',
  })
  @IsIn(['delivered', 'refused', 'pending'], { message: '须为 delivered、refused 或 pending' })
  outcome!: 'delivered' | 'refused' | 'pending';

  @ApiProperty({ description: '服务（或拒绝、开始办理）日期，不晚于今日', example: '2026-09-01' })
  @Matches(DATE, { message: '须为日期（YYYY-MM-DD）' })
  onDate!: string;

  @ApiPropertyOptional({ description: '原因（拒绝时必填；不得填写个人信息）' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reason?: string;
}

/**
 * `?countyCode=&offset=&limit=` of a department's county lists: a county of the actor's (none:
 * all of them) and an offset page. A list with more filters extends it.
 */
export class CountyPageQueryDto {
  @ApiPropertyOptional({
    description: '县区代码（须在本人负责的区县内；不填为全部负责区县）',
    example: '371702',
  })
  @IsOptional()
  @Matches(/^[0-9]{6}$/, { message: '须为6位行政区划代码' })
  countyCode?: string;

  @ApiPropertyOptional({ description: '跳过的条数', default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '须为整数' })
  @Min(0, { message: '不能小于0' })
  offset?: number;

  @ApiPropertyOptional({ description: '每页条数（1-500）', default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '须为整数' })
  @Min(1, { message: '不能小于1' })
  @Max(500, { message: '每页最多500条' })
  limit?: number;
}

export class WorklistQueryDto extends CountyPageQueryDto {
  @ApiPropertyOptional({ description: '服务项目编码', example: 'HZ-03' })
  @IsOptional()
  @Matches(ITEM_CODE_PATTERN, { message: '须为服务项目编码（如 HZ-03、371702-01）' })
  itemCode?: string;

  @ApiPropertyOptional({ description: '只看已逾期的' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: '须为 true 或 false' })
  overdueOnly?: boolean;
}
