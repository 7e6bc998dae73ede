import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiActorHeaders, CountyScopeGuard, CurrentActor, DUTY_HEADER, type Actor } from '@care/access';
import { notFound } from '@care/errors';
import { ReadPurposeDto } from '@care/service-kit';
import {
  ListMentalHealthReferralsDto,
  MentalHealthStepDto,
  OpenMentalHealthReferralDto,
  REFERRAL_ID,
} from './mental-health.dto';
import {
  MentalHealthService,
  type MentalHealthReferralPage,
  type MentalHealthReferralView,
} from './mental-health.service';

function referralId(id: string): string {
  if (!REFERRAL_ID.test(id)) throw notFound('心理健康转介记录', id.slice(0, 64));
  return id;
}

/**
 * 心理健康转介 (seed §11). Every handler's first act is the service's duty check (卫健委 officers
 * with x-duties: mental-health only); every read and step is audited.
 */
@ApiTags('mental-health-referrals 心理健康转介')
@ApiActorHeaders({ role: 'department-officer（卫健委，且 x-duties 含 mental-health）' })
@ApiHeader({ name: DUTY_HEADER, required: true, description: '专项职责：mental-health（精神卫生专干）' })
@UseGuards(CountyScopeGuard)
@Controller('api/v1/mental-health-referrals')
export class MentalHealthController {
  constructor(private readonly mentalHealth: MentalHealthService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: '登记学校、社区、家庭等报告的心理健康关注（待转介）' })
  open(
    @CurrentActor() actor: Actor,
    @Body() body: OpenMentalHealthReferralDto,
  ): Promise<MentalHealthReferralView> {
    return this.mentalHealth.open(actor, body);
  }

  @Get()
  @ApiOperation({ summary: '本县区的心理健康转介（逾期在前；须说明用途，记入审计日志）' })
  list(
    @CurrentActor() actor: Actor,
    @Query() query: ListMentalHealthReferralsDto,
  ): Promise<MentalHealthReferralPage> {
    return this.mentalHealth.list(actor, query);
  }

  @Get(':referralId')
  @ApiOperation({ summary: '转介详情（情况描述、办理经过；须说明用途，记入审计日志）' })
  get(
    @CurrentActor() actor: Actor,
    @Param('referralId') id: string,
    @Query() query: ReadPurposeDto,
  ): Promise<MentalHealthReferralView> {
    return this.mentalHealth.get(actor, referralId(id), query.purpose);
  }

  @Post(':referralId/steps')
  @HttpCode(200)
  @ApiOperation({ summary: '办理一步（转介、评估、干预、就医、随访、结案）；须提交所见版本号' })
  act(
    @CurrentActor() actor: Actor,
    @Param('referralId') id: string,
    @Body() body: MentalHealthStepDto,
  ): Promise<MentalHealthReferralView> {
    return this.mentalHealth.act(actor, referralId(id), body);
  }
}
