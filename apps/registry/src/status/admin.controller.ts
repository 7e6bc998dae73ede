import { Controller, HttpCode, Post, Query, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { isLocalDate } from '@care/child-rules';
import { invalidArgument } from '@care/errors';
import { ACTOR_HEADERS, CountyScopeGuard, RequireRoles } from '@care/access';
import { ChildrenService } from '../children/children.service';
import { StatusRecomputationService, type RecomputeReport } from './status-recomputation.service';

export class RecomputeQueryDto {
  @ApiPropertyOptional({ description: '重算日期（YYYY-MM-DD），默认今天', example: '2025-03-01' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '须为日期（YYYY-MM-DD）' })
  asOf?: string;
}

/** Operations of the civil-affairs administrator (民政局管理员). */
@ApiTags('admin 管理')
@ApiHeader({ name: ACTOR_HEADERS.userId, required: true })
@ApiHeader({ name: ACTOR_HEADERS.role, required: true, description: 'civil-affairs-admin' })
@ApiHeader({ name: ACTOR_HEADERS.department, required: true })
@ApiHeader({ name: ACTOR_HEADERS.countyCodes, required: true })
@UseGuards(CountyScopeGuard)
@RequireRoles('civil-affairs-admin')
@Controller('api/v1/admin')
export class AdminController {
  constructor(
    private readonly job: StatusRecomputationService,
    private readonly children: ChildrenService,
  ) {}

  @Post('recompute')
  @HttpCode(200)
  @ApiOperation({ summary: '按日期运行每日流动儿童身份重算（幂等）' })
  recompute(@Query() query: RecomputeQueryDto): Promise<RecomputeReport> {
    const asOf = query.asOf ?? this.children.today();
    if (!isLocalDate(asOf))
      throw invalidArgument('asOf', 'YYYY-MM-DD', '重算日期（asOf）：须为有效日期（YYYY-MM-DD）');
    return this.job.recomputeStatuses(asOf);
  }
}
