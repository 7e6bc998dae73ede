import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { NIP_SCHEDULE_2021 } from '@care/health-rules';
import { PageQueryDto } from '@care/service-kit';

const VACCINE_CODES = NIP_SCHEDULE_2021.vaccines.map((v) => v.code);

/**
 * A dose given. Only the shape is checked here; the schedule's rules (vaccine known, dose in
 * range, dates, intervals, duplicates) are @care/health-rules' `validateDose`, which names every
 * problem at once.
 */
export class RecordDoseDto {
  @ApiProperty({ description: '儿童编号（登记服务的儿童ID）' })
  @IsString({ message: '儿童编号须为文本' })
  @IsNotEmpty({ message: '须填写儿童编号' })
  @MaxLength(64, { message: '儿童编号最多64位' })
  childId!: string;

  @ApiProperty({
    enum: VACCINE_CODES,
    description: NIP_SCHEDULE_2021.vaccines.map((v) => `${v.code}：${v.nameZh}`).join('；'),
  })
  @IsString({ message: '疫苗须为疫苗代码' })
  @MaxLength(32, { message: '疫苗代码最多32位' })
  vaccine!: string;

  @ApiProperty({ description: '剂次（第几剂，从1起）', example: 1 })
  @IsInt({ message: '剂次须为整数' })
  dose!: number;

  @ApiProperty({ description: '接种日期（不早于出生日期、不晚于今日）', example: '2026-09-01' })
  @IsString({ message: '接种日期须为 YYYY-MM-DD 日期' })
  @MaxLength(10, { message: '接种日期须为 YYYY-MM-DD 日期' })
  date!: string;
}

/** `?countyCode=&pageSize=&cursor=` of the overdue list (keyset paging, @care/persistence). */
export class OverdueQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description: '县区代码（须在本人负责的区县内；不填为全部负责区县）',
    example: '371702',
  })
  @IsOptional()
  @Matches(/^[0-9]{6}$/, { message: '须为6位行政区划代码' })
  countyCode?: string;
}
