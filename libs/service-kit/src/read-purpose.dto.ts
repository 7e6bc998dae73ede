import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

/** `?purpose=` of a read that opens personal data: why, as the reader states it (用途), audited. */
export class ReadPurposeDto {
  @ApiProperty({ description: '查看用途（记入审计日志），2至200个字符', example: '回访前核对案件情况' })
  @IsString({ message: '须说明查看用途（purpose）' })
  @MaxLength(200, { message: '查看用途最长200个字符' })
  purpose!: string;
}
