import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { ACTOR_HEADERS, CountyScopeGuard, CurrentActor, RequireRoles, type Actor } from '@care/access';
import { PageQueryDto } from '@care/service-kit';
import {
  IncompleteChildrenService,
  type CompletionResult,
  type IncompleteChildView,
} from './incomplete.service';

export class IncompleteListQueryDto extends PageQueryDto {
  @ApiProperty({ description: '县区代码' })
  @Matches(/^\d{6}$/, { message: '须为6位区县代码' })
  countyCode!: string;
}

/** What a worker supplies to complete a record: at least the facts the record lacks. */
export class CompleteIncompleteDto {
  @ApiPropertyOptional({ description: '身份证号（有则填写：出生日期、性别由此确定）' })
  @IsOptional()
  @IsString()
  idNumber?: string;

  @ApiPropertyOptional({ description: '出生日期（无身份证号时必填，YYYY-MM-DD）' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '须为日期（YYYY-MM-DD）' })
  birthDate?: string;

  @ApiPropertyOptional({ enum: ['male', 'female'], description: '性别（无身份证号且台账未填时必填）' })
  @IsOptional()
  @IsIn(['male', 'female'])
  sex?: 'male' | 'female';

  @ApiPropertyOptional({ description: '户籍地行政区划代码（台账户籍地址无法识别时必填）' })
  @IsOptional()
  @Matches(/^\d{6}(\d{3})?$/, { message: '须为6位区县或9位乡镇行政区划代码' })
  hukouDivisionCode?: string;
}

/** 待补录: the county's records to complete (children an import could not yet determine). */
@ApiTags('incomplete-children 待补录')
@ApiHeader({ name: ACTOR_HEADERS.userId, required: true })
@ApiHeader({ name: ACTOR_HEADERS.role, required: true })
@ApiHeader({ name: ACTOR_HEADERS.department, required: true })
@ApiHeader({ name: ACTOR_HEADERS.countyCodes, required: true })
@UseGuards(CountyScopeGuard)
@RequireRoles('civil-affairs-admin', 'civil-affairs-officer')
@Controller('api/v1/incomplete-children')
export class IncompleteChildrenController {
  constructor(private readonly incomplete: IncompleteChildrenService) {}

  @Get()
  @ApiOperation({ summary: '待补录名单：县区内缺少认定所需信息的儿童（含总数、缺少什么及原因）' })
  list(
    @CurrentActor() actor: Actor,
    @Query() query: IncompleteListQueryDto,
  ): Promise<{ total: number; items: IncompleteChildView[]; nextCursor?: string }> {
    return this.incomplete.list(actor, query.countyCode, { pageSize: query.pageSize, cursor: query.cursor });
  }

  @Get(':id')
  @ApiOperation({ summary: '一条待补录记录' })
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<IncompleteChildView> {
    return this.incomplete.get(actor, id);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @ApiOperation({ summary: '补录：填写缺少的信息，登记为儿童（认定并发布），移出待补录名单' })
  complete(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: CompleteIncompleteDto,
  ): Promise<CompletionResult> {
    return this.incomplete.complete(actor, id, body);
  }
}
