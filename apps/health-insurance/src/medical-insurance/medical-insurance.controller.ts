import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiActorHeaders, CountyScopeGuard, CurrentActor, RequirePermission, type Actor } from '@care/access';
import { DEPARTMENT_PERMISSIONS } from '@care/department-kit';
import { invalidArgument } from '@care/errors';
import {
  ApplyEnrolmentDto,
  EnrolmentActionDto,
  RecordSettlementFilingDto,
  SettlementFilingQueryDto,
} from './medical-insurance.dto';
import {
  MedicalInsuranceService,
  type ChildMedicalInsuranceStatus,
  type EnrolmentResult,
  type EnrolmentView,
  type SettlementFilingPage,
  type SettlementFilingResult,
} from './medical-insurance.service';

function coverageYear(text: string): number {
  if (!/^20[0-9]{2}$/.test(text))
    throw invalidArgument('year', '年度格式', `参保年度须为四位年份，实为 "${text.slice(0, 8)}"`);
  return Number(text);
}

function childId(text: string): string {
  if (text.length > 64) throw invalidArgument('childId', '儿童编号长度', '儿童编号最多64位');
  return text;
}

/** 城乡居民基本医疗保险 (市医保局): enrolment where the child lives, its steps, the child's status, 异地就医备案. */
@ApiTags('medical-insurance 城乡居民医保')
@ApiActorHeaders()
@UseGuards(CountyScopeGuard)
@Controller('api/v1')
export class MedicalInsuranceController {
  constructor(private readonly insurance: MedicalInsuranceService) {}

  @Post('medical-insurance/enrolments')
  @HttpCode(201)
  @RequirePermission(DEPARTMENT_PERMISSIONS, 'records.write')
  @ApiOperation({
    summary:
      '申请居住地参保：核对流动儿童、集中缴费期、居住证或农民工随迁子女、户籍地参保状态（不得重复参保）与资助参保类别，逐项列出不符合的条件；重复提交同一申请不重复登记',
  })
  apply(@CurrentActor() actor: Actor, @Body() body: ApplyEnrolmentDto): Promise<EnrolmentResult> {
    return this.insurance.apply(actor, body);
  }

  @Get('medical-insurance/enrolments/:childId/:year')
  @RequirePermission(DEPARTMENT_PERMISSIONS, 'worklist.read')
  @ApiOperation({ summary: '参保记录：年度、缴费与资助、状态（年度届满未续保为断保）、办理经过与可办理事项' })
  get(
    @CurrentActor() actor: Actor,
    @Param('childId') child: string,
    @Param('year') year: string,
  ): Promise<EnrolmentView> {
    return this.insurance.get(actor, childId(child), coverageYear(year));
  }

  @Post('medical-insurance/enrolments/:childId/:year/actions')
  @HttpCode(200)
  @RequirePermission(DEPARTMENT_PERMISSIONS, 'records.write')
  @ApiOperation({
    summary:
      '办理一步（确认参保、不予参保、转出）；须提交所见版本号，记录已被他人更新时返回409；确认参保即登记服务项目已提供',
  })
  act(
    @CurrentActor() actor: Actor,
    @Param('childId') child: string,
    @Param('year') year: string,
    @Body() body: EnrolmentActionDto,
  ): Promise<EnrolmentResult> {
    return this.insurance.act(actor, childId(child), coverageYear(year), body);
  }

  @Get('children/:childId/medical-insurance')
  @RequirePermission(DEPARTMENT_PERMISSIONS, 'worklist.read')
  @ApiOperation({
    summary: '儿童的城乡居民医保参保情况：本年度是否参保（含断保）、各年度参保记录、有效的异地就医备案',
  })
  status(
    @CurrentActor() actor: Actor,
    @Param('childId') child: string,
  ): Promise<ChildMedicalInsuranceStatus> {
    return this.insurance.status(actor, childId(child));
  }

  @Post('medical-insurance/settlement-filings')
  @HttpCode(201)
  @RequirePermission(DEPARTMENT_PERMISSIONS, 'records.write')
  @ApiOperation({
    summary: '登记异地就医备案（异地长期居住）：在户籍地参保、在本县区居住的儿童；重复提交不重复登记',
  })
  file(
    @CurrentActor() actor: Actor,
    @Body() body: RecordSettlementFilingDto,
  ): Promise<SettlementFilingResult> {
    return this.insurance.fileSettlement(actor, body);
  }

  @Get('medical-insurance/settlement-filings')
  @RequirePermission(DEPARTMENT_PERMISSIONS, 'worklist.read')
  @ApiOperation({ summary: '本县区的异地就医备案：即将到期的在前（按有效期至排序）' })
  filings(
    @CurrentActor() actor: Actor,
    @Query() query: SettlementFilingQueryDto,
  ): Promise<SettlementFilingPage> {
    return this.insurance.listFilings(actor, query);
  }
}
