import { Body, Controller, Get, HttpCode, Param, Post, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ServiceClientsService } from '../clients/service-clients.service';
import { AuthAudit } from '../audit/auth-audit';
import { TokenSigner } from '../keys/token-signer';
import {
  AuthPrincipalGuard,
  Principal,
  RequireAccountRoles,
  type AuthPrincipal,
} from '../principal/auth-principal';
import { AssignRoleDto, CreateAccountDto, CreateServiceClientDto, ResetPasswordDto } from './accounts.dto';
import { AccountsService, type AccountView } from './accounts.service';

/** The administrators' API (三员分立): each endpoint names the one role that may use it. */
@ApiTags('accounts 账号管理')
@ApiBearerAuth()
@UseGuards(AuthPrincipalGuard)
@Controller('api/v1/auth')
export class AccountsController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly clients: ServiceClientsService,
    private readonly signer: TokenSigner,
    private readonly audit: AuthAudit,
  ) {}

  @Get('accounts')
  @RequireAccountRoles('system-admin', 'security-admin')
  @ApiOperation({ summary: '本人负责区县的账号（系统管理员、安全管理员）' })
  list(@Principal() admin: AuthPrincipal): Promise<AccountView[]> {
    return this.accounts.list(admin);
  }

  @Get('accounts/:userId')
  @RequireAccountRoles('system-admin', 'security-admin')
  get(@Principal() admin: AuthPrincipal, @Param('userId') userId: string): Promise<AccountView> {
    return this.accounts.get(admin, userId);
  }

  @Post('accounts')
  @RequireAccountRoles('system-admin')
  @ApiOperation({ summary: '创建工作人员账号（系统管理员；角色由安全管理员分配）' })
  create(@Principal() admin: AuthPrincipal, @Body() body: CreateAccountDto): Promise<AccountView> {
    return this.accounts.create(admin, body);
  }

  @Put('accounts/:userId/role')
  @RequireAccountRoles('security-admin')
  @ApiOperation({ summary: '分配角色、部门、区县、乡镇和专项职责（安全管理员）' })
  assignRole(
    @Principal() admin: AuthPrincipal,
    @Param('userId') userId: string,
    @Body() body: AssignRoleDto,
  ): Promise<AccountView> {
    return this.accounts.assignRole(admin, userId, body);
  }

  @Post('accounts/:userId/disable')
  @HttpCode(200)
  @RequireAccountRoles('system-admin')
  disable(@Principal() admin: AuthPrincipal, @Param('userId') userId: string): Promise<AccountView> {
    return this.accounts.setStatus(admin, userId, 'disabled');
  }

  @Post('accounts/:userId/enable')
  @HttpCode(200)
  @RequireAccountRoles('system-admin')
  enable(@Principal() admin: AuthPrincipal, @Param('userId') userId: string): Promise<AccountView> {
    return this.accounts.setStatus(admin, userId, 'active');
  }

  @Post('accounts/:userId/unlock')
  @HttpCode(200)
  @RequireAccountRoles('system-admin')
  @ApiOperation({ summary: '解除锁定（系统管理员）' })
  unlock(@Principal() admin: AuthPrincipal, @Param('userId') userId: string): Promise<AccountView> {
    return this.accounts.unlock(admin, userId);
  }

  @Post('accounts/:userId/reset-password')
  @HttpCode(200)
  @RequireAccountRoles('system-admin')
  resetPassword(
    @Principal() admin: AuthPrincipal,
    @Param('userId') userId: string,
    @Body() body: ResetPasswordDto,
  ): Promise<AccountView> {
    return this.accounts.resetPassword(admin, userId, body.newPassword);
  }

  @Post('accounts/:userId/reset-totp')
  @HttpCode(200)
  @RequireAccountRoles('system-admin')
  resetTotp(@Principal() admin: AuthPrincipal, @Param('userId') userId: string): Promise<AccountView> {
    return this.accounts.resetTotp(admin, userId);
  }

  @Post('service-clients')
  @RequireAccountRoles('security-admin')
  @ApiOperation({ summary: '登记服务身份（安全管理员；密钥仅显示一次）' })
  createClient(
    @Principal() admin: AuthPrincipal,
    @Body() body: CreateServiceClientDto,
  ): Promise<{ clientId: string; clientSecret: string }> {
    return this.clients.create(admin, body);
  }

  @Post('keys/rotate')
  @HttpCode(200)
  @RequireAccountRoles('security-admin')
  @ApiOperation({ summary: '轮换令牌签名密钥（安全管理员；旧公钥保留至其令牌过期）' })
  async rotate(@Principal() admin: AuthPrincipal): Promise<{ kid: string }> {
    const key = await this.signer.rotate();
    await this.audit.record(admin, 'signing-key-rotated', `轮换签名密钥，新 kid ${key._id}`, {
      userId: admin.userId,
      countyCodes: admin.countyCodes,
    });
    return { kid: key._id };
  }
}
