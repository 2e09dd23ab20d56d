import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { APP_CONFIG, SHOW_SERVER_TIMING, type AppConfig } from '@cms/core';
import type { Actor } from '@cms/identity';
import type { Observable } from 'rxjs';
import { PolicyService } from './policy.service';

/** In production, the Server-Timing header is for admins (`read` on `admin.settings`) only. */
@Injectable()
export class AdminServerTimingInterceptor implements NestInterceptor {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly policy: PolicyService,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (this.config.nodeEnv === 'production' && context.getType() === 'http') {
      const request = context.switchToHttp().getRequest<{ user?: Actor } & Record<symbol, unknown>>();
      if (request.user?.kind === 'user' && (await this.policy.decide(request.user, 'read', 'admin.settings')).allowed)
        request[SHOW_SERVER_TIMING] = true;
    }
    return next.handle();
  }
}
