import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { CHILD_HEALTH_SCHEDULE, MAX_VISIT_RESULTS } from '@care/health-rules';

/**
 * A 0～3岁 health-management visit done. Only the shape is checked here; the schedule's rules
 * (visit known, date in its window, institution code and its check character, result codes,
 * duplicates) are @care/health-rules' `validateVisit`, which names every problem at once.
 * There is no free-text field: what the clinic found is a result code.
 */
export class RecordVisitDto {
  @ApiProperty({ description: '儿童编号（登记服务的儿童ID）' })
  @IsString({ message: '儿童编号须为文本' })
  @IsNotEmpty({ message: '须填写儿童编号' })
  @MaxLength(64, { message: '儿童编号最多64位' })
  childId!: string;

  @ApiProperty({
    enum: CHILD_HEALTH_SCHEDULE.visits.map((v) => v.code),
    description: CHILD_HEALTH_SCHEDULE.visits
      .map((v) => `${v.code}：${v.nameZh}（${v.timingZh}）`)
      .join('；'),
  })
  @IsString({ message: '访视须为访视代码' })
  @MaxLength(32, { message: '访视代码最多32位' })
  visit!: string;

  @ApiProperty({ description: '访视日期（在该次访视的月龄范围内，不晚于今日）', example: '2026-06-01' })
  @IsString({ message: '访视日期须为 YYYY-MM-DD 日期' })
  @MaxLength(10, { message: '访视日期须为 YYYY-MM-DD 日期' })
  date!: string;

  @ApiProperty({
    description: '提供服务的医疗卫生机构的统一社会信用代码（18位）',
    example: '12371702MB0000001F',
  })
  @IsString({ message: '机构代码须为文本' })
  @MaxLength(18, { message: '机构代码须为18位统一社会信用代码' })
  institutionCode!: string;

  @ApiProperty({
    type: [String],
    description: CHILD_HEALTH_SCHEDULE.resultCodes.map((r) => `${r.code}：${r.nameZh}`).join('；'),
    example: ['normal'],
  })
  @IsArray({ message: '检查结果须为结果代码的列表' })
  @ArrayMaxSize(MAX_VISIT_RESULTS, { message: `检查结果代码最多${MAX_VISIT_RESULTS}项` })
  @IsString({ each: true, message: '检查结果代码须为文本' })
  @MaxLength(32, { each: true, message: '检查结果代码最多32位' })
  results!: string[];
}
