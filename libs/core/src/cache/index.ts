export { CacheModule } from './cache.module';
export { ExpiringCache } from './expiring-cache';
export { InvalidationBus } from './invalidation-bus';
export { REDIS } from './redis.provider';
export { RateLimiters } from './rate-limiters';
