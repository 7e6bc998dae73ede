import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import {
  SCREENING_OUTCOMES,
  SCREENING_WORKER_KINDS,
  type ScreeningOutcome,
  type ScreeningWorkerKind,
} from './screening-rules';
import { PageQueryDto } from '@care/service-kit';

const COUNTY = /^\d{6}$/;
const COUNTY_RULE = { message: '须为6位区县代码' };
const TOWNSHIP = /^\d{9}$/;
const TOWNSHIP_RULE = { message: '须为9位乡镇（街道）代码' };
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_RULE = { message: '须为日期（YYYY-MM-DD）' };
const PERIOD = /^\d{4}-H[12]$/;
const PERIOD_RULE = { message: '须为“年份-H1”（上半年）或“年份-H2”（下半年），如 2026-H1' };

export class CountyQueryDto {
  @ApiProperty({ description: '县区代码', example: '371702' })
  @Matches(COUNTY, COUNTY_RULE)
  countyCode!: string;
}

export class OpenRoundDto {
  @ApiProperty({ description: '县区代码', example: '371702' })
  @Matches(COUNTY, COUNTY_RULE)
  countyCode!: string;
  @ApiProperty({ description: '摸排周期（半年）', example: '2026-H1' })
  @Matches(PERIOD, PERIOD_RULE)
  period!: string;
}

export class ListRoundsQueryDto extends PageQueryDto {
  @ApiProperty({ description: '县区代码' }) @Matches(COUNTY, COUNTY_RULE) countyCode!: string;
  @ApiPropertyOptional({ description: '摸排周期（半年）', example: '2026-H1' })
  @IsOptional()
  @Matches(PERIOD, PERIOD_RULE)
  period?: string;
}

export class AssignTownshipDto {
  @ApiProperty({ description: '县区代码' }) @Matches(COUNTY, COUNTY_RULE) countyCode!: string;
  @ApiProperty({ description: '乡镇（街道）代码', example: '371702001' })
  @Matches(TOWNSHIP, TOWNSHIP_RULE)
  townshipCode!: string;
  @ApiProperty({ description: '摸排人员或机构的用户标识' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  workerId!: string;
  @ApiProperty({
    enum: SCREENING_WORKER_KINDS,
    description: 'child-director 儿童主任 / social-work-organisation 社会工作服务机构',
  })
  @IsIn(SCREENING_WORKER_KINDS, { message: `须为 ${SCREENING_WORKER_KINDS.join('、')} 之一` })
  workerKind!: ScreeningWorkerKind;
  @ApiPropertyOptional({ description: '摸排人员或机构名称' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  workerName?: string;
}

export class RecordResultDto {
  @ApiProperty({ description: '县区代码' }) @Matches(COUNTY, COUNTY_RULE) countyCode!: string;
  @ApiProperty({ description: '儿童ID' }) @IsString() @IsNotEmpty() @MaxLength(64) childId!: string;
  @ApiProperty({
    enum: SCREENING_OUTCOMES,
    description: 'found 已找到 / confirmed 已核实 / not-found 未找到',
  })
  @IsIn(SCREENING_OUTCOMES, { message: `须为 ${SCREENING_OUTCOMES.join('、')} 之一` })
  outcome!: ScreeningOutcome;
  @ApiProperty({ description: '摸排日期', example: '2026-03-10' })
  @Matches(DATE, DATE_RULE)
  visitedOn!: string;
  @ApiProperty({ description: '摸排人员' }) @IsString() @IsNotEmpty() @MaxLength(64) workerId!: string;
  @ApiPropertyOptional({ enum: SCREENING_WORKER_KINDS })
  @IsOptional()
  @IsIn(SCREENING_WORKER_KINDS)
  workerKind?: ScreeningWorkerKind;
  @ApiPropertyOptional({ description: '说明（勿填写姓名、身份证号、电话等个人信息）' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class UncoveredQueryDto extends PageQueryDto {
  @ApiProperty({ description: '县区代码' }) @Matches(COUNTY, COUNTY_RULE) countyCode!: string;
  @ApiPropertyOptional({ description: '乡镇（街道）代码' })
  @IsOptional()
  @Matches(TOWNSHIP, TOWNSHIP_RULE)
  townshipCode?: string;
}
