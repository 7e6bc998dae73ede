import { Controller, Get, Query, Sse, UseGuards, type MessageEvent } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Observable } from 'rxjs';
import {
  ApiActorHeaders,
  CountyFields,
  CountyScopeGuard,
  CurrentActor,
  RequirePermission,
  type Actor,
} from '@care/access';
import { MONITORING_PERMISSIONS } from '../access/monitoring-access';
import { KpiQueryDto, StreamQueryDto } from './kpis.dto';
import { KpisService, type KpiResponse } from './kpis.service';

const SCOPE = '逗号分隔的区县代码；含本市代码（如 371700）者为市级人员，可查看全市及所有区县、乡镇（街道）';

/**
 * 监测指标: figures of the city, a county or a township, now and per day; the live stream. The
 * area's scope is checked in the service (a city code is not a county: the guard's county fields
 * are off here), so city-level staff see the city and county staff only their counties.
 */
@ApiTags('kpis 监测指标')
@ApiActorHeaders({ countyCodes: SCOPE })
@UseGuards(CountyScopeGuard)
@CountyFields()
@Controller('api/v1')
export class KpisController {
  constructor(private readonly kpis: KpisService) {}

  @Get('kpis')
  @RequirePermission(MONITORING_PERMISSIONS, 'kpis.read')
  @ApiOperation({
    summary:
      '区域监测指标：流动儿童（年龄段、户籍省份、困境类型）、信息核实覆盖与超期、重点关爱台账、走访应访与逾期、应享服务落实（按服务项目和责任部门）、在读；按日的新增与期末数；下一级区划（市→区县→乡镇）',
  })
  query(@CurrentActor() actor: Actor, @Query() query: KpiQueryDto): Promise<KpiResponse> {
    return this.kpis.query(actor, query);
  }

  @Sse('stream')
  @RequirePermission(MONITORING_PERMISSIONS, 'kpis.read')
  @ApiProduces('text/event-stream')
  @ApiOperation({
    summary:
      '实时变化推送（Server-Sent Events）：事件 kpi 的 data 为 {seq, at, changes:[{area, metric, dim, delta, value}]}，每15秒一个 ping',
  })
  stream(@CurrentActor() actor: Actor, @Query() query: StreamQueryDto): Observable<MessageEvent> {
    return this.kpis.stream(actor, query.area);
  }
}
