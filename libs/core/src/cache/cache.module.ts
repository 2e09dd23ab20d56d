import { Global, Module } from '@nestjs/common';
import { InvalidationBus } from './invalidation-bus';
import { RateLimiters } from './rate-limiters';
import { redisProvider, RedisLifecycle, REDIS } from './redis.provider';

@Global()
@Module({
  providers: [redisProvider, RedisLifecycle, InvalidationBus, RateLimiters],
  exports: [REDIS, InvalidationBus, RateLimiters],
})
export class CacheModule {}
