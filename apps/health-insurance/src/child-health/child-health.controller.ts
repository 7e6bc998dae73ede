import { Body, Controller, Get, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiActorHeaders, CountyScopeGuard, CurrentActor, RequirePermission, type Actor } from '@care/access';
import { DEPARTMENT_PERMISSIONS } from '@care/department-kit';
import { OverdueQueryDto } from '../immunisation/immunisation.dto';
import { RecordVisitDto } from './child-health.dto';
import {
  ChildHealthService,
  type ChildHealthView,
  type OverdueVisitPage,
  type RecordVisitResult,
} from './child-health.service';

/** 0～3岁儿童健康管理 (市卫健委): visits done, each child's visits, the overdue list. */
@ApiTags('child-health 0～3岁儿童健康管理')
@ApiActorHeaders()
@UseGuards(CountyScopeGuard)
@Controller('api/v1')
export class ChildHealthController {
  constructor(private readonly childHealth: ChildHealthService) {}

  @Post('child-health/visits')
  @RequirePermission(DEPARTMENT_PERMISSIONS, 'records.write')
  @ApiOperation({
    summary:
      '登记一次0～3岁儿童健康管理访视：按国家基本公共卫生服务规范（第三版）核对访视、月龄范围、机构代码与结果代码；重复提交同一访视不重复登记；完成规定访视即登记服务项目已提供',
  })
  record(@CurrentActor() actor: Actor, @Body() body: RecordVisitDto): Promise<RecordVisitResult> {
    const { childId, ...visit } = body;
    return this.childHealth.record(actor, childId, visit);
  }

  @Get('child-health/overdue')
  @RequirePermission(DEPARTMENT_PERMISSIONS, 'worklist.read')
  @ApiOperation({ summary: '逾期未访视儿童名单（窗口期内仍可补做）：逾期最久的在前' })
  overdue(@CurrentActor() actor: Actor, @Query() query: OverdueQueryDto): Promise<OverdueVisitPage> {
    return this.childHealth.overdue(actor, query);
  }

  @Get('children/:childId/child-health')
  @RequirePermission(DEPARTMENT_PERMISSIONS, 'worklist.read')
  @ApiOperation({
    summary: '儿童的健康管理访视：每次访视的时间范围与状态（已完成/应访视/逾期/已错过/未到时间）',
  })
  forChild(@CurrentActor() actor: Actor, @Param('childId') childId: string): Promise<ChildHealthView> {
    return this.childHealth.forChild(actor, childId);
  }
}
