import { Injectable, type ExecutionContext } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { DomainError } from '@cms/core';
import { PUBLIC_ACTOR, type Actor } from './actor';

/**
 * Runs on every route: no `Authorization` header makes the request public; a header must hold a
 * valid API key or access token, or the request is a 401 (never quietly public).
 */
@Injectable()
export class AuthenticationGuard extends AuthGuard(['api-token', 'jwt']) {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, unknown>; user?: Actor }>();
    if (request.headers.authorization === undefined) {
      request.user = PUBLIC_ACTOR;
      return true;
    }
    return (await super.canActivate(context)) as boolean;
  }

  override handleRequest<TUser>(error: unknown, user: TUser | false): TUser {
    if (error || !user) throw DomainError.unauthorized('Invalid or expired credentials', 'INVALID_CREDENTIALS');
    return user;
  }
}
