import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type Provider } from '@nestjs/common';
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
    const client = new Client(config.redisUrl, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
      connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
      // Commands issued in the same tick (the rate-limit counts of concurrent requests) share one write.
      enableAutoPipelining: true,
    });
    // Start connected when Redis answers; when it does not, start anyway on the fallbacks.
    client.on('error', () => undefined);
    const connected = await Promise.race([
      new Promise<boolean>((resolve) => client.once('ready', () => resolve(true))),
      sleep(REDIS_CONNECT_TIMEOUT_MS, false, { ref: false }),
    ]);
    if (!connected) new Logger('Redis').warn('Redis does not answer: starting on the in-process fallbacks');
    return client;
  },
};

@Injectable()
export class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis | null) {}

  async onApplicationShutdown(): Promise<void> {
    await quitRedis(this.redis);
  }
}

/** Closes a client: politely when connected, at once otherwise (a QUIT would wait for a server that is away). */
export async function quitRedis(client: Redis | null | undefined): Promise<void> {
  if (!client) return;
  if (client.status !== 'ready') return client.disconnect();
  await client.quit().catch(() => client.disconnect());
}
