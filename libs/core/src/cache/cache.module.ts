import { Global, Module } from '@nestjs/common';
import { InvalidationBus } from './invalidation-bus';
import { redisProvider, RedisLifecycle, REDIS } from './redis.provider';

@Global()
@Module({
  providers: [redisProvider, RedisLifecycle, InvalidationBus],
  exports: [REDIS, InvalidationBus],
})
export class CacheModule {}
