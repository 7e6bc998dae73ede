import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ApiActorHeaders, CountyScopeGuard, CurrentActor, RequirePermission, type Actor } from '@care/access';
import { DEPARTMENT_PERMISSIONS } from '@care/department-kit';
import { ExamEligibilityService, type ExamEligibilityView } from './exam-eligibility.service';

export class ExamEligibilityQueryDto {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: '家庭持有本地居住证（高考条件；登记服务不记录居住证，由经办人核实后填写）',
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: '居住证：须为 true 或 false' })
  residencePermit?: 'true' | 'false';
}

/** 随迁子女在居住地参加升学考试: 中考/高考 eligibility from the enrolment history. */
@ApiTags('exam-eligibility 升学考试资格')
@ApiActorHeaders()
@UseGuards(CountyScopeGuard)
@Controller('api/v1')
export class ExamEligibilityController {
  constructor(private readonly eligibility: ExamEligibilityService) {}

  @Get('children/:childId/exam-eligibility')
  @RequirePermission(DEPARTMENT_PERMISSIONS, 'worklist.read')
  @ApiOperation({
    summary:
      '儿童在居住地参加中考、高考的资格（按就读记录核对连续就读学年、居住证等条件，逐条说明不符合的条件）',
  })
  forChild(
    @CurrentActor() actor: Actor,
    @Param('childId') childId: string,
    @Query() query: ExamEligibilityQueryDto,
  ): Promise<ExamEligibilityView> {
    const permit = query.residencePermit === undefined ? undefined : query.residencePermit === 'true';
    return this.eligibility.forChild(actor, childId, permit);
  }
}
