import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { APP_CONFIG, type AppConfig } from '@cms/core';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { SessionsService } from '../sessions/sessions.service';
import type { AccessTokenClaims } from '../tokens/access-tokens';
import { SigningKeys } from '../tokens/signing-keys';
import type { Actor } from './actor';

/**
 * Access tokens: only the configured algorithm (so `alg: none` or a swapped algorithm fail), our
 * issuer and audience, not expired, and a session that is still current.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    keys: SigningKeys,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly sessions: SessionsService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: keys.verificationKey,
      algorithms: [keys.algorithm],
      issuer: config.auth.issuer,
      audience: config.auth.audience,
      ignoreExpiration: false,
    });
  }

  async validate(payload: Partial<AccessTokenClaims>): Promise<Actor | false> {
    const { sub, sid, tv } = payload;
    if (typeof sub !== 'string' || !/^\d+$/.test(sub) || typeof sid !== 'string' || typeof tv !== 'number') {
      return false;
    }
    if (!(await this.sessions.isCurrent({ sub, sid, tv }))) return false;
    return { kind: 'user', userId: Number(sub), sessionId: sid };
  }
}
