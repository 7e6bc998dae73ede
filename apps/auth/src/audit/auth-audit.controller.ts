import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { AuditPageQueryDto, AuditTrail, type AuditEntry, type ChainVerification } from '@care/service-kit';
import {
  AuthPrincipalGuard,
  Principal,
  RequireAccountRoles,
  type AuthPrincipal,
} from '../principal/auth-principal';
import { AUTH_AUDIT_ACTIONS, type AuthAuditAction } from './auth-audit-actions';

export class AuthAuditQueryDto extends AuditPageQueryDto {
  @ApiPropertyOptional({ description: '账号（用户名或服务身份）' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  recordId?: string;

  @ApiPropertyOptional({ enum: AUTH_AUDIT_ACTIONS })
  @IsOptional()
  @IsIn(AUTH_AUDIT_ACTIONS)
  action?: AuthAuditAction;
}

/** The auditor's view of the sign-in trail (三员: the auditor reads the log and does nothing else). */
@ApiTags('audit 审计')
@ApiBearerAuth()
@UseGuards(AuthPrincipalGuard)
@RequireAccountRoles('auditor')
@Controller('api/v1/auth/audit')
export class AuthAuditController {
  constructor(private readonly trail: AuditTrail) {}

  @Get()
  @ApiOperation({ summary: '登录与账号管理审计记录（审计员，本人负责区县）' })
  async list(
    @Principal() auditor: AuthPrincipal,
    @Query() query: AuthAuditQueryDto,
  ): Promise<{ entries: AuditEntry[] }> {
    const entries = await this.trail.query({
      recordId: query.recordId,
      action: query.action,
      afterSeq: query.afterSeq,
      countyCodes: auditor.countyCodes,
      limit: query.limit ?? 100,
    });
    return { entries };
  }

  @Get('verify')
  @ApiOperation({ summary: '校验审计链是否完整' })
  verify(): Promise<ChainVerification> {
    return this.trail.verifyChain();
  }
}
