import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

/** The multipart form fields beside the file. */
export class StartImportDto {
  @ApiProperty({ description: '导入的区县代码（6位）', example: '371702' })
  @Matches(/^\d{6}$/, { message: '须为6位区县代码' })
  countyCode!: string;

  @ApiPropertyOptional({
    description:
      '台账中儿童迁入现居住地的日期（附件1无此列）。默认：导入日前6个月，即摸排已确认的居住满6个月',
    example: '2024-12-01',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '须为日期（YYYY-MM-DD）' })
  residentSince?: string;
}

/** What the progress endpoint returns (no personal data). */
export class ImportJobView {
  @ApiProperty() jobId!: string;
  @ApiProperty() countyCode!: string;
  @ApiProperty({ enum: ['queued', 'running', 'succeeded', 'failed', 'interrupted'] }) status!: string;
  @ApiProperty({ nullable: true, type: Number, description: '数据行数（未知时为 null）' }) total!:
    number | null;
  @ApiProperty({ description: '已处理行数' }) processed!: number;
  @ApiProperty({ description: '新增儿童' }) stored!: number;
  @ApiProperty({ description: '已有儿童、内容有变化而更新' }) updated!: number;
  @ApiProperty({ description: '与已存内容相同（重复导入）' }) duplicates!: number;
  @ApiProperty({ description: '未通过校验的行（见错误报告）' }) failed!: number;
  @ApiProperty() keyCareAdded!: number;
  @ApiProperty() keyCareChanged!: number;
  @ApiProperty() residentSince!: string;
  @ApiProperty() fileSha256!: string;
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional() finishedAt?: string;
  @ApiPropertyOptional() failure?: { code: string; message: string };
  @ApiPropertyOptional({ description: '错误报告下载地址（有失败行时）' }) errorReportUrl?: string;
}
