import {
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  UploadedFile,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { ApiActorHeaders, CountyScopeGuard, CurrentActor, RequirePermission, type Actor } from '@care/access';
import { DEPARTMENT_PERMISSIONS } from '@care/department-kit';
import { SCHOOL_STAGES, type School, type SchoolStage } from '@care/education-rules';
import { invalidArgument } from '@care/errors';
import { SchoolsService, type SchoolImportResult } from './schools.service';

export class SchoolQueryDto {
  @IsOptional()
  @Matches(/^\d{6}$/, { message: '须为6位县区代码' })
  countyCode?: string;

  @IsOptional()
  @IsIn(SCHOOL_STAGES, { message: `须为学段之一：${SCHOOL_STAGES.join(', ')}` })
  stage?: SchoolStage;
}

/** 5 MB holds far more than MAX_SCHOOL_ROWS rows. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** 学校名单: the schools of the bureau's counties, imported from Excel. */
@ApiTags('schools 学校名单')
@ApiActorHeaders()
@UseGuards(CountyScopeGuard)
@Controller('api/v1/schools')
export class SchoolsController {
  constructor(private readonly schools: SchoolsService) {}

  @Post('import')
  @HttpCode(200)
  @RequirePermission(DEPARTMENT_PERMISSIONS, 'records.write')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_FILE_BYTES } }))
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary' } },
    },
  })
  @ApiOperation({
    summary:
      '导入学校名单（.xlsx：学校标识码、学校名称、所在县区代码、学段、办学性质…）；有任一行错误则整份不导入，返回逐行问题',
  })
  importList(
    @CurrentActor() actor: Actor,
    @UploadedFile() file?: { buffer: Buffer },
  ): Promise<SchoolImportResult> {
    if (file === undefined) throw invalidArgument('file', '必填', '请上传学校名单文件（字段 file，.xlsx）');
    return this.schools.importList(actor, file.buffer);
  }

  @Get()
  @RequirePermission(DEPARTMENT_PERMISSIONS, 'worklist.read')
  @ApiOperation({ summary: '本人负责县区的学校（可按县区、学段筛选）' })
  list(@CurrentActor() actor: Actor, @Query() query: SchoolQueryDto): Promise<School[]> {
    return this.schools.list(actor, query);
  }

  @Get(':code')
  @RequirePermission(DEPARTMENT_PERMISSIONS, 'worklist.read')
  @ApiOperation({ summary: '一所学校' })
  get(@CurrentActor() actor: Actor, @Param('code') code: string): Promise<School> {
    return this.schools.get(actor, code);
  }
}
