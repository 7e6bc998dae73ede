import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiActorHeaders, CountyScopeGuard, CurrentActor, RequirePermission, type Actor } from '@care/access';
import { DEPARTMENT_PERMISSIONS } from './department-access';
import { RecordDeliveryDto, WorklistQueryDto } from './deliveries.dto';
import { DeliveriesService, type EntitlementView, type WorklistPage } from './deliveries.service';

/** The department's worklist and delivery records (within the actor's counties). */
@ApiTags('worklist 待服务名单与服务登记')
@ApiActorHeaders()
@UseGuards(CountyScopeGuard)
@Controller('api/v1')
export class DeliveriesController {
  constructor(private readonly deliveries: DeliveriesService) {}

  @Get('worklist')
  @RequirePermission(DEPARTMENT_PERMISSIONS, 'worklist.read')
  @ApiOperation({ summary: '本县区享有本部门服务但尚未提供的儿童（逾期最久的在前）' })
  worklist(@CurrentActor() actor: Actor, @Query() query: WorklistQueryDto): Promise<WorklistPage> {
    return this.deliveries.worklist(actor, query);
  }

  @Get('children/:childId/entitlements')
  @RequirePermission(DEPARTMENT_PERMISSIONS, 'worklist.read')
  @ApiOperation({ summary: '儿童享有的本部门服务项目及服务登记记录' })
  forChild(@CurrentActor() actor: Actor, @Param('childId') childId: string): Promise<EntitlementView[]> {
    return this.deliveries.forChild(actor, childId);
  }

  @Post('deliveries')
  @HttpCode(200)
  @RequirePermission(DEPARTMENT_PERMISSIONS, 'delivery.record')
  @ApiOperation({
    summary: '登记服务提供情况：已提供 / 拒绝（须说明原因）/ 办理中；已提供即关闭该儿童的应享未享',
  })
  record(@CurrentActor() actor: Actor, @Body() body: RecordDeliveryDto): Promise<EntitlementView> {
    return this.deliveries.record(actor, body);
  }
}
