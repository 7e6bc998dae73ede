import { Body, Controller, Get, Header, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ServiceClientsService, type ClientCredentialsToken } from '../clients/service-clients.service';
import { TokenSigner } from '../keys/token-signer';
import { AuthPrincipalGuard, Principal, type AuthPrincipal } from '../principal/auth-principal';
import { ClientCredentialsDto, PasswordSignInDto, RefreshDto, TotpSignInDto } from './sign-in.dto';
import { SignInService, type IssuedTokens, type PasswordStep } from './sign-in.service';

@ApiTags('sign-in 登录')
@Controller()
export class SignInController {
  constructor(
    private readonly signIn: SignInService,
    private readonly clients: ServiceClientsService,
    private readonly signer: TokenSigner,
  ) {}

  @Post('api/v1/auth/sign-in')
  @HttpCode(200)
  @ApiOperation({ summary: '登录第一步：用户名和密码（首次登录同时返回动态验证码密钥，仅显示一次）' })
  password(@Body() body: PasswordSignInDto): Promise<PasswordStep> {
    return this.signIn.password(body.userId, body.password);
  }

  @Post('api/v1/auth/sign-in/totp')
  @HttpCode(200)
  @ApiOperation({ summary: '登录第二步：6位动态验证码（TOTP），成功后返回访问令牌和刷新令牌' })
  totp(@Body() body: TotpSignInDto): Promise<IssuedTokens> {
    return this.signIn.totp(body.challenge, body.code);
  }

  @Post('api/v1/auth/refresh')
  @HttpCode(200)
  @ApiOperation({ summary: '用刷新令牌换取新的访问令牌（刷新令牌随之更换）' })
  refresh(@Body() body: RefreshDto): Promise<IssuedTokens> {
    return this.signIn.refresh(body.refreshToken);
  }

  @Post('api/v1/auth/sign-out')
  @HttpCode(204)
  @ApiOperation({ summary: '退出登录（刷新令牌作废）' })
  async signOut(@Body() body: RefreshDto): Promise<void> {
    await this.signIn.signOut(body.refreshToken);
  }

  @Post('api/v1/auth/token')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: '服务身份令牌（OAuth 2.0 client_credentials）' })
  token(@Body() body: ClientCredentialsDto): Promise<ClientCredentialsToken> {
    return this.clients.token(body.client_id, body.client_secret);
  }

  @Get('.well-known/jwks.json')
  @Header('Cache-Control', 'public, max-age=60')
  @ApiOperation({ summary: '令牌验签公钥（JWKS；轮换后旧公钥保留至其令牌过期）' })
  jwks(): Promise<{ keys: unknown[] }> {
    return this.signer.jwks();
  }

  @Get('api/v1/auth/me')
  @ApiBearerAuth()
  @UseGuards(AuthPrincipalGuard)
  @ApiOperation({ summary: '当前登录身份' })
  me(@Principal() principal: AuthPrincipal): AuthPrincipal {
    return principal;
  }
}
