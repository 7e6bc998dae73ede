import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Min } from 'class-validator';
import { CountyPageQueryDto } from '@care/department-kit';

export const RESOLUTIONS = ['ours-correct', 'theirs-correct', 'corrected', 'no-action'] as const;
export type OfficerResolution = (typeof RESOLUTIONS)[number];

export class ListComparisonTasksDto extends CountyPageQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'resolved'], default: 'open', description: '状态：待处理 / 已处理' })
  @IsOptional()
  @IsIn(['open', 'resolved'], { message: '状态须为 open 或 resolved' })
  status?: 'open' | 'resolved';
}

export class ResolveComparisonTaskDto {
  @ApiProperty({
    enum: RESOLUTIONS,
    description: '处理结论：本市记录正确 / 对方记录正确（已告知对方） / 已更正本市记录 / 无需处理',
  })
  @IsIn(RESOLUTIONS, { message: `处理结论（resolution）须为 ${RESOLUTIONS.join('、')} 之一` })
  resolution!: OfficerResolution;

  @ApiProperty({ description: '所见版本号（防止并发覆盖）' })
  @Type(() => Number)
  @IsInt({ message: '版本号（version）须为整数' })
  @Min(1, { message: '版本号（version）须大于0' })
  version!: number;
}
