import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiActorHeaders,
  CountyFields,
  CountyScopeGuard,
  CurrentActor,
  RequirePermission,
  type Actor,
} from '@care/access';
import { InjectConfig } from '@care/config';
import { ProjectionService } from '../aggregates/projection.service';
import { countiesOfCity } from '../aggregates/areas';
import {
  assertMayRead,
  countiesVisible,
  MONITORING_PERMISSIONS,
  parseArea,
} from '../access/monitoring-access';
import type { MonitoringConfig } from '../config';
import { ALERT_KINDS, type AlertKind } from './alert-rules';
import { AlertQueryDto } from '../kpis/kpis.dto';
import { AlertsService } from './alerts.service';

export interface AlertView {
  readonly alertId: string;
  readonly kind: AlertKind;
  readonly kindLabel: string;
  readonly countyCode: string;
  readonly itemCode: string;
  readonly departments: readonly string[];
  readonly status: 'open' | 'cleared';
  readonly count: number;
  readonly thresholdDays: number;
  readonly sinceOn: string;
  readonly raisedAt: string;
  readonly clearedAt: string;
}

/**
 * 预警: the alerts of the counties the caller may read. The county is checked here, not by the
 * guard's county fields: city-level staff (the city's code) read every county.
 */
@ApiTags('alerts 预警')
@ApiActorHeaders()
@UseGuards(CountyScopeGuard)
@CountyFields()
@Controller('api/v1')
export class AlertsController {
  constructor(
    private readonly alerts: AlertsService,
    private readonly projection: ProjectionService,
    @InjectConfig() private readonly config: MonitoringConfig,
  ) {}

  @Get('alerts')
  @RequirePermission(MONITORING_PERMISSIONS, 'alerts.read')
  @ApiOperation({
    summary: `预警列表（新发出的在前）：${Object.values(ALERT_KINDS).join('；')}。预警发出时同时发布事件 monitoring.alert.raised.v1`,
  })
  async list(@CurrentActor() actor: Actor, @Query() query: AlertQueryDto): Promise<{ alerts: AlertView[] }> {
    const all = countiesOfCity(this.projection.store, this.config.CITY_CODE);
    if (query.countyCode !== undefined)
      assertMayRead(
        actor,
        this.config.CITY_CODE,
        parseArea(query.countyCode, this.config.CITY_CODE, 'countyCode'),
      );
    const counties =
      query.countyCode !== undefined
        ? [query.countyCode]
        : countiesVisible(actor, this.config.CITY_CODE, all);
    const docs = await this.alerts.list(counties, { kind: query.kind, status: query.status });
    return {
      alerts: docs.map((d) => ({
        alertId: d.alertId,
        kind: d.kind,
        kindLabel: ALERT_KINDS[d.kind],
        countyCode: d.countyCode,
        itemCode: d.itemCode,
        departments: d.departments,
        status: d.status,
        count: d.count,
        thresholdDays: d.thresholdDays,
        sinceOn: d.sinceOn,
        raisedAt: d.raisedAt,
        clearedAt: d.clearedAt,
      })),
    };
  }
}
