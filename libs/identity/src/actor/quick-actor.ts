import { Injectable } from '@nestjs/common';
import { API_KEY_PREFIX, ApiTokensService } from '../api-tokens/api-tokens.service';
import { PUBLIC_ACTOR, type Actor } from './actor';

const API_KEY_BEARER = /^Bearer (\S+)$/;

/**
 * The actor of a request that needs no passport: no credentials is the public, a valid API key is
 * its token. Anything else (a JWT, a malformed or unknown key) is undefined, for passport-jwt to
 * decide. The guard asks here first, and so do cached reads answered before routing.
 */
@Injectable()
export class QuickActors {
  constructor(private readonly tokens: ApiTokensService) {}

  async of(authorization: string | undefined): Promise<Actor | undefined> {
    if (authorization === undefined) return PUBLIC_ACTOR;
    const key = API_KEY_BEARER.exec(authorization)?.[1];
    if (key === undefined || !key.startsWith(API_KEY_PREFIX)) return undefined;
    return this.tokens.authenticate(key);
  }
}
