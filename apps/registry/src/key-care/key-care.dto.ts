import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { DIFFICULTY_TYPES, type DifficultyType } from '@care/child-rules';
import { PERSONAL_FIELDS, type PersonalField } from '../auth/permissions';
import { LIMITS } from './key-care-aggregate';
import { CLOSE_REASONS, type CloseReason } from './key-care.types';
import { PageQueryDto } from '@care/service-kit';

const COUNTY = /^\d{6}$/;
const COUNTY_RULE = { message: '须为6位区县代码' };
const TOWNSHIP = /^\d{9}$/;
const TOWNSHIP_RULE = { message: '须为9位乡镇（街道）代码' };
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_RULE = { message: '须为日期（YYYY-MM-DD）' };
const TYPES_RULE = { message: `困境类型须为 ${DIFFICULTY_TYPES.join('、')} 之一`, each: true };

export class CountyQueryDto {
  @ApiProperty({ description: '县区代码', example: '371702' })
  @Matches(COUNTY, COUNTY_RULE)
  countyCode!: string;
}

export class CareActivityDto {
  @ApiPropertyOptional({
    description: '活动日期（导入的无日期活动为空）',
    example: '2026-03-05',
    nullable: true,
  })
  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @Matches(DATE, DATE_RULE)
  on?: string | null;
  @ApiProperty({ description: '活动内容' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.activity)
  description!: string;
}

export class AddCareActivityDto extends CareActivityDto {
  @ApiProperty({ description: '县区代码' }) @Matches(COUNTY, COUNTY_RULE) countyCode!: string;
}

/** The ledger columns of Attachment 1 an entry carries. */
class LedgerFieldsDto {
  @ApiPropertyOptional({ description: '基本情况概述' })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.situationSummary)
  situationSummary?: string;
  @ApiPropertyOptional({ type: [CareActivityDto], description: '关爱服务活动' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.activities)
  @ValidateNested({ each: true })
  @Type(() => CareActivityDto)
  careActivities?: CareActivityDto[];
  @ApiPropertyOptional({ description: '备注' })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.notes)
  notes?: string;
  @ApiPropertyOptional({ description: '就读学校（默认取儿童档案）' })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.school)
  school?: string;
  @ApiPropertyOptional({ description: '年级（默认取儿童档案）' })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.grade)
  grade?: string;
  @ApiPropertyOptional({ description: '走访责任人（儿童主任）用户标识' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  visitWorkerId?: string;
}

/** 建档. */
export class OpenEntryDto extends LedgerFieldsDto {
  @ApiProperty({ description: '县区代码' }) @Matches(COUNTY, COUNTY_RULE) countyCode!: string;
  @ApiProperty({ description: '儿童ID' }) @IsString() @IsNotEmpty() @MaxLength(64) childId!: string;
  @ApiProperty({
    enum: DIFFICULTY_TYPES,
    isArray: true,
    description: '重点关爱服务对象困境类型（可多选，须有儿童档案事实支持）',
  })
  @IsArray()
  @ArrayMinSize(1, { message: '至少选择一种困境类型' })
  @IsIn(DIFFICULTY_TYPES, TYPES_RULE)
  difficultyTypes!: DifficultyType[];
}

/** 变更: only the fields given change. */
export class ChangeEntryDto extends LedgerFieldsDto {
  @ApiProperty({ description: '县区代码' }) @Matches(COUNTY, COUNTY_RULE) countyCode!: string;
  @ApiPropertyOptional({ description: '读取时的台账版本（乐观并发）' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
  @ApiPropertyOptional({ enum: DIFFICULTY_TYPES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1, { message: '至少选择一种困境类型' })
  @IsIn(DIFFICULTY_TYPES, TYPES_RULE)
  difficultyTypes?: DifficultyType[];
}

/** 销档. */
export class CloseEntryDto {
  @ApiProperty({ description: '县区代码' }) @Matches(COUNTY, COUNTY_RULE) countyCode!: string;
  @ApiProperty({
    enum: CLOSE_REASONS,
    description:
      'moved-out 迁出 / turned-16 年满十六周岁 / difficulty-resolved 困境已消除 / no-longer-migrant 不再属于流动儿童 / other 其他',
  })
  @IsIn(CLOSE_REASONS, { message: `销档原因须为 ${CLOSE_REASONS.join('、')} 之一` })
  reason!: CloseReason;
  @ApiPropertyOptional({ description: '说明（原因为“其他”时必填）' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
  @ApiPropertyOptional({ description: '销档日期，默认今天' })
  @IsOptional()
  @Matches(DATE, DATE_RULE)
  closedOn?: string;
  @ApiPropertyOptional({ description: '读取时的台账版本' }) @IsOptional() @IsInt() @Min(1) version?: number;
}

/** 走访记录. */
export class RecordVisitDto {
  @ApiProperty({ description: '县区代码' }) @Matches(COUNTY, COUNTY_RULE) countyCode!: string;
  @ApiProperty({ description: '走访日期', example: '2026-05-20' })
  @Matches(DATE, DATE_RULE)
  visitedOn!: string;
  @ApiProperty({ description: '走访人' }) @IsString() @IsNotEmpty() @MaxLength(64) workerId!: string;
  @ApiProperty({ description: '走访情况' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.findings)
  findings!: string;
}

export class ListEntriesQueryDto extends PageQueryDto {
  @ApiProperty({ description: '县区代码' }) @Matches(COUNTY, COUNTY_RULE) countyCode!: string;
  @ApiPropertyOptional({ description: '乡镇（街道）代码' })
  @IsOptional()
  @Matches(TOWNSHIP, TOWNSHIP_RULE)
  townshipCode?: string;
}

export class OverdueQueryDto extends ListEntriesQueryDto {
  @ApiPropertyOptional({ description: '判定日期，默认今天' })
  @IsOptional()
  @Matches(DATE, DATE_RULE)
  asOf?: string;
  @ApiPropertyOptional({ description: '走访责任人（空字符串表示未指定责任人）' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  workerId?: string;
}

export class OverdueSummaryQueryDto {
  @ApiProperty({ description: '县区代码' }) @Matches(COUNTY, COUNTY_RULE) countyCode!: string;
  @ApiPropertyOptional({ description: '判定日期，默认今天' })
  @IsOptional()
  @Matches(DATE, DATE_RULE)
  asOf?: string;
}

export class OverdueSweepDto {
  @ApiProperty({ description: '县区代码' }) @Matches(COUNTY, COUNTY_RULE) countyCode!: string;
  @ApiPropertyOptional({ description: '判定日期，默认今天' })
  @IsOptional()
  @Matches(DATE, DATE_RULE)
  asOf?: string;
}

const splitFields = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '')
    : value;

export class ExportQueryDto {
  @ApiProperty({ description: '县区代码' }) @Matches(COUNTY, COUNTY_RULE) countyCode!: string;
  @ApiPropertyOptional({
    description: `完整导出的个人信息字段，逗号分隔：${PERSONAL_FIELDS.join(',')}（其余脱敏）`,
  })
  @IsOptional()
  @Transform(splitFields)
  @IsArray()
  @IsIn(PERSONAL_FIELDS, { each: true, message: `须为 ${PERSONAL_FIELDS.join('、')} 之一` })
  reveal?: PersonalField[];
  @ApiPropertyOptional({ description: '导出完整信息的用途（审计）' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  purpose?: string;
}
