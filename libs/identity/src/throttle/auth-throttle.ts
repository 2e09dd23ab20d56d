import { Injectable } from '@nestjs/common';
import { DomainError, RateLimiters, type RateLimit } from '@cms/core';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** The budgets of failed or sensitive attempts; counters are shared through Redis when it is set. */
const LIMITS = {
  loginFailuresPerAccount: { points: 5, durationSeconds: 15 * 60 },
  loginFailuresPerAddress: { points: 20, durationSeconds: 15 * 60 },
  forgotPerAccount: { points: 3, durationSeconds: 60 * 60 },
  forgotPerAddress: { points: 10, durationSeconds: 60 * 60 },
  resetPerAddress: { points: 10, durationSeconds: 15 * 60 },
} as const satisfies Record<string, RateLimit>;

type LimitName = keyof typeof LIMITS;
export type Budget = readonly [LimitName, string];

/**
 * Brute-force protection keyed by trusted inputs only: the account (normalized) and the client
 * address (as TRUST_PROXY defines it), never the path, so case or slashes change nothing.
 */
@Injectable()
export class AuthThrottle {
  private readonly limiters = new Map<LimitName, RateLimiterAbstract>();

  constructor(limiters: RateLimiters) {
    for (const [name, limit] of Object.entries(LIMITS) as [LimitName, RateLimit][]) {
      this.limiters.set(name, limiters.create(name, limit));
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
