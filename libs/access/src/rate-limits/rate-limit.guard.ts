import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Actor } from '@cms/identity';
import type { Request, Response } from 'express';
import { RequestLimits } from './request-limits.service';

/** The APIs that spend request budgets; health, docs and metrics do not. */
const LIMITED_PATH = /^\/(api|admin)(\/|$)/;

/**
 * Counts every request of the Content and admin APIs against its caller's budget, after
 * authentication has named the caller; a read the cache answered before routing was counted there.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(private readonly limits: RequestLimits) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request & { user?: Actor }>();
    if (!LIMITED_PATH.test(request.path) || !request.user) return true;
    await this.limits.admit(request.user, request, http.getResponse<Response>());
    return true;
  }
}
