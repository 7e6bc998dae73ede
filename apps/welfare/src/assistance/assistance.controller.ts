import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  Post,
  Query,
  Res,
  StreamableFile,
  UseGuards,
} from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiActorHeaders, CountyScopeGuard, CurrentActor, RequirePermission, type Actor } from '@care/access';
import { notFound } from '@care/errors';
import { ASSISTANCE_PERMISSIONS } from './assistance-access';
import {
  APPLICATION_ID,
  ActOnAssistanceApplicationDto,
  HuyouListQueryDto,
  ListAssistanceApplicationsDto,
  SubmitAssistanceApplicationDto,
} from './assistance.dto';
import {
  AssistanceService,
  type AssistanceApplicationPage,
  type AssistanceApplicationView,
} from './assistance.service';
import { ReadPurposeDto } from '@care/service-kit';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface HeaderSink {
  setHeader(name: string, value: string): void;
}

function applicationId(id: string): string {
  // Not an id this service issues: answer as for any unknown application (and query nothing).
  if (!APPLICATION_ID.test(id)) throw notFound('救助申请', id.slice(0, 64));
  return id;
}

/** 救助申请: social-assistance applications of a child's county, and the 护佑健康 list. */
@ApiTags('assistance 社会救助申请')
@ApiActorHeaders()
@UseGuards(CountyScopeGuard)
@Controller('api/v1/assistance')
export class AssistanceController {
  constructor(private readonly assistance: AssistanceService) {}

  @Post('applications')
  @HttpCode(201)
  @RequirePermission(ASSISTANCE_PERMISSIONS, 'applications.submit')
  @ApiOperation({
    summary:
      '提交救助申请（孤儿/事实无人抚养儿童基本生活保障金、低保、特困供养、临时救助、残疾人两项补贴、残疾儿童康复救助、明天计划）；由类别主管部门或儿童主任（协助申领）提交',
  })
  submit(
    @CurrentActor() actor: Actor,
    @Body() body: SubmitAssistanceApplicationDto,
  ): Promise<AssistanceApplicationView> {
    return this.assistance.submit(actor, body);
  }

  @Get('applications')
  @RequirePermission(ASSISTANCE_PERMISSIONS, 'applications.read')
  @ApiOperation({ summary: '本县区的救助申请（逾期的在前，逾期最久的最前；发放中的其后，已办结的在后）' })
  list(
    @CurrentActor() actor: Actor,
    @Query() query: ListAssistanceApplicationsDto,
  ): Promise<AssistanceApplicationPage> {
    return this.assistance.list(actor, query);
  }

  @Get('applications/:id')
  @RequirePermission(ASSISTANCE_PERMISSIONS, 'applications.read')
  @ApiOperation({
    summary: '申请详情：办理经过、期限、金额、服务登记情况与本人可办理的事项（须说明查看用途，记入审计日志）',
  })
  get(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Query() query: ReadPurposeDto,
  ): Promise<AssistanceApplicationView> {
    return this.assistance.get(actor, applicationId(id), query.purpose);
  }

  @Post('applications/:id/actions')
  @HttpCode(200)
  @RequirePermission(ASSISTANCE_PERMISSIONS, 'applications.act')
  @ApiOperation({
    summary:
      '办理一步（提请户籍地认定、受理审核、登记户籍地确认/不予认定、审批通过、不予批准、暂停、恢复、终止）；须提交所见版本号',
  })
  act(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: ActOnAssistanceApplicationDto,
  ): Promise<AssistanceApplicationView> {
    return this.assistance.act(actor, applicationId(id), body);
  }

  @Get('huyou-list.xlsx')
  @RequirePermission(ASSISTANCE_PERMISSIONS, 'huyou.export')
  @ApiProduces(XLSX)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: '导出本县区“护佑健康”孤困儿童大病保险名单（.xlsx，报省厅）：仅儿童编号与登记事实，不含姓名',
  })
  async huyouList(
    @CurrentActor() actor: Actor,
    @Query() query: HuyouListQueryDto,
    @Res({ passthrough: true }) response: HeaderSink,
  ): Promise<StreamableFile> {
    const file = await this.assistance.huyouList(actor, query.countyCode);
    response.setHeader('X-Record-Count', String(file.rowCount));
    return new StreamableFile(file.content, {
      type: XLSX,
      disposition: `attachment; filename="${file.fileName}"`,
    });
  }
}
