import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { ServerResponse } from 'node:http';
import {
  ACTOR_HEADERS,
  type Actor,
  CountyScopeGuard,
  RequireRoles,
  CurrentActor,
  assertCountyInScope,
} from '@care/access';
import type { LedgerFields } from './key-care.types';
import {
  AddCareActivityDto,
  ChangeEntryDto,
  CloseEntryDto,
  CountyQueryDto,
  ExportQueryDto,
  ListEntriesQueryDto,
  OpenEntryDto,
  OverdueQueryDto,
  OverdueSummaryQueryDto,
  OverdueSweepDto,
  RecordVisitDto,
} from './key-care.dto';
import { KeyCareService, type KeyCareEntryView, type OverdueItem } from './key-care.service';
import { LedgerExportService } from './ledger-export.service';

type EntryPage = { items: KeyCareEntryView[]; nextCursor?: string };

/** Only the fields the caller sent (an absent field must not overwrite the stored one). */
function ledgerPatch(body: ChangeEntryDto): Partial<LedgerFields> {
  const patch: Partial<LedgerFields> = {};
  if (body.difficultyTypes !== undefined) patch.difficultyTypes = body.difficultyTypes;
  if (body.situationSummary !== undefined) patch.situationSummary = body.situationSummary;
  if (body.careActivities !== undefined)
    patch.careActivities = body.careActivities.map((a) => ({ on: a.on ?? null, description: a.description }));
  if (body.notes !== undefined) patch.notes = body.notes;
  if (body.school !== undefined) patch.school = body.school;
  if (body.grade !== undefined) patch.grade = body.grade;
  return patch;
}

/** 重点关爱服务对象信息台账: entries, visits, overdue lists and the Attachment 1 export. */
@ApiTags('key-care 重点关爱台账')
@ApiHeader({ name: ACTOR_HEADERS.userId, required: true })
@ApiHeader({ name: ACTOR_HEADERS.role, required: true })
@ApiHeader({ name: ACTOR_HEADERS.department, required: true })
@ApiHeader({ name: ACTOR_HEADERS.countyCodes, required: true, description: '逗号分隔的6位区县代码' })
@UseGuards(CountyScopeGuard)
@RequireRoles('civil-affairs-admin', 'civil-affairs-officer', 'child-director')
@Controller('api/v1/key-care')
export class KeyCareController {
  constructor(
    private readonly keyCare: KeyCareService,
    private readonly exporter: LedgerExportService,
  ) {}

  @Post('entries')
  @RequireRoles('civil-affairs-admin', 'civil-affairs-officer')
  @ApiOperation({ summary: '建档：困境类型须有儿童档案事实支持（如跨乡镇主动求助须确有跨乡镇流动）' })
  open(@CurrentActor() actor: Actor, @Body() body: OpenEntryDto): Promise<KeyCareEntryView> {
    const fields: LedgerFields = {
      difficultyTypes: body.difficultyTypes,
      situationSummary: body.situationSummary ?? '',
      careActivities: (body.careActivities ?? []).map((a) => ({
        on: a.on ?? null,
        description: a.description,
      })),
      notes: body.notes ?? '',
      school: body.school ?? '',
      grade: body.grade ?? '',
    };
    return this.keyCare.open(actor, body.countyCode, body.childId, fields, body.visitWorkerId ?? '');
  }

  @Get('entries')
  @ApiOperation({ summary: '在册台账（按县区/乡镇，游标分页）' })
  list(@CurrentActor() actor: Actor, @Query() query: ListEntriesQueryDto): Promise<EntryPage> {
    return this.keyCare.list(actor, query.countyCode, query.townshipCode, {
      pageSize: query.pageSize,
      cursor: query.cursor,
    });
  }

  @Get('entries/:entryId')
  @ApiOperation({ summary: '台账详情（含走访计划与走访记录）' })
  get(
    @CurrentActor() actor: Actor,
    @Param('entryId') entryId: string,
    @Query() query: CountyQueryDto,
  ): Promise<KeyCareEntryView> {
    return this.keyCare.get(actor, query.countyCode, entryId);
  }

  @Get('children/:childId/entries')
  @ApiOperation({ summary: '某儿童的全部台账（在册与已销档，档案）' })
  ofChild(
    @CurrentActor() actor: Actor,
    @Param('childId') childId: string,
    @Query() query: CountyQueryDto,
  ): Promise<KeyCareEntryView[]> {
    return this.keyCare.ofChild(actor, query.countyCode, childId);
  }

