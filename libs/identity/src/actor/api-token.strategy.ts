import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-http-bearer';
import { API_KEY_PREFIX, ApiTokensService } from '../api-tokens/api-tokens.service';
import type { Actor } from './actor';

/** API keys (`cms_...`) as bearer credentials; anything else is left to the JWT strategy. */
@Injectable()
export class ApiTokenStrategy extends PassportStrategy(Strategy, 'api-token') {
  constructor(private readonly tokens: ApiTokensService) {
    super();
  }

  async validate(token: string): Promise<Actor | false> {
    if (!token.startsWith(API_KEY_PREFIX)) return false;
    return (await this.tokens.authenticate(token)) ?? false;
  }
}
