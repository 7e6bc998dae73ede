import { ApiActorHeaders, CountyScopeGuard, CurrentActor, RequirePermission, type Actor } from '@care/access';
import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CATALOGUE_PERMISSIONS } from '../access/catalogue-permissions';
import { DeliveryDto, GapsQueryDto, GapsSummaryQueryDto } from './entitlements.dto';
import { EntitlementsService, type ChildEntitlementsView } from './entitlements.service';
import { GapsService, type GapPage, type GapSummaryRow } from './gaps.service';

/**
 * Children's entitlements, deliveries and gaps: within the actor's counties (a `countyCode`
 * query outside them is refused by the guard, naming it; the child's stored county is checked
 * by the service), never for the auditor, and only its own department's items for a
 * department officer.
 */
@ApiTags('entitlements 服务权益')
@ApiActorHeaders()
@UseGuards(CountyScopeGuard)
@Controller('api/v1')
export class EntitlementsController {
  constructor(
    private readonly entitlements: EntitlementsService,
    private readonly gaps: GapsService,
  ) {}

  @Get('children/:childId/entitlements')
  @RequirePermission(CATALOGUE_PERMISSIONS, 'entitlements.read')
  @ApiOperation({ summary: '儿童享有的服务项目、责任部门及服务登记（部门工作人员只见本部门负责的项目）' })
  forChild(@CurrentActor() actor: Actor, @Param('childId') childId: string): Promise<ChildEntitlementsView> {
    return this.entitlements.forChild(childId, actor);
  }

  @Post('children/:childId/deliveries')
  @HttpCode(200)
  @RequirePermission(CATALOGUE_PERMISSIONS, 'delivery.record')
  @ApiOperation({
    summary: '登记责任部门已为儿童提供某项服务（部门工作人员只能登记本部门负责的项目；民政工作人员可代登记）',
  })
  recordDelivery(
    @CurrentActor() actor: Actor,
    @Param('childId') childId: string,
    @Body() body: DeliveryDto,
  ): Promise<ChildEntitlementsView> {
    return this.entitlements.recordDelivery(actor, childId, body);
  }

  @Get('gaps')
  @RequirePermission(CATALOGUE_PERMISSIONS, 'gaps.read')
  @ApiOperation({ summary: '应享未享：已享有但尚无部门提供服务的项目及持续天数（按县区、部门）' })
  list(@CurrentActor() actor: Actor, @Query() query: GapsQueryDto): Promise<GapPage> {
    return this.gaps.list(
      actor,
      { countyCode: query.countyCode, department: query.department },
      { limit: query.limit, cursor: query.cursor },
    );
  }

  @Get('gaps/summary')
  @RequirePermission(CATALOGUE_PERMISSIONS, 'gaps.read')
  @ApiOperation({ summary: '应享未享汇总：每个县区、每个责任部门的未服务项目数、最长与平均天数' })
  summary(
    @CurrentActor() actor: Actor,
    @Query() query: GapsSummaryQueryDto,
  ): Promise<{ asOf: string; rows: GapSummaryRow[] }> {
    return this.gaps.summary(actor, { countyCode: query.countyCode, department: query.department });
  }
}
