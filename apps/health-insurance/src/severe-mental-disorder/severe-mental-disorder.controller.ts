import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiActorHeaders, CountyScopeGuard, CurrentActor, DUTY_HEADER, type Actor } from '@care/access';
import { notFound } from '@care/errors';
import { ReadPurposeDto } from '@care/service-kit';
import {
  CHILD_ID,
  ConsentDto,
  DueFollowUpsQueryDto,
  FollowUpDto,
  ListRehabilitationDto,
  OpenRehabilitationDto,
  REFERRAL_ID,
  RegisterPatientDto,
  RehabilitationStepDto,
} from './severe-mental-disorder.dto';
import {
  SevereMentalDisorderPatientsService,
  type DueFollowUpsPage,
  type FollowUpResult,
  type PatientView,
} from './patients.service';
import {
  SevereMentalDisorderRehabilitationService,
  type RehabilitationPage,
  type RehabilitationView,
} from './rehabilitation.service';

function childId(id: string): string {
  if (!CHILD_ID.test(id)) throw notFound('严重精神障碍患者管理记录', id.slice(0, 64));
  return id;
}

function referralId(id: string): string {
  if (!REFERRAL_ID.test(id)) throw notFound('社区康复转介记录', id.slice(0, 64));
  return id;
}

const ACTOR = { role: 'department-officer（卫健委，且 x-duties 含 severe-mental-disorder）' };
const DUTY = {
  name: DUTY_HEADER,
  required: true,
  description: '专项职责：severe-mental-disorder（严重精神障碍管理专干）',
};

/**
 * 严重精神障碍患者管理 (国家基本公共卫生服务规范（第三版）): every handler's first act is the service's
 * duty check (卫健委 officers with x-duties: severe-mental-disorder only); every read and write is audited.
 */
@ApiTags('severe-mental-disorder 严重精神障碍患者管理')
@ApiActorHeaders(ACTOR)
@ApiHeader(DUTY)
@UseGuards(CountyScopeGuard)
@Controller('api/v1/severe-mental-disorder/patients')
export class SevereMentalDisorderPatientsController {
  constructor(private readonly patients: SevereMentalDisorderPatientsService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: '纳入登记：诊断明确、在家居住的严重精神障碍患者（诊断类别加密保存）' })
  register(@CurrentActor() actor: Actor, @Body() body: RegisterPatientDto): Promise<PatientView> {
    return this.patients.register(actor, body);
  }

  @Get(':childId')
  @ApiOperation({ summary: '患者管理记录（诊断、随访；须说明用途，记入审计日志）' })
  get(
    @CurrentActor() actor: Actor,
    @Param('childId') id: string,
    @Query() query: ReadPurposeDto,
  ): Promise<PatientView> {
    return this.patients.get(actor, childId(id), query.purpose);
  }

  @Post(':childId/follow-ups')
  @HttpCode(200)
  @ApiOperation({ summary: '登记随访（危险性评估、病情分类、服药依从性）；须提交所见版本号' })
  followUp(
    @CurrentActor() actor: Actor,
    @Param('childId') id: string,
    @Body() body: FollowUpDto,
  ): Promise<FollowUpResult> {
    return this.patients.followUp(actor, childId(id), body);
  }

  @Post(':childId/consent')
  @HttpCode(200)
  @ApiOperation({ summary: '变更监护人是否同意纳入管理；须提交所见版本号' })
  consent(
    @CurrentActor() actor: Actor,
    @Param('childId') id: string,
    @Body() body: ConsentDto,
  ): Promise<PatientView> {
    return this.patients.consent(actor, childId(id), body);
  }
}

@ApiTags('severe-mental-disorder 严重精神障碍患者管理')
@ApiActorHeaders(ACTOR)
@ApiHeader(DUTY)
@UseGuards(CountyScopeGuard)
@Controller('api/v1/severe-mental-disorder/follow-ups')
export class SevereMentalDisorderFollowUpsController {
  constructor(private readonly patients: SevereMentalDisorderPatientsService) {}

  @Get('due')
  @ApiOperation({ summary: '本县区应随访、逾期未随访的患者（最早到期在前；须说明用途，记入审计日志）' })
  due(@CurrentActor() actor: Actor, @Query() query: DueFollowUpsQueryDto): Promise<DueFollowUpsPage> {
    return this.patients.due(actor, query);
  }
}

@ApiTags('severe-mental-disorder 社区康复转介')
@ApiActorHeaders(ACTOR)
@ApiHeader(DUTY)
@UseGuards(CountyScopeGuard)
@Controller('api/v1/severe-mental-disorder/rehabilitation-referrals')
export class SevereMentalDisorderRehabilitationController {
  constructor(private readonly rehabilitation: SevereMentalDisorderRehabilitationService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: '转介至社区康复机构（须已纳入管理且监护人同意）' })
  open(@CurrentActor() actor: Actor, @Body() body: OpenRehabilitationDto): Promise<RehabilitationView> {
    return this.rehabilitation.open(actor, body);
  }

  @Get()
  @ApiOperation({ summary: '本县区的社区康复转介（到期在前；须说明用途，记入审计日志）' })
  list(@CurrentActor() actor: Actor, @Query() query: ListRehabilitationDto): Promise<RehabilitationPage> {
    return this.rehabilitation.list(actor, query);
  }

  @Get(':referralId')
  @ApiOperation({ summary: '转介详情（须说明用途，记入审计日志）' })
  get(
    @CurrentActor() actor: Actor,
    @Param('referralId') id: string,
    @Query() query: ReadPurposeDto,
  ): Promise<RehabilitationView> {
    return this.rehabilitation.get(actor, referralId(id), query.purpose);
  }

  @Post(':referralId/steps')
  @HttpCode(200)
  @ApiOperation({ summary: '办理一步（接收、开始康复、结束并说明原因）；须提交所见版本号' })
  act(
    @CurrentActor() actor: Actor,
    @Param('referralId') id: string,
    @Body() body: RehabilitationStepDto,
  ): Promise<RehabilitationView> {
    return this.rehabilitation.act(actor, referralId(id), body);
  }
}
