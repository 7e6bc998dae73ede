import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';

export class PasswordSignInDto {
  @ApiProperty({ description: '用户名（账号）', example: 'mz-officer-371702' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  userId!: string;

  @ApiProperty({ description: '密码', format: 'password' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  password!: string;
}

export class TotpSignInDto {
  @ApiProperty({ description: '第一步返回的 challenge（5分钟内有效）' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4096)
  challenge!: string;

  @ApiProperty({ description: '身份验证器中的6位动态验证码', example: '123456' })
  @IsString()
  @Matches(/^[0-9]{6}$/, { message: 'code 须为6位数字' })
  code!: string;
}

export class RefreshDto {
  @ApiProperty({ description: '登录时返回的 refreshToken' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  refreshToken!: string;
}

/** OAuth 2.0 client-credentials request (RFC 6749 §4.4.2), as JSON. */
export class ClientCredentialsDto {
  @ApiProperty({ enum: ['client_credentials'] })
  @IsIn(['client_credentials'], { message: 'grant_type 须为 client_credentials' })
  grant_type!: 'client_credentials';

  @ApiProperty({ example: 'svc-gateway' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  client_id!: string;

  @ApiProperty({ format: 'password' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  client_secret!: string;
}
