import { EventEmitter } from 'node:events';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config';
import { quitRedis, REDIS } from './redis.provider';

interface Invalidation {
  readonly topic: string;
  readonly key: string;
}

/** Local-only event: what other instances announced may have been missed; caches start over. */
const RESYNC = Symbol('resync');

/**
 * Tells every instance that something cached has changed: in-process always, and through Redis
 * pub/sub to the other instances while Redis answers. Without Redis (unset, or unreachable for a
 * while), other instances rely on their caches' short time-to-live and the database as the source
 * of truth; caches ask `shared` which lifetime to give what they store.
 */
@Injectable()
export class InvalidationBus implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('InvalidationBus');
  private readonly local = new EventEmitter().setMaxListeners(0);
  private subscriber?: Redis;
  private connected = false;

  private readonly channel: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis | null,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.channel = `${config.redisPrefix}invalidate`;
  }

  /** True while other instances hear of invalidations at once: Redis is set and answering. */
  get shared(): boolean {
    return this.connected;
  }

  onModuleInit(): void {
    const redis = this.redis;
    if (!redis) return;
    // Subscribing waits for a connection, however long; publishing never does (it fails fast).
    // No command timeout here: ioredis would keep the timer of a subscription alive past quit.
    const subscriber = redis.duplicate({ enableOfflineQueue: true, commandTimeout: undefined });
    this.subscriber = subscriber;
    subscriber.on('message', (_channel: string, message: string) => this.deliver(message));
    for (const client of [redis, subscriber]) {
      client.on('ready', () => this.noteConnectivity());
      client.on('close', () => this.noteConnectivity());
    }
    // Connection failures are reported once, as a change of `shared`, not per retry (the main
    // client's errors are already silenced where it is made).
    subscriber.on('error', () => undefined);
    subscriber.subscribe(this.channel).catch((error: unknown) => {
      this.logger.error({ err: error }, 'could not subscribe to invalidations');
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await quitRedis(this.subscriber);
  }

  on(topic: string, handler: (key: string) => void): void {
    this.local.on(topic, handler);
  }

  /**
   * `handler` runs when Redis is lost or regained: announcements may have been missed meanwhile,
   * and what was cached with the long shared lifetime may be stale, so caches drop everything.
   */
  onResync(handler: () => void): void {
    this.local.on(RESYNC, handler);
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

  private noteConnectivity(): void {
    const connected = this.redis?.status === 'ready' && this.subscriber?.status === 'ready';
    if (connected === this.connected) return;
    this.connected = connected;
    if (connected) this.logger.log('Redis answers: invalidations are shared again, caches start over');
    else this.logger.warn('Redis is unreachable: caches keep the short no-Redis lifetime until it is back');
    this.local.emit(RESYNC);
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
