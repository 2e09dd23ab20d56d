import { Body, Controller, Get, HttpCode, Ip, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Actor } from '../actor/actor';
import { CurrentActor } from '../actor/current-actor.decorator';
import {
  ChangePasswordDto,
  CredentialChangeResultDto,
  ForgotPasswordDto,
  LoginDto,
  LoginResultDto,
  LogoutDto,
  RefreshDto,
  ResetPasswordDto,
  TokenPairDto,
  UserViewDto,
} from './auth.dto';
import { AuthService, type LoginResult } from './auth.service';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with email and password' })
  @ApiOkResponse({ type: LoginResultDto })
  @ApiUnauthorizedResponse({ description: 'Wrong email or password (the same answer for both)' })
  @ApiTooManyRequestsResponse({ description: 'Too many failures for this account or address; see Retry-After' })
  login(@Body() body: LoginDto, @Ip() ip: string): Promise<LoginResult> {
    return this.auth.login(body.email, body.password, ip);
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Trade a refresh token for a new pair; the old one dies, a reused one ends its session' })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiUnauthorizedResponse({ description: 'Unknown, used, expired or revoked refresh token' })
  refresh(@Body() body: RefreshDto): Promise<TokenPairDto> {
    return this.auth.refresh(body.refreshToken);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth('bearer')
  @ApiOperation({ summary: 'End this session (by access or refresh token), or every session with allSessions' })
  @ApiNoContentResponse({ description: 'Ended' })
  async logout(@Body() body: LogoutDto, @CurrentActor() actor: Actor): Promise<void> {
    await this.auth.logout(actor, body.refreshToken, body.allSessions === true);
  }

  @Get('me')
  @ApiBearerAuth('bearer')
  @ApiOperation({ summary: 'The signed-in user' })
  @ApiOkResponse({ type: UserViewDto })
  me(@CurrentActor() actor: Actor): Promise<UserViewDto> {
    return this.auth.me(actor);
  }

  @Post('change-password')
  @HttpCode(200)
  @ApiBearerAuth('bearer')
  @ApiOperation({ summary: 'Change the password: every session ends, a new one is returned' })
  @ApiOkResponse({ type: CredentialChangeResultDto })
  async changePassword(
    @Body() body: ChangePasswordDto,
    @CurrentActor() actor: Actor,
  ): Promise<CredentialChangeResultDto> {
    const result = await this.auth.changePassword(
      actor,
      body.currentPassword,
      body.password,
      body.passwordConfirmation,
    );
    return { ...result, jwt: result.accessToken };
  }

  @Post('forgot-password')
  @HttpCode(204)
  @ApiOperation({ summary: 'Mail a reset code; the answer is the same whether or not the email is registered' })
  @ApiNoContentResponse({ description: 'Accepted' })
  @ApiTooManyRequestsResponse({ description: 'Too many requests; see Retry-After' })
  async forgotPassword(@Body() body: ForgotPasswordDto, @Ip() ip: string): Promise<void> {
    await this.auth.forgotPassword(body.email, ip);
  }

  @Post('reset-password')
  @HttpCode(200)
  @ApiOperation({ summary: 'Set a new password with a reset code: every session ends, a new one is returned' })
  @ApiOkResponse({ type: CredentialChangeResultDto })
  async resetPassword(@Body() body: ResetPasswordDto, @Ip() ip: string): Promise<CredentialChangeResultDto> {
    const result = await this.auth.resetPassword(body.code, body.password, body.passwordConfirmation, ip);
    return { ...result, jwt: result.accessToken };
  }
}
