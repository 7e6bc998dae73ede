import { DEPARTMENT_IDS, type DepartmentId } from '@care/catalogue';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class DeliveryDto {
  @ApiProperty({ description: '服务项目编码', example: 'HZ-01' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  itemCode!: string;

  @ApiProperty({ enum: DEPARTMENT_IDS, description: '提供服务的责任部门' })
  @IsIn(DEPARTMENT_IDS)
  department!: DepartmentId;

  @ApiProperty({ description: '服务日期（不晚于今日）', example: '2025-06-01' })
  @Matches(DATE, { message: '须为日期（YYYY-MM-DD）' })
  deliveredOn!: string;
}

export class GapsQueryDto {
  @ApiPropertyOptional({
    description: '县区代码（须在本人负责的区县内；不填为本人负责的全部区县）',
    example: '371702',
  })
  @IsOptional()
  @Matches(/^[0-9]{6}$/, { message: '须为6位行政区划代码' })
  countyCode?: string;

  @ApiPropertyOptional({
    enum: DEPARTMENT_IDS,
    description: '责任部门（不填为全部；部门工作人员只能为本部门）',
  })
  @IsOptional()
  @IsIn(DEPARTMENT_IDS)
  department?: DepartmentId;

  @ApiPropertyOptional({ description: '每页儿童数（1-500，默认50）' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: '上一页返回的 nextCursor' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

export class GapsSummaryQueryDto {
  @ApiPropertyOptional({
    description: '县区代码（须在本人负责的区县内；不填为本人负责的全部区县）',
    example: '371702',
  })
  @IsOptional()
  @Matches(/^[0-9]{6}$/, { message: '须为6位行政区划代码' })
  countyCode?: string;

  @ApiPropertyOptional({
    enum: DEPARTMENT_IDS,
    description: '责任部门（不填为全部；部门工作人员只能为本部门）',
  })
  @IsOptional()
  @IsIn(DEPARTMENT_IDS)
  department?: DepartmentId;
}
