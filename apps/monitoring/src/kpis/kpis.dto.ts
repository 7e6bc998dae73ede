import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { ALERT_KINDS } from '../alerts/alert-rules';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const AREA = /^([0-9]{6}|[0-9]{9})$/;

/** `?area=&from=&to=`: an area of the city and a day range (at most 366 days). */
export class KpiQueryDto {
  @ApiPropertyOptional({
    description:
      '区划代码：市级代码（如 371700，仅市级人员）、6位区县代码或9位乡镇（街道）代码；不填为本人可见的最高层级',
    example: '371702',
  })
  @IsOptional()
  @Matches(AREA, { message: 'area 须为6位或9位行政区划代码' })
  area?: string;

  @ApiPropertyOptional({ description: '起始日期（含），YYYY-MM-DD；不填为今日', example: '2026-09-01' })
  @IsOptional()
  @Matches(DATE, { message: 'from 须为 YYYY-MM-DD 日期' })
  from?: string;

  @ApiPropertyOptional({
    description: '截止日期（含），YYYY-MM-DD；不填为今日；跨度不超过366天',
    example: '2026-09-30',
  })
  @IsOptional()
  @Matches(DATE, { message: 'to 须为 YYYY-MM-DD 日期' })
  to?: string;
}

/** `?area=`: the live stream of one area (and everything under it). */
export class StreamQueryDto {
  @ApiPropertyOptional({
    description: '只推送该区划（含下辖区划）的变化；不填为本人可见的全部',
    example: '371702',
  })
  @IsOptional()
  @Matches(AREA, { message: 'area 须为6位或9位行政区划代码' })
  area?: string;
}

export class AlertQueryDto {
  @ApiPropertyOptional({
    description: '区县代码（须在本人负责范围内；不填为全部可见区县）',
    example: '371702',
  })
  @IsOptional()
  @Matches(/^[0-9]{6}$/, { message: 'countyCode 须为6位区县代码' })
  countyCode?: string;

  @ApiPropertyOptional({
    enum: Object.keys(ALERT_KINDS),
    description: Object.entries(ALERT_KINDS)
      .map(([k, v]) => `${k}：${v}`)
      .join('；'),
  })
  @IsOptional()
  @IsIn(Object.keys(ALERT_KINDS), { message: `kind 须为 ${Object.keys(ALERT_KINDS).join('、')} 之一` })
  kind?: keyof typeof ALERT_KINDS;

  @ApiPropertyOptional({ enum: ['open', 'cleared'], description: 'open 当前预警（默认）；cleared 已解除' })
  @IsOptional()
  @IsIn(['open', 'cleared'], { message: 'status 须为 open 或 cleared' })
  status?: 'open' | 'cleared';
}

export class SupervisionQueryDto {
  @ApiPropertyOptional({ description: '年度（四位数字），不填为今年', example: '2026' })
  @IsOptional()
  @Matches(/^20[0-9]{2}$/, { message: 'year 须为四位年份（2000–2099）' })
  year?: string;
}
