import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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
} from 'class-validator';
import { DUTIES, ROLES, type Duty, type Role } from '@care/access';
import { common } from '@care/contracts';

const USER_ID = /^[A-Za-z0-9._@-]{1,64}$/;
const COUNTY = /^[0-9]{6}$/;
const TOWNSHIP = /^[0-9]{9}$/;

/** The departments an account or a service client may belong to: common.v1.Department's names. */
export const DEPARTMENT_CODES: readonly string[] = Object.keys(common.Department).filter(
  (name) => name.startsWith('DEPARTMENT_') && name !== 'DEPARTMENT_UNSPECIFIED',
);
const DEPARTMENT_RULE = 'department 须为部门代码（common.v1.Department 的名称，如 DEPARTMENT_CIVIL_AFFAIRS）';

export class CreateAccountDto {
  @ApiProperty({ description: '用户名：1至64位字母、数字或 ._@-', example: 'mz-officer-371702' })
  @Matches(USER_ID, { message: 'userId 须为1至64位字母、数字或 ._@-' })
  userId!: string;

  @ApiProperty({ description: '姓名（工作人员）', example: '张敏' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  displayName!: string;

  @ApiProperty({ description: '所属区县（6位代码），须在本人负责范围内', example: ['371702'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @Matches(COUNTY, { each: true, message: 'countyCodes 须为6位区县代码' })
  countyCodes!: string[];

  @ApiProperty({
    description: '初始密码（12位以上，含大写、小写、数字、符号中的至少三类）',
    format: 'password',
  })
  @IsString()
  initialPassword!: string;
}

export class AssignRoleDto {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES, { message: `role 须为 ${ROLES.join('、')} 之一` })
  role!: Role;

  @ApiProperty({ description: 'common.v1.Department 枚举名', example: 'DEPARTMENT_CIVIL_AFFAIRS' })
  @IsIn(DEPARTMENT_CODES, { message: DEPARTMENT_RULE })
  department!: string;

  @ApiProperty({ example: ['371702'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @Matches(COUNTY, { each: true, message: 'countyCodes 须为6位区县代码' })
  countyCodes!: string[];

  @ApiPropertyOptional({
    description: '限定的乡镇（街道，9位代码），须属于 countyCodes',
    example: ['371702001'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @Matches(TOWNSHIP, { each: true, message: 'townshipCodes 须为9位乡镇（街道）代码' })
  townshipCodes?: string[];

  @ApiPropertyOptional({ enum: DUTIES, isArray: true })
  @IsOptional()
  @IsArray()
  @IsIn(DUTIES, { each: true, message: `duties 须为 ${DUTIES.join('、')}` })
  duties?: Duty[];

  @ApiProperty({ description: '读取账号时的 rev（防止覆盖他人修改）' })
  @IsInt()
  @Min(1)
  rev!: number;
}

export class ResetPasswordDto {
  @ApiProperty({ format: 'password' })
  @IsString()
  newPassword!: string;
}

export class CreateServiceClientDto {
  @ApiProperty({ example: 'svc-gateway' })
  @Matches(USER_ID, { message: 'clientId 须为1至64位字母、数字或 ._@-' })
  clientId!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES, { message: `role 须为 ${ROLES.join('、')} 之一` })
  role!: Role;

  @ApiProperty({ example: 'DEPARTMENT_CIVIL_AFFAIRS' })
  @IsIn(DEPARTMENT_CODES, { message: DEPARTMENT_RULE })
  department!: string;

  @ApiProperty({ example: ['371702'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @Matches(COUNTY, { each: true, message: 'countyCodes 须为6位区县代码' })
  countyCodes!: string[];

  @ApiPropertyOptional({ enum: DUTIES, isArray: true })
  @IsOptional()
  @IsArray()
  @IsIn(DUTIES, { each: true, message: `duties 须为 ${DUTIES.join('、')}` })
  duties?: Duty[];
}
