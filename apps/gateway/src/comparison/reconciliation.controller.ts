import { Body, Controller, Get, HttpCode, Param, Post, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { ApiActorHeaders, CountyScopeGuard, CurrentActor, RequirePermission, type Actor } from '@care/access';
import { invalidArgument } from '@care/errors';
import { XLSX_CONTENT_TYPE, type ReportResponse } from '@care/excel';
import { GATEWAY_PERMISSIONS } from '../gateway-access';
import { ReconciliationService, type ReconciliationView } from './reconciliation.service';

class StartReconciliationDto {
  @ApiProperty({ description: '对端城市代码（交换对端之一）', example: '410100' })
  @Matches(/^[0-9]{4}00$/, { message: '对端城市（peerCity）：须为6位城市代码' })
  peerCity!: string;
}

@ApiTags('reconciliations 全量比对')
@ApiActorHeaders()
@UseGuards(CountyScopeGuard)
@Controller('api/v1/reconciliations')
export class ReconciliationController {
  constructor(private readonly reconciliations: ReconciliationService) {}

  @Post()
  @HttpCode(202)
  @RequirePermission(GATEWAY_PERMISSIONS, 'exchange.reconcile')
  @ApiOperation({ summary: '发起与一个对端城市的全量比对（后台运行，返回任务；差异生成处理任务）' })
  start(@CurrentActor() actor: Actor, @Body() body: StartReconciliationDto): Promise<ReconciliationView> {
    return this.reconciliations.start(actor, body.peerCity);
  }

  @Get(':id')
  @RequirePermission(GATEWAY_PERMISSIONS, 'exchange.reconcile')
  @ApiOperation({ summary: '比对进度与结果（已读条数、差异数、按类型统计）' })
  get(@Param('id') id: string): Promise<ReconciliationView> {
    return this.reconciliations.get(id.slice(0, 40));
  }

  @Get(':id/report')
  @RequirePermission(GATEWAY_PERMISSIONS, 'exchange.reconcile')
  @ApiOperation({ summary: '下载比对差异报告（.xlsx，取值已脱敏）' })
  async report(@Param('id') id: string, @Res() res: ReportResponse): Promise<void> {
    // 404, or not finished: refused before any byte is sent.
    const job = await this.reconciliations.get(id.slice(0, 40));
    if (job.status !== 'done')
      throw invalidArgument('status', '已完成', '比对尚未完成或已失败，完成后才能下载差异报告');
    res.status(200);
    res.setHeader('content-type', XLSX_CONTENT_TYPE);
    res.setHeader(
      'content-disposition',
      `attachment; filename*=UTF-8''${encodeURIComponent(`比对差异-${id}.xlsx`)}`,
    );
    await this.reconciliations.report(id.slice(0, 40), res);
  }
}
