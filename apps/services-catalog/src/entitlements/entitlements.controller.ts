import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DeliveryDto, GapsQueryDto, GapsSummaryQueryDto } from './entitlements.dto';
import { EntitlementsService, type ChildEntitlementsView } from './entitlements.service';
import { GapsService, type GapPage, type GapSummaryRow } from './gaps.service';

@ApiTags('entitlements 服务权益')
@Controller('api/v1')
export class EntitlementsController {
  constructor(
    private readonly entitlements: EntitlementsService,
    private readonly gaps: GapsService,
  ) {}

  @Get('children/:childId/entitlements')
  @ApiOperation({ summary: '儿童享有的服务项目、责任部门及服务登记' })
  forChild(@Param('childId') childId: string): Promise<ChildEntitlementsView> {
    return this.entitlements.forChild(childId);
  }

  @Post('children/:childId/deliveries')
  @HttpCode(200)
  @ApiOperation({ summary: '登记责任部门已为儿童提供某项服务' })
  recordDelivery(
    @Param('childId') childId: string,
    @Body() body: DeliveryDto,
  ): Promise<ChildEntitlementsView> {
    return this.entitlements.recordDelivery(childId, body);
  }

  @Get('gaps')
  @ApiOperation({ summary: '应享未享：已享有但尚无部门提供服务的项目及持续天数（按县区、部门）' })
  list(@Query() query: GapsQueryDto): Promise<GapPage> {
    return this.gaps.list(
      { countyCode: query.countyCode, department: query.department },
      { limit: query.limit, cursor: query.cursor },
    );
  }

  @Get('gaps/summary')
  @ApiOperation({ summary: '应享未享汇总：每个县区、每个责任部门的未服务项目数、最长与平均天数' })
  summary(@Query() query: GapsSummaryQueryDto): Promise<{ asOf: string; rows: GapSummaryRow[] }> {
    return this.gaps.summary({ countyCode: query.countyCode, department: query.department });
  }
}
