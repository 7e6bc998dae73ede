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
import type { Writable } from 'node:stream';
import { ApiActorHeaders, CountyScopeGuard, CurrentActor, RequirePermission, type Actor } from '@care/access';
import { DEPARTMENT_PERMISSIONS } from '@care/department-kit';
import { ROSTER_COLUMNS } from '@care/education-rules';
import { invalidArgument } from '@care/errors';
import { writeProblemReport } from '@care/excel';
import { RosterService, type RosterImportResult } from './roster.service';

/** 10 MB holds far more than MAX_ROSTER_ROWS rows. */
const MAX_FILE_BYTES = 10 * 1024 * 1024;

const FILE_BODY = {
  schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } },
};

interface XlsxResponse extends Writable {
  status(code: number): unknown;
  setHeader(name: string, value: string): unknown;
}

function requireFile(file: { buffer: Buffer } | undefined): Buffer {
  if (file === undefined) throw invalidArgument('file', '必填', '请上传学籍名单文件（字段 file，.xlsx）');
  return file.buffer;
}

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
    return this.roster.importRoster(actor, code, requireFile(file));
  }

  @Post('problem-report')
  @RequirePermission(DEPARTMENT_PERMISSIONS, 'records.write')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_FILE_BYTES } }))
  @ApiConsumes('multipart/form-data')
  @ApiBody(FILE_BODY)
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({
    summary: '学籍名单问题报告（.xlsx：行号、问题列、原因；不含原值）：只检查，不导入',
  })
  async problemReport(
    @CurrentActor() actor: Actor,
    @Param('code') code: string,
    @Res() res: XlsxResponse,
    @UploadedFile() file?: { buffer: Buffer },
  ): Promise<void> {
    const check = await this.roster.check(actor, code, requireFile(file));
    const headerOf = new Map<string, string>(ROSTER_COLUMNS.map((c) => [c.key, c.header]));
    const byRow = new Map<number, { column: string; message: string }[]>();
    for (const p of [...check.problems, ...check.warnings]) {
      const list = byRow.get(p.rowNumber) ?? [];
      list.push({ column: headerOf.get(p.field) ?? p.field, message: p.message });
      byRow.set(p.rowNumber, list);
    }
    res.status(200);
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', `attachment; filename="roster-${check.school.code}-problems.xlsx"`);
    await writeProblemReport(res, {
      sheetName: '学籍名单问题',
      columns: [],
      rows: [...byRow.entries()]
        .sort(([a], [b]) => a - b)
        .map(([rowNumber, problems]) => ({ rowNumber, problems })),
    });
  }
}
