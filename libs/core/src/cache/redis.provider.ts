import { Inject, Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config';

/** Injection token of the shared Redis client, or `null` when `REDIS_URL` is unset. */
export const REDIS = Symbol('REDIS');

/** A Redis that answers does so in a millisecond; one that does not must not stall a request. */
const REDIS_COMMAND_TIMEOUT_MS = 500;
const REDIS_CONNECT_TIMEOUT_MS = 2_000;

export const redisProvider: Provider = {
  provide: REDIS,
  inject: [APP_CONFIG],
  // Loaded only when configured: instances without Redis do not pay for the client at start.
  useFactory: async (config: AppConfig): Promise<Redis | null> => {
    if (!config.redisUrl) return null;
    const { Redis: Client } = await import('ioredis');
    // Fail fast while Redis is away: every user of it has an in-process fallback, and a command
    // queued or retried for seconds would hold up logins and writes instead.
    return new Client(config.redisUrl, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
      connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
    });
  },
};

@Injectable()
export class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis | null) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit().catch(() => this.redis?.disconnect());
  }
}
