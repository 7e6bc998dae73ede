import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';

export class NationalExportQueryDto {
  @ApiProperty({ description: '导出的区县（6位行政区划代码），须为本人负责的区县', example: '371702' })
  @Matches(/^[0-9]{6}$/, { message: 'countyCode 须为6位区县代码' })
  countyCode!: string;

  @ApiProperty({
    description: '导出用途（记入审计日志），2至200个字符',
    example: '2025年上半年监测摸排结果报送',
  })
  @IsString()
  @Length(2, 200, { message: '导出用途（purpose）须为2至200个字符' })
  purpose!: string;
}
