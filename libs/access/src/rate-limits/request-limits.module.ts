import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessModule } from '../access.module';
import { RateLimitGuard } from './rate-limit.guard';
import { RequestLimits } from './request-limits.service';

/**
 * Request budgets of the HTTP APIs: the API imports it after IdentityModule, whose authentication
 * guard must name the caller first; the cached-read shortcut counts through RequestLimits.
 */
@Module({
  imports: [AccessModule],
  providers: [RequestLimits, { provide: APP_GUARD, useClass: RateLimitGuard }],
  exports: [RequestLimits],
})
export class RequestLimitsModule {}
