import { Inject, Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config';

/** Injection token of the shared Redis client, or `null` when `REDIS_URL` is unset. */
export const REDIS = Symbol('REDIS');

export const redisProvider: Provider = {
  provide: REDIS,
  inject: [APP_CONFIG],
  // Loaded only when configured: instances without Redis do not pay for the client at start.
  useFactory: async (config: AppConfig): Promise<Redis | null> => {
    if (!config.redisUrl) return null;
    const { Redis: Client } = await import('ioredis');
    return new Client(config.redisUrl, { maxRetriesPerRequest: 2, connectTimeout: 5000 });
  },
};

@Injectable()
export class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis | null) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit().catch(() => this.redis?.disconnect());
  }
}
