import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import {
  ApiActorHeaders,
  CountyScopeGuard,
  CurrentActor,
  RequirePermission,
  countiesInScope,
  type Actor,
} from '@care/access';
import { DEPARTMENT_PERMISSIONS } from '@care/department-kit';
import { GRADE_IDS, PLACEMENT_IDS } from '@care/education-rules';
import { END_REASONS } from './enrolment.schema';
import { EnrolmentsService, type EnrolmentCountRow, type SchoolingView } from './enrolments.service';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class EnrolDto {
  @ApiProperty({ description: '儿童编号（登记服务的儿童ID）' })
  @IsString()
  @IsNotEmpty({ message: '须填写儿童编号' })
  @MaxLength(64)
  childId!: string;

  @ApiProperty({ description: '学校标识码（学校名单中的学校）', example: '2137170001' })
  @Matches(/^\d{10}$/, { message: '须为10位学校标识码' })
  schoolCode!: string;

  @ApiProperty({ description: '年级编码', enum: GRADE_IDS, example: 'primary-3' })
  @IsIn(GRADE_IDS, { message: '须为年级编码之一（如 primary-3、junior-secondary-1、preschool-2）' })
  grade!: string;

  @ApiProperty({ enum: PLACEMENT_IDS, description: '公办学位 / 政府购买学位 / 民办自费' })
  @IsIn(PLACEMENT_IDS, { message: `须为 ${PLACEMENT_IDS.join('、')} 之一` })
  placement!: string;

  @ApiProperty({ description: '入学（转入）日期', example: '2026-09-01' })
  @Matches(DATE, { message: '须为日期（YYYY-MM-DD）' })
  enrolledOn!: string;

  @ApiPropertyOptional({ description: '寄宿生' })
  @IsOptional()
  @IsBoolean({ message: '须为 true 或 false' })
  boarding?: boolean;
}

export class EndEnrolmentDto {
  @ApiProperty({ description: '离校日期', example: '2027-01-20' })
  @Matches(DATE, { message: '须为日期（YYYY-MM-DD）' })
  endedOn!: string;

  @ApiProperty({ enum: Object.keys(END_REASONS), description: Object.values(END_REASONS).join(' / ') })
  @IsIn(Object.keys(END_REASONS), { message: `须为 ${Object.keys(END_REASONS).join('、')} 之一` })
  reason!: string;
}

export class CountQueryDto {
  @IsOptional()
  @Matches(/^\d{6}$/, { message: '须为6位县区代码' })
  countyCode?: string;
}

/** 就读登记: enrolments of registered children at the schools of the list. */
@ApiTags('enrolments 就读登记')
@ApiActorHeaders()
@UseGuards(CountyScopeGuard)
@Controller('api/v1')
export class EnrolmentsController {
  constructor(private readonly enrolments: EnrolmentsService) {}

  @Post('enrolments')
  @HttpCode(200)
  @RequirePermission(DEPARTMENT_PERMISSIONS, 'records.write')
  @ApiOperation({
    summary:
      '登记就读（入学、转学、升级）：年级须与年龄、学段相符，政府购买学位仅限接受购买学位的民办义务教育学校',
  })
  enrol(@CurrentActor() actor: Actor, @Body() body: EnrolDto): Promise<SchoolingView> {
    return this.enrolments.enrol(actor, body);
  }

  @Post('children/:childId/enrolment/end')
  @HttpCode(200)
  @RequirePermission(DEPARTMENT_PERMISSIONS, 'records.write')
  @ApiOperation({ summary: '登记离校（转学、毕业、随家庭迁出、辍学）' })
  end(
    @CurrentActor() actor: Actor,
    @Param('childId') childId: string,
    @Body() body: EndEnrolmentDto,
  ): Promise<SchoolingView> {
    return this.enrolments.end(actor, childId, body);
  }

  @Get('children/:childId/schooling')
  @RequirePermission(DEPARTMENT_PERMISSIONS, 'worklist.read')
  @ApiOperation({ summary: '儿童的就读记录（当前学校、年级与历次就读）' })
  schooling(@CurrentActor() actor: Actor, @Param('childId') childId: string): Promise<SchoolingView> {
    return this.enrolments.schooling(actor, childId);
  }

  @Get('enrolment-counts')
  @RequirePermission(DEPARTMENT_PERMISSIONS, 'worklist.read')
  @ApiOperation({ summary: '各县区、各学段在读流动儿童人数（含政府购买学位）' })
  counts(@CurrentActor() actor: Actor, @Query() query: CountQueryDto): Promise<EnrolmentCountRow[]> {
    return this.enrolments.counts(countiesInScope(actor, query.countyCode));
  }
}
