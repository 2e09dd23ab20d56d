import { Inject, Injectable, Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  type IRateLimiterOptions,
  type RateLimiterAbstract,
  type RateLimiterRes,
} from 'rate-limiter-flexible';
import { APP_CONFIG, type AppConfig, type RateLimit } from '../config';
import { REDIS } from './redis.provider';

/** How often, at most, the fallback to in-process counting is logged while Redis is away. */
const FALLBACK_LOG_INTERVAL_MS = 60_000;

/** Counts in this process, and says so (at most once a minute) whenever it stands in for Redis. */
class FallbackLimiter extends RateLimiterMemory {
  constructor(
    options: IRateLimiterOptions,
    private readonly used: () => void,
  ) {
    super(options);
  }

  override consume(key: string | number, points?: number, options?: object): Promise<RateLimiterRes> {
    this.used();
    return super.consume(key, points, options);
  }

  override get(key: string | number, options?: object): Promise<RateLimiterRes | null> {
    this.used();
    return super.get(key, options);
  }
}

/**
 * Makes rate limiters whose counters every instance shares through Redis when `REDIS_URL` is set.
 * While Redis is unreachable they fail open to counting in this process: a request is never
 * refused, nor held up, because Redis is away; each instance then enforces the budget alone.
 */
@Injectable()
export class RateLimiters {
  private readonly logger = new Logger('RateLimiters');
  private lastFallbackLog = 0;

  constructor(
    @Inject(REDIS) private readonly redis: Redis | null,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  create(name: string, limit: RateLimit): RateLimiterAbstract {
    const options = {
      keyPrefix: `${this.config.redisPrefix}throttle:${name}`,
      points: limit.points,
      duration: limit.durationSeconds,
    };
    if (!this.redis) return new RateLimiterMemory(options);
    return new RateLimiterRedis({
      ...options,
      storeClient: this.redis,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new FallbackLimiter(options, () => this.noteFallback()),
    });
  }

  private noteFallback(): void {
    const now = Date.now();
    if (now - this.lastFallbackLog < FALLBACK_LOG_INTERVAL_MS) return;
    this.lastFallbackLog = now;
    this.logger.warn('Redis is unreachable: rate limits are counted per instance until it is back');
  }
}
