import {
  DEPARTMENT_IDS,
  SERVICE_AREAS,
  type DepartmentId,
  type ServiceArea,
  type TargetRule,
} from '@care/catalogue';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TEXT_MAX = 2000;

const RULE_EXAMPLE = {
  op: 'any',
  rules: [
    { op: 'flag', flag: 'orphan' },
    { op: 'flag', flag: 'deFactoUnsupported' },
  ],
};
const RULE_DESCRIPTION =
  '服务对象规则（JSON）。op 取 everyone | all{rules} | any{rules} | not{rule} | ageBetween{min,max 周岁，含两端} | ' +
  'educationStageIn{stages} | flag{flag} | difficultyType{type}。县区扩展基础项目的服务对象时，须保留基础规则并用 any 扩展。';

export class CreateDraftDto {
  @ApiPropertyOptional({ description: '清单名称', example: '牡丹区流动儿童在居住地享有关爱服务清单' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  title?: string;
}

export class ItemPatchDto {
  @ApiPropertyOptional({ enum: SERVICE_AREAS, description: '服务领域' })
  @IsOptional()
  @IsIn(SERVICE_AREAS)
  area?: ServiceArea;

  @ApiPropertyOptional({ description: '服务对象' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_MAX)
  targetGroup?: string;

  @ApiPropertyOptional({ description: '服务项目' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_MAX)
  name?: string;

  @ApiPropertyOptional({ description: '服务内容' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_MAX)
  content?: string;

  @ApiPropertyOptional({ enum: DEPARTMENT_IDS, isArray: true, description: '责任部门' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsIn(DEPARTMENT_IDS, { each: true })
  departments?: DepartmentId[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: RULE_DESCRIPTION,
    example: RULE_EXAMPLE,
  })
  @IsOptional()
  @IsObject()
  eligibility?: TargetRule;

  @ApiPropertyOptional({ description: '是否国家基础清单项目' })
  @IsOptional()
  @IsBoolean()
  nationalBasic?: boolean;
}

export class NewItemDto {
  @ApiProperty({ enum: SERVICE_AREAS, description: '服务领域' })
  @IsIn(SERVICE_AREAS)
  area!: ServiceArea;

  @ApiProperty({ description: '服务对象', example: '在流入地就读的流动儿童' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  targetGroup!: string;

  @ApiProperty({ description: '服务项目', example: '暑期托管服务' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  name!: string;

  @ApiProperty({ description: '服务内容', example: '暑假期间在社区儿童之家提供免费托管' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  content!: string;

  @ApiProperty({ enum: DEPARTMENT_IDS, isArray: true, description: '责任部门' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsIn(DEPARTMENT_IDS, { each: true })
  departments!: DepartmentId[];

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: RULE_DESCRIPTION,
    example: { op: 'flag', flag: 'inSchoolLocally' },
  })
  @IsObject()
  eligibility!: TargetRule;
}

export class PublishDto {
  @ApiProperty({ description: '生效日期（不早于今日）', example: '2025-07-01' })
  @Matches(DATE, { message: '须为日期（YYYY-MM-DD）' })
  effectiveFrom!: string;
}

export class DiffQueryDto {
  @ApiProperty({ description: '比较的起始版本' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  from!: number;

  @ApiProperty({ description: '比较的目标版本' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  to!: number;
}

export class OnDateQueryDto {
  @ApiPropertyOptional({ description: '日期（默认今日）', example: '2025-07-01' })
  @IsOptional()
  @Matches(DATE, { message: '须为日期（YYYY-MM-DD）' })
  onDate?: string;
}
