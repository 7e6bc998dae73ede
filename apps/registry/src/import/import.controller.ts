import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Res,
  UploadedFile,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiHeader, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { invalidArgument } from '@care/errors';
import { ACTOR_HEADERS, CountyScopeGuard, CurrentActor, RequireRoles, type Actor } from '@care/access';
import { writeErrorReport } from '../ledger-excel';
import { ImportIssueView, ImportJobView, StartImportDto } from './import.dto';
import type { ImportErrorRecord, ImportJobRecord } from './import-job.types';
import { ImportService } from './import.service';

interface UploadedXlsx {
  buffer: Buffer;
  size: number;
  originalname: string;
}

interface StreamingResponse extends NodeJS.WritableStream {
  setHeader(name: string, value: string): void;
  status(code: number): StreamingResponse;
}

/** How the report names the outcome of each kind of problem. */
export const OUTCOME_TEXT = {
  error: '未导入',
  incomplete: '已存为待补录',
  warning: '已导入（已自动更正）',
} as const;

/** A report row's problems in report order: refusals, then what is missing, then corrections. */
export function issuesOf(row: ImportErrorRecord): ImportIssueView[] {
  const of = (
    level: ImportIssueView['level'],
    list: readonly { column: string; reason: string }[] | undefined,
  ) =>
    (list ?? []).map((p) => ({
      rowNumber: row.rowNumber,
      level,
      outcome: OUTCOME_TEXT[level],
      column: p.column,
      reason: p.reason,
    }));
  return [...of('error', row.errors), ...of('incomplete', row.incomplete), ...of('warning', row.warnings)];
}

/** How many problems the job summary lists (the report has them all). */
const SUMMARY_ISSUES = 100;

export function toJobView(job: ImportJobRecord, preview: readonly ImportErrorRecord[] = []): ImportJobView {
  const issues = preview.flatMap(issuesOf).slice(0, SUMMARY_ISSUES);
  const incomplete = job.incomplete ?? 0;
  const warned = job.warned ?? 0;
  return {
    jobId: job._id,
    countyCode: job.countyCode,
    status: job.status,
    total: job.total,
    processed: job.processed,
    stored: job.stored,
    updated: job.updated,
    duplicates: job.duplicates,
    failed: job.failed,
    incomplete,
    completed: job.completed ?? 0,
    warned,
    keyCareAdded: job.keyCareAdded,
    keyCareChanged: job.keyCareChanged,
    residentSince: job.residentSince,
    fileSha256: job.fileSha256,
    createdAt: job.createdAt.toISOString(),
    ...(job.finishedAt === undefined ? {} : { finishedAt: job.finishedAt.toISOString() }),
    ...(job.failure === undefined ? {} : { failure: job.failure }),
    ...(job.failed + incomplete + warned > 0
      ? { errorReportUrl: `/api/v1/imports/${job._id}/errors.xlsx`, issues }
      : {}),
  };
}

/** 附件1 台账导入 (Attachment 1 import jobs). */
@ApiTags('imports 台账导入')
@ApiHeader({ name: ACTOR_HEADERS.userId, required: true })
@ApiHeader({ name: ACTOR_HEADERS.role, required: true })
@ApiHeader({ name: ACTOR_HEADERS.department, required: true })
@ApiHeader({ name: ACTOR_HEADERS.countyCodes, required: true })
@UseGuards(CountyScopeGuard)
@RequireRoles('civil-affairs-admin', 'civil-affairs-officer')
@Controller('api/v1/imports')
export class ImportController {
  constructor(private readonly imports: ImportService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: '上传附件1台账（.xlsx）并开始导入，返回任务编号' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'countyCode'],
      properties: {
        file: { type: 'string', format: 'binary' },
        countyCode: { type: 'string' },
        residentSince: { type: 'string' },
      },
    },
  })
  @UseInterceptors(FileInterceptor('file'))
  async start(
    @CurrentActor() actor: Actor,
    @UploadedFile() file: UploadedXlsx | undefined,
    @Body() body: StartImportDto,
  ): Promise<ImportJobView> {
    if (file === undefined)
      throw invalidArgument('file', '必填', '请上传附件1台账 Excel 文件（字段名 file）');
    const job = await this.imports.start(actor, {
      countyCode: body.countyCode,
      file: file.buffer,
      residentSince: body.residentSince,
    });
    return toJobView(job);
  }

  @Get(':jobId')
  @ApiOperation({ summary: '导入进度（总行数/已处理/新增/更新/重复/待补录/提示/未导入），及报告的前100条' })
  async progress(@CurrentActor() actor: Actor, @Param('jobId') jobId: string): Promise<ImportJobView> {
    const job = await this.imports.get(actor, jobId);
    return toJobView(job, await this.imports.reportPreview(job, SUMMARY_ISSUES));
  }

  @Get(':jobId/errors.xlsx')
  @ApiOperation({
    summary: '导入报告：未导入、存为待补录、已自动更正的行，含行号、列、规则和处理结果（不含原值）',
  })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async errorReport(
    @CurrentActor() actor: Actor,
    @Param('jobId') jobId: string,
    @Res() res: StreamingResponse,
  ): Promise<void> {
    const job = await this.imports.get(actor, jobId);
    res.status(200);
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', `attachment; filename="import-${job._id}-errors.xlsx"`);
    const rows = this.imports.errorRows(job);
    async function* report() {
      for await (const row of rows)
        yield {
          rowNumber: row.rowNumber,
          errors: row.errors ?? [],
          ...(row.incomplete === undefined ? {} : { incomplete: row.incomplete }),
          ...(row.warnings === undefined ? {} : { warnings: row.warnings }),
        };
    }
    await writeErrorReport(report(), res as unknown as Parameters<typeof writeErrorReport>[1]);
  }
}
