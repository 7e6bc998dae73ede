import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ACTOR_HEADERS, type Actor, CountyScopeGuard, RequireRoles, CurrentActor } from '@care/access';
import {
  AssignTownshipDto,
  CountyQueryDto,
  ListRoundsQueryDto,
  OpenRoundDto,
  RecordResultDto,
  UncoveredQueryDto,
} from './screening.dto';
import { ScreeningService, type ResultView, type RoundView, type UncoveredChild } from './screening.service';

/** 监测摸排: rounds per county and half-year, assignments, results, progress. */
@ApiTags('screening 监测摸排')
@ApiHeader({ name: ACTOR_HEADERS.userId, required: true })
@ApiHeader({ name: ACTOR_HEADERS.role, required: true })
@ApiHeader({ name: ACTOR_HEADERS.department, required: true })
@ApiHeader({ name: ACTOR_HEADERS.countyCodes, required: true, description: '逗号分隔的6位区县代码' })
@UseGuards(CountyScopeGuard)
@RequireRoles('civil-affairs-admin', 'civil-affairs-officer', 'child-director')
@Controller('api/v1/screening')
export class ScreeningController {
  constructor(private readonly screening: ScreeningService) {}

  @Post('rounds')
  @RequireRoles('civil-affairs-admin', 'civil-affairs-officer')
  @ApiOperation({ summary: '开启摸排轮次（每个区县每半年只能有一个进行中的轮次）' })
  open(@CurrentActor() actor: Actor, @Body() body: OpenRoundDto): Promise<RoundView> {
    return this.screening.openRound(actor, body.countyCode, body.period);
  }

  @Get('rounds')
  @ApiOperation({ summary: '区县的摸排轮次（游标分页）' })
  list(
    @CurrentActor() actor: Actor,
    @Query() query: ListRoundsQueryDto,
  ): Promise<{ items: RoundView[]; nextCursor?: string }> {
    return this.screening.listRounds(actor, query.countyCode, query.period, {
      pageSize: query.pageSize,
      cursor: query.cursor,
    });
  }

  @Get('progress')
  @ApiOperation({ summary: '区县摸排进度：进行中轮次的分配、找到、核实、未找到、未走访人数（含分乡镇）' })
  progress(
    @CurrentActor() actor: Actor,
    @Query() query: CountyQueryDto,
  ): ReturnType<ScreeningService['progress']> {
    return this.screening.progress(actor, query.countyCode);
  }

  @Get('rounds/:roundId')
  @ApiOperation({ summary: '摸排轮次详情与汇总' })
  get(
    @CurrentActor() actor: Actor,
    @Param('roundId') roundId: string,
    @Query() query: CountyQueryDto,
  ): Promise<RoundView> {
    return this.screening.getRound(actor, query.countyCode, roundId);
  }

  @Post('rounds/:roundId/townships')
  @RequireRoles('civil-affairs-admin', 'civil-affairs-officer')
  @ApiOperation({
    summary:
      '分配乡镇（街道）与摸排人员（儿童主任/社会工作服务机构）；重复分配会转交未走访儿童并补充新登记儿童',
  })
  assign(
    @CurrentActor() actor: Actor,
    @Param('roundId') roundId: string,
    @Body() body: AssignTownshipDto,
  ): Promise<RoundView> {
    return this.screening.assignTownship(actor, body.countyCode, roundId, body);
  }

  @Post('rounds/:roundId/results')
  @ApiOperation({ summary: '登记摸排结果（已找到/已核实/未找到）；找到或核实即更新儿童最近核实日期' })
  record(
    @CurrentActor() actor: Actor,
    @Param('roundId') roundId: string,
    @Body() body: RecordResultDto,
  ): Promise<ResultView> {
    return this.screening.recordResult(actor, body.countyCode, roundId, body);
  }

  @Post('rounds/:roundId/close')
  @HttpCode(200)
  @RequireRoles('civil-affairs-admin', 'civil-affairs-officer')
  @ApiOperation({ summary: '结束摸排轮次并固定汇总（分配、找到、核实、未找到、未走访）' })
  close(
    @CurrentActor() actor: Actor,
    @Param('roundId') roundId: string,
    @Body() body: CountyQueryDto,
  ): Promise<RoundView> {
    return this.screening.closeRound(actor, body.countyCode, roundId);
  }

  @Get('rounds/:roundId/uncovered')
  @ApiOperation({ summary: '本轮尚未覆盖的儿童（已分配未走访或未分配），游标分页，每页可能少于 pageSize' })
  uncovered(
    @CurrentActor() actor: Actor,
    @Param('roundId') roundId: string,
    @Query() query: UncoveredQueryDto,
  ): Promise<{ items: UncoveredChild[]; nextCursor?: string }> {
    return this.screening.listUncovered(actor, query.countyCode, roundId, query.townshipCode, {
      pageSize: query.pageSize,
      cursor: query.cursor,
    });
  }
}
