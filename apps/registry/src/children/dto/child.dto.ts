import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { DIFFICULTY_TYPES, type Accompaniment, type DifficultyType } from '@care/child-rules';
import { EDUCATION_STAGE_IDS, type EducationStage } from '@care/catalogue';
import { PERSONAL_FIELDS, type PersonalField } from '../../auth/permissions';
import { PageQueryDto } from '@care/service-kit';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_RULE = { message: '须为日期（YYYY-MM-DD）' };
const DIVISION = /^\d{6}(\d{3})?$/;
const DIVISION_RULE = { message: '须为6位区县或9位乡镇行政区划代码' };
const COUNTY = /^\d{6}$/;
const COUNTY_RULE = { message: '须为6位区县代码' };
export const ACCOMPANIMENTS: readonly Accompaniment[] = [
  'both-parents',
  'one-parent',
  'other-guardian',
  'none',
  'unknown',
];
const SEXES = ['male', 'female'] as const;

export class GuardianDto {
  @ApiProperty({ description: '监护人姓名' }) @IsString() @IsNotEmpty() @MaxLength(50) name!: string;
  @ApiProperty({ description: '与监护人关系，如 父亲、母亲、祖父母' })
  @IsString()
  @MaxLength(20)
  relation!: string;
  @ApiProperty({ description: '监护人联系方式（手机号或带区号的固定电话）' })
  @IsString()
  @MaxLength(30)
  phone!: string;
}

export class ResidenceDto {
  @ApiProperty({ description: '现居住地行政区划代码（9位乡镇/街道，或6位区县）', example: '371702001' })
  @Matches(DIVISION, DIVISION_RULE)
  divisionCode!: string;
  @ApiProperty({ description: '迁入现居住地日期', example: '2024-09-01' })
  @Matches(DATE, DATE_RULE)
  movedInOn!: string;
  @ApiProperty({ description: '现居住地详细地址' }) @IsString() @MaxLength(200) address!: string;
}

export class CircumstancesDto {
  @ApiPropertyOptional({ description: '残疾儿童' }) @IsOptional() @IsBoolean() disabled?: boolean;
  @ApiPropertyOptional({ description: '孤儿' }) @IsOptional() @IsBoolean() orphan?: boolean;
  @ApiPropertyOptional({ description: '社会散居孤儿' }) @IsOptional() @IsBoolean() scatteredOrphan?: boolean;
  @ApiPropertyOptional({ description: '事实无人抚养儿童' })
  @IsOptional()
  @IsBoolean()
  deFactoUnsupported?: boolean;
  @ApiPropertyOptional({ description: '重点困境儿童' }) @IsOptional() @IsBoolean() keyHardship?: boolean;
  @ApiPropertyOptional({ description: '重病困境儿童' }) @IsOptional() @IsBoolean() seriouslyIll?: boolean;
  @ApiPropertyOptional({ description: '受艾滋病影响儿童' }) @IsOptional() @IsBoolean() aidsAffected?: boolean;
  @ApiPropertyOptional({ description: '符合最低生活保障条件' })
  @IsOptional()
  @IsBoolean()
  minimumLiving?: boolean;
  @ApiPropertyOptional({ description: '符合户籍地特困救助供养条件' })
  @IsOptional()
  @IsBoolean()
  destitute?: boolean;
  @ApiPropertyOptional({ description: '符合本地临时救助情形' })
  @IsOptional()
  @IsBoolean()
  temporaryAssistance?: boolean;
  @ApiPropertyOptional({ description: '家庭住房困难' })
  @IsOptional()
  @IsBoolean()
  housingDifficulty?: boolean;
  @ApiPropertyOptional({ description: '诊断明确、在家居住的严重精神障碍患者' })
  @IsOptional()
  @IsBoolean()
  severeMentalDisorderAtHome?: boolean;
}

