import { Controller, Get, Header, Query, Res, StreamableFile, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ACTOR_HEADERS, type Actor, CountyScopeGuard, RequireRoles, CurrentActor } from '@care/access';
import { NationalExportQueryDto } from './national-export.dto';
import { NationalExportService } from './national-export.service';

interface HeaderSink {
  setHeader(name: string, value: string): void;
}

@ApiTags('exports 导出')
@ApiHeader({ name: ACTOR_HEADERS.userId, required: true })
@ApiHeader({
  name: ACTOR_HEADERS.role,
  required: true,
  description: 'civil-affairs-admin | civil-affairs-officer',
})
@ApiHeader({ name: ACTOR_HEADERS.department, required: true })
@ApiHeader({ name: ACTOR_HEADERS.countyCodes, required: true })
@Controller('api/v1/exports')
@UseGuards(CountyScopeGuard)
export class NationalExportController {
  constructor(private readonly exports: NationalExportService) {}

  @Get('national.csv')
  @RequireRoles('civil-affairs-admin', 'civil-affairs-officer')
  @ApiOperation({ summary: '导出全国儿童福利信息系统 CSV（含完整个人信息，记入审计日志）' })
  @ApiProduces('text/csv')
  @Header('Cache-Control', 'no-store')
  async national(
    @CurrentActor() actor: Actor,
    @Query() query: NationalExportQueryDto,
    @Res({ passthrough: true }) response: HeaderSink,
  ): Promise<StreamableFile> {
    const file = await this.exports.export(query.countyCode, actor, query.purpose);
    response.setHeader('X-Record-Count', String(file.recordCount));
    response.setHeader('X-Export-Id', file.exportId);
    return new StreamableFile(file.stream, {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="${file.fileName}"`,
    });
  }
}
