import { Controller, HttpCode, Post, Res, UploadedFile, UseGuards, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiActorHeaders, CountyScopeGuard, CurrentActor, RequirePermission, type Actor } from '@care/access';
import { requireUpload, sendProblemReport, XLSX_CONTENT_TYPE, type ReportResponse } from '@care/excel';
import { DEPARTMENT_PERMISSIONS } from './department-access';
import { DELIVERY_LIST_HEADERS, type DeliveryListColumn } from './delivery-list';
import { DeliveryListImportService, type DeliveryListImportResult } from './delivery-import.service';

/** 20 MB holds far more than MAX_DELIVERY_LIST_ROWS rows. */
const MAX_FILE_BYTES = 20 * 1024 * 1024;
const FILE_BODY = {
  schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } },
};
const WHAT = '服务台账';

/** 服务台账导入: the department's own list of what it provided, closing service gaps in bulk. */
@ApiTags('worklist 待服务名单与服务登记')
@ApiActorHeaders()
@UseGuards(CountyScopeGuard)
@Controller('api/v1/deliveries/import')
export class DeliveryImportController {
  constructor(private readonly imports: DeliveryListImportService) {}

  @Post()
  @HttpCode(200)
  @RequirePermission(DEPARTMENT_PERMISSIONS, 'delivery.record')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_FILE_BYTES } }))
  @ApiConsumes('multipart/form-data')
  @ApiBody(FILE_BODY)
  @ApiOperation({
    summary:
      '导入本部门服务台账（.xlsx：身份证号、姓名、服务项目编码、服务结果、服务日期、原因）；按身份证号由登记服务匹配儿童；有任一行问题则整份不导入，返回逐行问题',
  })
  importList(
    @CurrentActor() actor: Actor,
    @UploadedFile() file?: { buffer: Buffer },
  ): Promise<DeliveryListImportResult> {
    return this.imports.importList(actor, requireUpload(file, WHAT));
  }

  @Post('problem-report')
  @RequirePermission(DEPARTMENT_PERMISSIONS, 'delivery.record')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_FILE_BYTES } }))
  @ApiConsumes('multipart/form-data')
  @ApiBody(FILE_BODY)
  @ApiProduces(XLSX_CONTENT_TYPE)
  @ApiOperation({ summary: '服务台账问题报告（.xlsx：行号、问题列、原因；不含原值）：只检查，不导入' })
  async problemReport(
    @CurrentActor() actor: Actor,
    @Res() res: ReportResponse,
    @UploadedFile() file?: { buffer: Buffer },
  ): Promise<void> {
    const check = await this.imports.check(actor, requireUpload(file, WHAT));
    await sendProblemReport(res, {
      fileName: 'delivery-list-problems.xlsx',
      sheetName: '服务台账问题',
      problems: check.problems,
      headerOf: (field) => DELIVERY_LIST_HEADERS[field as DeliveryListColumn] ?? field,
    });
  }
}
