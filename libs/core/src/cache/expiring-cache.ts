import { LRUCache } from 'lru-cache';
import type { InvalidationBus } from './invalidation-bus';

/**
 * A bounded in-process cache whose entries expire after `ttlMs` and are evicted at once when the
 * bus announces a change to their key (on this instance, and on every other one through Redis).
 */
export class ExpiringCache<V extends NonNullable<unknown>> {
  private readonly entries: LRUCache<string, V>;

  constructor(
    bus: InvalidationBus,
    private readonly topic: string,
    ttlMs: number,
    max = 10_000,
  ) {
    this.entries = new LRUCache<string, V>({ max, ttl: Math.max(ttlMs, 1) });
    bus.on(topic, (key) => (key === '*' ? this.entries.clear() : this.entries.delete(key)));
  }

  async getOrLoad(key: string, load: () => Promise<V>): Promise<V> {
    const cached = this.entries.get(key);
    if (cached !== undefined) return cached;
    const value = await load();
    this.entries.set(key, value);
    return value;
  }
}
