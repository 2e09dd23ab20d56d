import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '@cms/core';
import { SigningKeys } from './signing-keys';

/** What our access tokens claim besides the registered claims (sub, iss, aud, iat, exp, jti). */
export interface AccessTokenClaims {
  readonly sub: string;
  /** The session (refresh family) the token belongs to. */
  readonly sid: string;
  /** The user's token version when it was issued; a credential event raises it. */
  readonly tv: number;
}

export interface IssuedAccessToken {
  readonly accessToken: string;
  readonly expiresIn: number;
}

@Injectable()
export class AccessTokens {
  constructor(
    private readonly jwt: JwtService,
    private readonly keys: SigningKeys,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  issue(userId: number, sessionId: string, tokenVersion: number): IssuedAccessToken {
    const { issuer, audience, accessTtlSeconds } = this.config.auth;
    const accessToken = this.jwt.sign(
      { sid: sessionId, tv: tokenVersion },
      {
        algorithm: this.keys.algorithm,
        ...(this.keys.algorithm === 'HS256' ? { secret: this.keys.signingKey } : { privateKey: this.keys.signingKey }),
        keyid: this.keys.keyId,
        subject: String(userId),
        issuer,
        audience,
        expiresIn: accessTtlSeconds,
        jwtid: randomUUID(),
      },
    );
    return { accessToken, expiresIn: accessTtlSeconds };
  }
}
