import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiActorHeaders, CountyScopeGuard, CurrentActor, RequirePermission, type Actor } from '@care/access';
import { notFound } from '@care/errors';
import { GUARDIANSHIP_PERMISSIONS } from './guardianship-access';
import {
  ActOnGuardianshipCaseDto,
  CASE_ID,
  ListGuardianshipCasesDto,
  OpenGuardianshipCaseDto,
} from './guardianship.dto';
import {
  GuardianshipService,
  type GuardianshipCasePage,
  type GuardianshipCaseView,
} from './guardianship.service';
import { ReadPurposeDto } from '@care/service-kit';

function caseId(id: string): string {
  // Not an id this service issues: answer as for any unknown case (and query nothing).
  if (!CASE_ID.test(id)) throw notFound('监护缺失案件', id.slice(0, 64));
  return id;
}

/** 监护缺失/监护不力 处置: cases of a child's county, stepped by the party each step belongs to. */
@ApiTags('guardianship-cases 监护缺失案件处置')
@ApiActorHeaders()
@UseGuards(CountyScopeGuard)
@Controller('api/v1/guardianship-cases')
export class GuardianshipController {
  constructor(private readonly guardianship: GuardianshipService) {}

  @Post()
  @HttpCode(201)
  @RequirePermission(GUARDIANSHIP_PERMISSIONS, 'cases.act')
  @ApiOperation({
    summary:
      '登记监护缺失案件：村（居）民委员会发现（或民政部门接报）待劝诫、制止；公安机关接报或公检法办案中发现的待训诫',
  })
  open(@CurrentActor() actor: Actor, @Body() body: OpenGuardianshipCaseDto): Promise<GuardianshipCaseView> {
    return this.guardianship.open(actor, body);
  }

  @Get()
  @RequirePermission(GUARDIANSHIP_PERMISSIONS, 'cases.read')
  @ApiOperation({ summary: '本县区的监护缺失案件（逾期的在前，逾期最久的最前；已结案的在后）' })
  list(
    @CurrentActor() actor: Actor,
    @Query() query: ListGuardianshipCasesDto,
  ): Promise<GuardianshipCasePage> {
    return this.guardianship.list(actor, query);
  }

  @Get(':caseId')
  @RequirePermission(GUARDIANSHIP_PERMISSIONS, 'cases.read')
  @ApiOperation({
    summary: '案件详情：情况概述、办理经过、期限与本人可办理的事项（须说明查看用途，记入审计日志）',
  })
  get(
    @CurrentActor() actor: Actor,
    @Param('caseId') id: string,
    @Query() query: ReadPurposeDto,
  ): Promise<GuardianshipCaseView> {
    return this.guardianship.get(actor, caseId(id), query.purpose);
  }

  @Post(':caseId/actions')
  @HttpCode(200)
  @RequirePermission(GUARDIANSHIP_PERMISSIONS, 'cases.act')
  @ApiOperation({
    summary:
      '办理一步（劝诫、报告公安机关、受理、训诫、责令家庭教育指导、回访、临时监护、长期监护、结案等）；须提交所见版本号',
  })
  act(
    @CurrentActor() actor: Actor,
    @Param('caseId') id: string,
    @Body() body: ActOnGuardianshipCaseDto,
  ): Promise<GuardianshipCaseView> {
    return this.guardianship.act(actor, caseId(id), body);
  }
}
