import {
  Controller,
  HttpCode,
  Param,
  Post,
  Res,
  UploadedFile,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiActorHeaders, CountyScopeGuard, CurrentActor, RequirePermission, type Actor } from '@care/access';
import { DEPARTMENT_PERMISSIONS } from '@care/department-kit';
import { ROSTER_COLUMNS } from '@care/education-rules';
import { requireUpload, sendProblemReport, XLSX_CONTENT_TYPE, type ReportResponse } from '@care/excel';
import { RosterService, type RosterImportResult } from './roster.service';

/** 10 MB holds far more than MAX_ROSTER_ROWS rows. */
const MAX_FILE_BYTES = 10 * 1024 * 1024;

const FILE_BODY = {
  schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } },
};

const WHAT = '学籍名单';

/** 学籍名单: a school's roster imported from Excel, matched to the registry's children by ID number. */
@ApiTags('roster 学籍名单')
@ApiActorHeaders()
@UseGuards(CountyScopeGuard)
@Controller('api/v1/schools/:code/roster')
export class RosterController {
  constructor(private readonly roster: RosterService) {}

  @Post()
  @HttpCode(200)
  @RequirePermission(DEPARTMENT_PERMISSIONS, 'records.write')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_FILE_BYTES } }))
  @ApiConsumes('multipart/form-data')
  @ApiBody(FILE_BODY)
  @ApiOperation({
    summary:
      '导入本校学籍名单（.xlsx：身份证号、姓名、年级、入学日期、学位类型）；按身份证号匹配登记服务中的儿童；有任一行问题则整份不导入，返回逐行问题',
  })
  importRoster(
    @CurrentActor() actor: Actor,
    @Param('code') code: string,
    @UploadedFile() file?: { buffer: Buffer },
  ): Promise<RosterImportResult> {
    return this.roster.importRoster(actor, code, requireUpload(file, WHAT));
  }

  @Post('problem-report')
  @RequirePermission(DEPARTMENT_PERMISSIONS, 'records.write')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_FILE_BYTES } }))
  @ApiConsumes('multipart/form-data')
  @ApiBody(FILE_BODY)
  @ApiProduces(XLSX_CONTENT_TYPE)
  @ApiOperation({
    summary: '学籍名单问题报告（.xlsx：行号、问题列、原因；不含原值）：只检查，不导入',
  })
  async problemReport(
    @CurrentActor() actor: Actor,
    @Param('code') code: string,
    @Res() res: ReportResponse,
    @UploadedFile() file?: { buffer: Buffer },
  ): Promise<void> {
    const check = await this.roster.check(actor, code, requireUpload(file, WHAT));
    const headerOf = new Map<string, string>(ROSTER_COLUMNS.map((c) => [c.key, c.header]));
    await sendProblemReport(res, {
      fileName: `roster-${check.school.code}-problems.xlsx`,
      sheetName: '学籍名单问题',
      problems: [...check.problems, ...check.warnings],
      headerOf: (field) => headerOf.get(field) ?? field,
    });
  }
}
