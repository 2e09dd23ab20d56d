import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthenticationGuard } from './actor/authentication.guard';
import { JwtStrategy } from './actor/jwt.strategy';
import { QuickActors } from './actor/quick-actor';
import { ApiTokensService } from './api-tokens/api-tokens.service';
import { AuthController } from './auth/auth.controller';
import { AuthService } from './auth/auth.service';
import { StrapiAuthController } from './auth/strapi-auth.controller';
import { identityEntities } from './entities';
import { Mailer } from './mail/mailer';
import { PasswordHasher } from './passwords/password-hasher';
import { SessionsService } from './sessions/sessions.service';
import { AuthThrottle } from './throttle/auth-throttle';
import { AccessTokens } from './tokens/access-tokens';
import { JwksController } from './tokens/jwks.controller';
import { SigningKeys } from './tokens/signing-keys';
import { UsersService } from './users/users.service';

/** Accounts, sessions and API tokens, and the guard that turns every request into an Actor. */
@Module({
  imports: [TypeOrmModule.forFeature(identityEntities), PassportModule, JwtModule.register({})],
  controllers: [AuthController, StrapiAuthController, JwksController],
  providers: [
    SigningKeys,
    AccessTokens,
    PasswordHasher,
    SessionsService,
    UsersService,
    ApiTokensService,
    AuthService,
    AuthThrottle,
    Mailer,
    JwtStrategy,
    QuickActors,
    { provide: APP_GUARD, useClass: AuthenticationGuard },
  ],
  exports: [UsersService, ApiTokensService, SessionsService, QuickActors, PasswordHasher],
})
export class IdentityModule {}
