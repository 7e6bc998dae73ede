import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '@care/persistence';

/** Keyset paging of a list endpoint (@care/persistence paging): extend it with the list's filters. */
export class PageQueryDto {
  @ApiPropertyOptional({ description: `每页条数（1-${MAX_PAGE_SIZE}）`, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '每页条数须为整数' })
  @Min(1, { message: '每页至少1条' })
  @Max(MAX_PAGE_SIZE, { message: `每页最多${MAX_PAGE_SIZE}条` })
  pageSize?: number;

  @ApiPropertyOptional({ description: '上一页返回的 nextCursor' })
  @IsOptional()
  @IsString({ message: '分页游标须为文本' })
  @MaxLength(512, { message: '分页游标无效' })
  cursor?: string;
}

/** Paging of an audit trail query (AuditTrail.query): by seq, at most 1,000 entries. Extend it with the filters. */
export class AuditPageQueryDto {
  @ApiPropertyOptional({ description: '只返回序号大于此值的记录（翻页）' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  afterSeq?: number;

  @ApiPropertyOptional({ default: 100, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}