export class EducationDto {
  @ApiPropertyOptional({ enum: EDUCATION_STAGE_IDS, description: '教育阶段' })
  @IsOptional()
  @IsIn(EDUCATION_STAGE_IDS)
  stage?: EducationStage;
  @ApiPropertyOptional({ description: '就读学校' }) @IsOptional() @IsString() @MaxLength(100) school?: string;
  @ApiPropertyOptional({ description: '年级' }) @IsOptional() @IsString() @MaxLength(20) grade?: string;
  @ApiPropertyOptional({ description: '在流入地就读' }) @IsOptional() @IsBoolean() inSchoolLocally?: boolean;
}

/** 登记儿童. */
export class RegisterChildDto {
  @ApiProperty({ description: '儿童姓名' }) @IsString() @IsNotEmpty() @MaxLength(50) name!: string;
  @ApiPropertyOptional({ description: '身份证号（无则不填，记录将标记为待补录）' })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  idNumber?: string;
  @ApiPropertyOptional({ description: '出生日期（无身份证号时必填）' })
  @IsOptional()
  @Matches(DATE, DATE_RULE)
  birthDate?: string;
  @ApiPropertyOptional({ enum: SEXES, description: '性别（无身份证号时必填）' })
  @IsOptional()
  @IsIn(SEXES)
  sex?: 'male' | 'female';
  @ApiProperty({ description: '户籍地行政区划代码', example: '371721' })
  @Matches(DIVISION, DIVISION_RULE)
  hukouDivisionCode!: string;
  @ApiProperty({ description: '户籍地址' }) @IsString() @MaxLength(200) hukouAddress!: string;
  @ApiProperty({ type: ResidenceDto }) @ValidateNested() @Type(() => ResidenceDto) residence!: ResidenceDto;
  @ApiProperty({ enum: ACCOMPANIMENTS, description: '随父母或其他监护人流动情况' })
  @IsIn(ACCOMPANIMENTS)
  accompaniedBy!: Accompaniment;
  @ApiProperty({ type: [GuardianDto] })
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => GuardianDto)
  guardians!: GuardianDto[];
  @ApiPropertyOptional({ enum: DIFFICULTY_TYPES, isArray: true, description: '困境类型' })
  @IsOptional()
  @IsArray()
  @IsIn(DIFFICULTY_TYPES, { each: true })
  difficultyTypes?: DifficultyType[];
  @ApiPropertyOptional({ description: '主动提出救助帮扶需求' })
  @IsOptional()
  @IsBoolean()
  askedForHelp?: boolean;
  @ApiPropertyOptional({ type: CircumstancesDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CircumstancesDto)
  circumstances?: CircumstancesDto;
  @ApiPropertyOptional({ type: EducationDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => EducationDto)
  education?: EducationDto;
  @ApiPropertyOptional({ description: '信息采集（核实）日期，默认今天' })
  @IsOptional()
  @Matches(DATE, DATE_RULE)
  verifiedOn?: string;
}

/** 更新儿童信息: every field optional; `version` is the version read (optimistic concurrency). */
export class UpdateChildDto {
  @ApiProperty({ description: '读取时的记录版本' }) @IsInt() @Min(1) version!: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(50) name?: string;
  @ApiPropertyOptional({ description: '补录或更正身份证号' })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  idNumber?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(DATE, DATE_RULE) birthDate?: string;
  @ApiPropertyOptional({ enum: SEXES }) @IsOptional() @IsIn(SEXES) sex?: 'male' | 'female';
  @ApiPropertyOptional() @IsOptional() @Matches(DIVISION, DIVISION_RULE) hukouDivisionCode?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) hukouAddress?: string;
  @ApiPropertyOptional({ description: '现居住地详细地址（同一居住地内更正；搬家请用 move-in）' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  residenceAddress?: string;
  @ApiPropertyOptional({ enum: ACCOMPANIMENTS })
  @IsOptional()
  @IsIn(ACCOMPANIMENTS)
  accompaniedBy?: Accompaniment;
  @ApiPropertyOptional({ type: [GuardianDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => GuardianDto)
  guardians?: GuardianDto[];
  @ApiPropertyOptional({ enum: DIFFICULTY_TYPES, isArray: true })
  @IsOptional()
  @IsArray()
  @IsIn(DIFFICULTY_TYPES, { each: true })
  difficultyTypes?: DifficultyType[];
  @ApiPropertyOptional() @IsOptional() @IsBoolean() askedForHelp?: boolean;
  @ApiPropertyOptional({ type: CircumstancesDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CircumstancesDto)
  circumstances?: CircumstancesDto;
  @ApiPropertyOptional({ type: EducationDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => EducationDto)
  education?: EducationDto;
}

/** 迁入新居住地. */
export class MoveInDto {
  @ApiPropertyOptional({ description: '读取时的记录版本' }) @IsOptional() @IsInt() @Min(1) version?: number;
  @ApiProperty({ description: '新居住地行政区划代码' })
  @Matches(DIVISION, DIVISION_RULE)
  divisionCode!: string;
  @ApiProperty({ description: '迁入日期' }) @Matches(DATE, DATE_RULE) movedInOn!: string;
  @ApiProperty({ description: '新居住地详细地址' }) @IsString() @MaxLength(200) address!: string;
}

/** 迁出 (迁出时间: the date the child moved away from the current residence). */
export class MoveOutDto {
  @ApiPropertyOptional({ description: '读取时的记录版本' }) @IsOptional() @IsInt() @Min(1) version?: number;
  @ApiProperty({ description: '迁出时间' }) @Matches(DATE, DATE_RULE) movedOutOn!: string;
  @ApiPropertyOptional({ description: '迁往地行政区划代码（已知时）' })
  @IsOptional()
  @Matches(DIVISION, DIVISION_RULE)
  toDivisionCode?: string;
}

export class VerifyChildDto {
  @ApiPropertyOptional({ description: '核实日期，默认今天' })
  @IsOptional()
  @Matches(DATE, DATE_RULE)
  verifiedOn?: string;
}

const splitFields = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '')
    : value;

/** `?reveal=name,idNumber&purpose=…`: fields to show in full (audited) and why. */
export class RevealQueryDto {
  @ApiPropertyOptional({ description: `完整显示的字段，逗号分隔：${PERSONAL_FIELDS.join(',')}` })
  @IsOptional()
  @Transform(splitFields)
  @IsArray()
  @IsIn(PERSONAL_FIELDS, { each: true })
  reveal?: PersonalField[];
  @ApiPropertyOptional({ description: '查看完整信息的用途（审计）' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  purpose?: string;
}

export class SearchByIdNumberDto {
  @ApiProperty({ description: '身份证号' }) @IsString() @IsNotEmpty() @MaxLength(30) idNumber!: string;
  @ApiPropertyOptional({ isArray: true, enum: PERSONAL_FIELDS })
  @IsOptional()
  @IsArray()
  @IsIn(PERSONAL_FIELDS, { each: true })
  reveal?: PersonalField[];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) purpose?: string;
}

export class ListChildrenQueryDto extends PageQueryDto {
  @ApiProperty({ description: '县区代码' }) @Matches(COUNTY, COUNTY_RULE) countyCode!: string;
  @ApiPropertyOptional({ description: '乡镇/街道代码（9位）' })
  @IsOptional()
  @Matches(/^\d{9}$/, { message: '须为9位乡镇代码' })
  townshipCode?: string;
}

export class CountyPageQueryDto extends PageQueryDto {
  @ApiProperty({ description: '县区代码' }) @Matches(COUNTY, COUNTY_RULE) countyCode!: string;
}

export class StaleQueryDto extends CountyPageQueryDto {
  @ApiPropertyOptional({ description: '判定日期，默认今天' })
  @IsOptional()
  @Matches(DATE, DATE_RULE)
  asOf?: string;
}
