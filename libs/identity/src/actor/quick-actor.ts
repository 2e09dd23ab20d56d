import { Injectable } from '@nestjs/common';
import { API_KEY_PREFIX, ApiTokensService } from '../api-tokens/api-tokens.service';
import { PUBLIC_ACTOR, type Actor } from './actor';

const API_KEY_BEARER = /^Bearer (\S+)$/;

/**
 * The actor of a request without the guard's passport pipeline, for routes that answer before it
 * (cached reads): no credentials is the public, a valid API key is its token. Anything else
 * (a JWT, a malformed or unknown key) is undefined and must take the full route, which decides it.
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
