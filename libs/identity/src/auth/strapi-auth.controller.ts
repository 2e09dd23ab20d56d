import { Body, Controller, Get, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '@cms/core';
import type { Actor } from '../actor/actor';
import { CurrentActor } from '../actor/current-actor.decorator';
import { LocalLoginDto, StrapiAuthResultDto, UserViewDto } from './auth.dto';
import { AuthService } from './auth.service';

/** Strapi's users-permissions routes, for frontends written against Strapi. */
@ApiTags('auth')
@Controller('api')
export class StrapiAuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('auth/local')
  @HttpCode(200)
  @ApiOperation({ summary: 'Strapi alias of login: `identifier` is the email or the username' })
  @ApiOkResponse({ type: StrapiAuthResultDto })
  @ApiErrorResponses({ 400: 'Invalid body', 401: 'Wrong identifier or password', 429: 'Too many failures' })
  async local(@Body() body: LocalLoginDto, @Ip() ip: string): Promise<StrapiAuthResultDto> {
    const result = await this.auth.login(body.identifier, body.password, ip);
    return { jwt: result.accessToken, user: result.user };
  }

  @Get('users/me')
  @ApiBearerAuth('bearer')
  @ApiOperation({ summary: 'Strapi alias of /api/auth/me' })
  @ApiOkResponse({ type: UserViewDto })
  @ApiErrorResponses({ 401: 'Not signed in' })
  me(@CurrentActor() actor: Actor): Promise<UserViewDto> {
    return this.auth.me(actor);
  }
}
