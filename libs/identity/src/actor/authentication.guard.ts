import { Injectable, type ExecutionContext } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { DomainError, isTransientDatabaseError } from '@cms/core';
import type { Actor } from './actor';
import { QuickActors } from './quick-actor';

/**
 * Runs on every route: no `Authorization` header makes the request public; a header must hold a
 * valid API key or access token, or the request is a 401 (never quietly public). API keys are
 * checked without passport; anything else must be an access token (passport-jwt).
 */
@Injectable()
export class AuthenticationGuard extends AuthGuard('jwt') {
  constructor(private readonly actors: QuickActors) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; user?: Actor }>();
    const actor = await this.actors.of(request.headers.authorization);
    if (actor) {
      request.user = actor;
      return true;
    }
    return (await super.canActivate(context)) as boolean;
  }

  override handleRequest<TUser>(error: unknown, user: TUser | false): TUser {
    // A session that could not be checked is not an invalid one: the answer is a 503, not a 401.
    if (isTransientDatabaseError(error)) throw error;
    if (error || !user) throw DomainError.unauthorized('Invalid or expired credentials', 'INVALID_CREDENTIALS');
    return user;
  }
}
