import { Body, Controller, Get, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '@cms/core';
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
  @ApiErrorResponses({
    400: 'Invalid body',
    401: 'Wrong email or password (the same answer for both)',
    403: 'The account is blocked',
    429: 'Too many failures for this account or address; see Retry-After',
  })
  login(@Body() body: LoginDto, @Ip() ip: string): Promise<LoginResult> {
    return this.auth.login(body.email, body.password, ip);
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Trade a refresh token for a new pair; the old one dies, a reused one ends its session' })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiErrorResponses({ 400: 'Invalid body', 401: 'Unknown, used, expired or revoked refresh token' })
  refresh(@Body() body: RefreshDto): Promise<TokenPairDto> {
    return this.auth.refresh(body.refreshToken);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth('bearer')
  @ApiOperation({ summary: 'End this session (by access or refresh token), or every session with allSessions' })
  @ApiNoContentResponse({ description: 'Ended' })
  @ApiErrorResponses({ 401: 'No session to end' })
  async logout(@Body() body: LogoutDto, @CurrentActor() actor: Actor): Promise<void> {
    await this.auth.logout(actor, body.refreshToken, body.allSessions === true);
  }

  @Get('me')
  @ApiBearerAuth('bearer')
  @ApiOperation({ summary: 'The signed-in user' })
  @ApiOkResponse({ type: UserViewDto })
  @ApiErrorResponses({ 401: 'Not signed in' })
  me(@CurrentActor() actor: Actor): Promise<UserViewDto> {
    return this.auth.me(actor);
  }

  @Post('change-password')
  @HttpCode(200)
  @ApiBearerAuth('bearer')
  @ApiOperation({ summary: 'Change the password: every session ends, a new one is returned' })
  @ApiOkResponse({ type: CredentialChangeResultDto })
  @ApiErrorResponses({ 400: 'Wrong current password, or a weak or unconfirmed new one', 401: 'Not signed in' })
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
  @ApiErrorResponses({ 400: 'Invalid body', 429: 'Too many requests; see Retry-After' })
  async forgotPassword(@Body() body: ForgotPasswordDto, @Ip() ip: string): Promise<void> {
    await this.auth.forgotPassword(body.email, ip);
  }

  @Post('reset-password')
  @HttpCode(200)
  @ApiOperation({ summary: 'Set a new password with a reset code: every session ends, a new one is returned' })
  @ApiOkResponse({ type: CredentialChangeResultDto })
  @ApiErrorResponses({ 400: 'Invalid or expired code, or a weak or unconfirmed password', 429: 'Too many attempts' })
  async resetPassword(@Body() body: ResetPasswordDto, @Ip() ip: string): Promise<CredentialChangeResultDto> {
    const result = await this.auth.resetPassword(body.code, body.password, body.passwordConfirmation, ip);
    return { ...result, jwt: result.accessToken };
  }
}
