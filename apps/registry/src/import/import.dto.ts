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

/** One problem of one row, as the job summary lists it. */
export class ImportIssueView {
  @ApiProperty() rowNumber!: number;
  @ApiProperty({ enum: ['error', 'incomplete', 'warning'] }) level!: 'error' | 'incomplete' | 'warning';
  @ApiProperty({ description: '处理结果：未导入 / 已存为待补录 / 已导入（已自动更正）' }) outcome!: string;
  @ApiProperty({ description: '附件1的列名' }) column!: string;
  @ApiProperty({ description: '规则与原因（中文）' }) reason!: string;
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
  @ApiProperty({ description: '未导入的行（存入会出错：见报告）' }) failed!: number;
  @ApiProperty({ description: '存为待补录的行（缺少认定所需信息，暂不认定、不发布）' }) incomplete!: number;
  @ApiProperty({ description: '本次补全的待补录记录（已登记为儿童，计入新增）' }) completed!: number;
  @ApiProperty({ description: '已导入但有提示的行（系统已自动更正，见报告）' }) warned!: number;
  @ApiProperty() keyCareAdded!: number;
  @ApiProperty() keyCareChanged!: number;
  @ApiProperty() residentSince!: string;
  @ApiProperty() fileSha256!: string;
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional() finishedAt?: string;
  @ApiPropertyOptional() failure?: { code: string; message: string };
  @ApiPropertyOptional({ description: '导入报告下载地址（有未导入、待补录或提示的行时）' })
  errorReportUrl?: string;
  @ApiPropertyOptional({
    description: '报告的前若干条：行号、处理结果（未导入/待补录/提示）、列和规则说明（不含原值）',
  })
  issues?: ImportIssueView[];
}
