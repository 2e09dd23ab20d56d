import { EventEmitter } from 'node:events';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config';
import { REDIS } from './redis.provider';

interface Invalidation {
  readonly topic: string;
  readonly key: string;
}

/**
 * Tells every instance that something cached has changed: in-process always, and through Redis
 * pub/sub to the other instances when `REDIS_URL` is set. Without Redis, other instances rely on
 * their caches' short time-to-live and the database as the source of truth.
 */
@Injectable()
export class InvalidationBus implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('InvalidationBus');
  private readonly local = new EventEmitter().setMaxListeners(0);
  private subscriber?: Redis;

  private readonly channel: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis | null,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.channel = `${config.redisPrefix}invalidate`;
  }

  /** True when other instances hear of invalidations at once. */
  get shared(): boolean {
    return this.redis !== null;
  }

  async onModuleInit(): Promise<void> {
    if (!this.redis) return;
    this.subscriber = this.redis.duplicate();
    this.subscriber.on('message', (_channel: string, message: string) => this.deliver(message));
    await this.subscriber.subscribe(this.channel);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }

  on(topic: string, handler: (key: string) => void): void {
    this.local.on(topic, handler);
  }

  async publish(topic: string, key: string): Promise<void> {
    this.local.emit(topic, key);
    if (!this.redis) return;
    await this.redis
      .publish(this.channel, JSON.stringify({ topic, key } satisfies Invalidation))
      .catch((error: unknown) => {
        this.logger.error({ err: error }, 'could not publish an invalidation: other instances learn it by expiry');
      });
  }

  private deliver(message: string): void {
    try {
      const { topic, key } = JSON.parse(message) as Invalidation;
      if (typeof topic === 'string' && typeof key === 'string') this.local.emit(topic, key);
    } catch {
      this.logger.warn('ignored a malformed invalidation message');
    }
  }
}
