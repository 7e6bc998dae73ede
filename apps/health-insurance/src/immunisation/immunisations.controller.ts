import { Body, Controller, Get, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiActorHeaders, CountyScopeGuard, CurrentActor, RequirePermission, type Actor } from '@care/access';
import { DEPARTMENT_PERMISSIONS } from '@care/department-kit';
import { OverdueQueryDto, RecordDoseDto } from './immunisation.dto';
import {
  ImmunisationsService,
  type ChildImmunisationView,
  type OverduePage,
  type RecordDoseResult,
} from './immunisations.service';

/** 预防接种 (市卫健委): doses given, each child's schedule status, the overdue list (补种). */
@ApiTags('immunisation 预防接种')
@ApiActorHeaders()
@UseGuards(CountyScopeGuard)
@Controller('api/v1')
export class ImmunisationsController {
  constructor(private readonly immunisations: ImmunisationsService) {}

  @Post('immunisations')
  @RequirePermission(DEPARTMENT_PERMISSIONS, 'records.write')
  @ApiOperation({
    summary:
      '登记一剂接种：按国家免疫规划疫苗儿童免疫程序（2021年版）核对疫苗、剂次、日期与最短间隔；重复提交同一剂次同一日期不重复登记；应种剂次全部完成即登记服务项目已提供',
  })
  record(@CurrentActor() actor: Actor, @Body() body: RecordDoseDto): Promise<RecordDoseResult> {
    const { childId, ...dose } = body;
    return this.immunisations.record(actor, childId, dose);
  }

  @Get('immunisations/overdue')
  @RequirePermission(DEPARTMENT_PERMISSIONS, 'worklist.read')
  @ApiOperation({ summary: '逾期未种（需补种）儿童名单：逾期最久的在前' })
  overdue(@CurrentActor() actor: Actor, @Query() query: OverdueQueryDto): Promise<OverduePage> {
    return this.immunisations.overdue(actor, query);
  }

  @Get('children/:childId/immunisations')
  @RequirePermission(DEPARTMENT_PERMISSIONS, 'worklist.read')
  @ApiOperation({
    summary: '儿童的接种情况：每种疫苗每一剂次的状态（已接种/应种/逾期/未到时间/无需接种）与下一剂',
  })
  forChild(@CurrentActor() actor: Actor, @Param('childId') childId: string): Promise<ChildImmunisationView> {
    return this.immunisations.forChild(actor, childId);
  }
}
