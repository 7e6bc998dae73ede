import { Controller, Get, Query, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { ServerResponse } from 'node:http';
import {
  ApiActorHeaders,
  CountyFields,
  CountyScopeGuard,
  CurrentActor,
  RequirePermission,
  type Actor,
} from '@care/access';
import { MONITORING_PERMISSIONS } from '../access/monitoring-access';
import { SupervisionQueryDto } from '../kpis/kpis.dto';
import { ReportsService } from './reports.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** 督导评估 (seed §17): the annual evidence per county, as Excel, from the aggregates. */
@ApiTags('reports 督导评估')
@ApiActorHeaders()
@UseGuards(CountyScopeGuard)
@CountyFields()
@Controller('api/v1/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('supervision')
  @RequirePermission(MONITORING_PERMISSIONS, 'reports.read')
  @ApiProduces(XLSX)
  @ApiOperation({
    summary:
      '年度督导评估佐证材料（Excel，中文表头）：各区县流动儿童、信息核实、重点关爱、走访、服务落实与预警；市级人员为全市各区县，区县人员为本人负责的区县',
  })
  async supervision(
    @CurrentActor() actor: Actor,
    @Query() query: SupervisionQueryDto,
    @Res() response: ServerResponse,
  ): Promise<void> {
    const year = this.reports.year(query.year);
    const { file } = await this.reports.supervision(actor, year);
    const name = encodeURIComponent(`流动儿童关爱服务督导评估-${year}.xlsx`);
    response.statusCode = 200;
    response.setHeader('Content-Type', XLSX);
    response.setHeader(
      'Content-Disposition',
      `attachment; filename="supervision-${year}.xlsx"; filename*=UTF-8''${name}`,
    );
    response.setHeader('Cache-Control', 'no-store');
    response.end(file);
  }
}