  @Patch('entries/:entryId')
  @RequireRoles('civil-affairs-admin', 'civil-affairs-officer')
  @ApiOperation({ summary: '变更台账（困境类型、概述、活动、备注、学校年级、走访责任人）' })
  change(
    @CurrentActor() actor: Actor,
    @Param('entryId') entryId: string,
    @Body() body: ChangeEntryDto,
  ): Promise<KeyCareEntryView> {
    return this.keyCare.change(actor, body.countyCode, entryId, {
      fields: ledgerPatch(body),
      visitWorkerId: body.visitWorkerId,
      version: body.version,
    });
  }

  @Post('entries/:entryId/activities')
  @ApiOperation({ summary: '登记关爱服务活动' })
  addActivity(
    @CurrentActor() actor: Actor,
    @Param('entryId') entryId: string,
    @Body() body: AddCareActivityDto,
  ): Promise<KeyCareEntryView> {
    return this.keyCare.addActivity(actor, body.countyCode, entryId, {
      on: body.on ?? null,
      description: body.description,
    });
  }

  @Post('entries/:entryId/visits')
  @ApiOperation({ summary: '登记走访探视，并按困境类型重新计算下次走访日期' })
  recordVisit(
    @CurrentActor() actor: Actor,
    @Param('entryId') entryId: string,
    @Body() body: RecordVisitDto,
  ): Promise<KeyCareEntryView> {
    return this.keyCare.recordVisit(actor, body.countyCode, entryId, body);
  }

  @Post('entries/:entryId/close')
  @HttpCode(200)
  @RequireRoles('civil-affairs-admin', 'civil-affairs-officer')
  @ApiOperation({ summary: '销档（迁出、年满十六周岁、困境已消除等）' })
  close(
    @CurrentActor() actor: Actor,
    @Param('entryId') entryId: string,
    @Body() body: CloseEntryDto,
  ): Promise<KeyCareEntryView> {
    return this.keyCare.close(actor, body.countyCode, entryId, {
      reason: body.reason,
      note: body.note ?? '',
      closedOn: body.closedOn,
      version: body.version,
    });
  }

  @Get('overdue')
  @ApiOperation({ summary: '逾期未走访清单（按县区，可按乡镇或走访责任人筛选）' })
  overdue(
    @CurrentActor() actor: Actor,
    @Query() query: OverdueQueryDto,
  ): Promise<{ asOf: string; items: OverdueItem[]; nextCursor?: string }> {
    return this.keyCare.listOverdue(
      actor,
      query.countyCode,
      { asOf: query.asOf, townshipCode: query.townshipCode, workerId: query.workerId },
      { pageSize: query.pageSize, cursor: query.cursor },
    );
  }

  @Get('overdue/summary')
  @ApiOperation({ summary: '逾期未走访统计（按走访责任人、按乡镇）' })
  overdueSummary(
    @CurrentActor() actor: Actor,
    @Query() query: OverdueSummaryQueryDto,
  ): ReturnType<KeyCareService['overdueSummary']> {
    return this.keyCare.overdueSummary(actor, query.countyCode, query.asOf);
  }

  @Post('overdue/sweep')
  @HttpCode(200)
  @RequireRoles('civil-affairs-admin')
  @ApiOperation({
    summary:
      '每日台账扫描：迁出、年满16周岁等不再符合条件的台账自动销档，到期未走访的计划发出逾期事件（每次走访只发一次）',
  })
  sweep(
    @CurrentActor() actor: Actor,
    @Body() body: OverdueSweepDto,
  ): Promise<{ asOf: string; closed: number; overdue: number }> {
    assertCountyInScope(actor, body.countyCode);
    return this.keyCare.dailySweep(body.asOf ?? this.keyCare.today(), body.countyCode);
  }

  @Get('export.xlsx')
  @RequireRoles('civil-affairs-admin', 'civil-affairs-officer')
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({
    summary: '导出重点关爱服务对象信息台账（附件1列顺序）；个人信息默认脱敏，reveal+purpose 完整导出并审计',
  })
  async export(
    @CurrentActor() actor: Actor,
    @Query() query: ExportQueryDto,
    @Res() response: ServerResponse,
  ): Promise<void> {
    // Everything that can be refused is checked before the first byte: the status cannot change mid-stream.
    const allowed = this.exporter.authorise(actor, query.countyCode, {
      fields: query.reveal ?? [],
      purpose: query.purpose,
    });
    const fileName = encodeURIComponent(
      `重点关爱服务对象信息台账-${query.countyCode}-${this.keyCare.today()}.xlsx`,
    );
    response.statusCode = 200;
    response.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    response.setHeader(
      'Content-Disposition',
      `attachment; filename="key-care-${query.countyCode}.xlsx"; filename*=UTF-8''${fileName}`,
    );
    response.setHeader('Cache-Control', 'no-store');
    try {
      await this.exporter.export(actor, query.countyCode, allowed, response);
    } catch (error) {
      // Headers are gone: the only honest signal left is a broken download.
      response.destroy(error as Error);
    }
  }
}
