import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, DomainError, REDIS, type AppConfig } from '@cms/core';
import type Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

interface Limit {
  readonly points: number;
  readonly durationSeconds: number;
}

/** The budgets of failed or sensitive attempts; counters are shared through Redis when it is set. */
const LIMITS = {
  loginFailuresPerAccount: { points: 5, durationSeconds: 15 * 60 },
  loginFailuresPerAddress: { points: 20, durationSeconds: 15 * 60 },
  forgotPerAccount: { points: 3, durationSeconds: 60 * 60 },
  forgotPerAddress: { points: 10, durationSeconds: 60 * 60 },
  resetPerAddress: { points: 10, durationSeconds: 15 * 60 },
} as const satisfies Record<string, Limit>;

type LimitName = keyof typeof LIMITS;
export type Budget = readonly [LimitName, string];

/**
 * Brute-force protection keyed by trusted inputs only: the account (normalized) and the client
 * address (as TRUST_PROXY defines it), never the path, so case or slashes change nothing.
 */
@Injectable()
export class AuthThrottle {
  private readonly limiters = new Map<LimitName, RateLimiterAbstract>();

  constructor(@Inject(REDIS) redis: Redis | null, @Inject(APP_CONFIG) config: AppConfig) {
    for (const [name, limit] of Object.entries(LIMITS) as [LimitName, Limit][]) {
      const options = {
        keyPrefix: `${config.redisPrefix}throttle:${name}`,
        points: limit.points,
        duration: limit.durationSeconds,
      };
      this.limiters.set(
        name,
        redis ? new RateLimiterRedis({ ...options, storeClient: redis }) : new RateLimiterMemory(options),
      );
    }
  }

  /** 429 when any of the keyed budgets is already spent; spends nothing. */
  async assertAllowed(checks: readonly Budget[]): Promise<void> {
    for (const [name, key] of checks) {
      const state = await this.limiter(name).get(key);
      if (state && state.consumedPoints >= LIMITS[name].points) throw tooMany(state);
    }
  }

  /** Spends one attempt of each budget; 429 when one is over. */
  async consume(checks: readonly Budget[]): Promise<void> {
    for (const [name, key] of checks) {
      try {
        await this.limiter(name).consume(key);
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) throw tooMany(rejection);
        throw rejection;
      }
    }
  }

  private limiter(name: LimitName): RateLimiterAbstract {
    return this.limiters.get(name)!;
  }

  async reset(name: LimitName, key: string): Promise<void> {
    await this.limiter(name).delete(key);
  }
}

function tooMany(state: RateLimiterRes): DomainError {
  return new DomainError(
    'RateLimitError',
    'TOO_MANY_ATTEMPTS',
    'Too many attempts: try again later',
    {},
    Math.max(1, Math.ceil(state.msBeforeNext / 1000)),
  );
}
