import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { AuditPageQueryDto, type AuditEntry } from '@care/service-kit';
import { REGISTRY_AUDIT_ACTIONS, type RegistryAuditAction } from './registry-audit-actions';

const DATE_OR_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

export class AuditQueryDto extends AuditPageQueryDto {
  @ApiPropertyOptional({ description: '被查看的记录（儿童ID）' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  recordId?: string;

  @ApiPropertyOptional({ description: '起始时间（含）：YYYY-MM-DD（北京时间当日零点）或 ISO 8601 时间' })
  @IsOptional()
  @Matches(DATE_OR_INSTANT, { message: 'from 须为 YYYY-MM-DD 或 ISO 8601 时间' })
  from?: string;

  @ApiPropertyOptional({ description: '截止时间：YYYY-MM-DD（含当日）或 ISO 8601 时间（不含）' })
  @IsOptional()
  @Matches(DATE_OR_INSTANT, { message: 'to 须为 YYYY-MM-DD 或 ISO 8601 时间' })
  to?: string;

  @ApiPropertyOptional({ enum: REGISTRY_AUDIT_ACTIONS })
  @IsOptional()
  @IsIn(REGISTRY_AUDIT_ACTIONS)
  action?: RegistryAuditAction;
}

export class AuditEntryDto {
  @ApiProperty() seq!: number;
  @ApiProperty() at!: string;
  @ApiProperty() userId!: string;
  @ApiProperty() role!: string;
  @ApiProperty() department!: string;
  @ApiProperty({ enum: REGISTRY_AUDIT_ACTIONS }) action!: string;
  @ApiProperty() recordId!: string;
  @ApiProperty({ description: '被查看的字段；导出为 *' }) field!: string;
  @ApiProperty({ description: '用途' }) purpose!: string;
  @ApiProperty() countyCode!: string;
  @ApiPropertyOptional() recordCount?: number;
  @ApiProperty() prevHash!: string;
  @ApiProperty() hash!: string;

  static from(entry: AuditEntry): AuditEntryDto {
    return Object.assign(new AuditEntryDto(), { ...entry, at: entry.at.toISOString() });
  }
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto] }) entries!: AuditEntryDto[];
  @ApiPropertyOptional({ description: '下一页的 afterSeq；没有更多时省略' }) nextAfterSeq?: number;
}

export class ChainVerificationDto {
  @ApiProperty() ok!: boolean;
  @ApiProperty() checked!: number;
  @ApiPropertyOptional() lastSeq?: number;
  @ApiPropertyOptional() brokenAt?: number;
  @ApiPropertyOptional({ enum: ['hash-mismatch', 'prev-hash-mismatch', 'gap'] }) problem?: string;
}
