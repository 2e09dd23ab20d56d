import { LRUCache } from 'lru-cache';
import type { InvalidationBus } from './invalidation-bus';

/** A load in flight: callers of the same key share it; an eviction meanwhile disowns it. */
interface Load<V> {
  readonly value: Promise<V>;
}

/**
 * A bounded in-process cache whose entries expire after `ttlMs` and are evicted at once when the
 * bus announces a change to their key (on this instance, and on every other one through Redis).
 *
 * Loads are single-flight: callers that miss the same key together share one load. A change
 * announced while a load is in flight disowns it: its value (read before the change, perhaps a
 * session not yet revoked) is never stored, and the next caller loads afresh.
 */
export class ExpiringCache<V extends NonNullable<unknown>> {
  private readonly entries: LRUCache<string, V>;
  private readonly loads = new Map<string, Load<V>>();

  /** `ttlMs` as a function is asked at every store: a lifetime that depends on whether Redis answers. */
  constructor(
    bus: InvalidationBus,
    topic: string,
    private readonly ttlMs: number | (() => number),
    max = 10_000,
  ) {
    this.entries = new LRUCache<string, V>({ max, ttl: 1 });
    bus.on(topic, (key) => this.evict(key));
    bus.onResync(() => this.evict('*'));
  }

  getOrLoad(key: string, load: () => Promise<V>): Promise<V> {
    const cached = this.entries.get(key);
    if (cached !== undefined) return Promise.resolve(cached);
    const pending = this.loads.get(key);
    if (pending) return pending.value;
    const started: Load<V> = {
      value: load().then(
        (value) => {
          if (this.loads.get(key) === started) {
            this.loads.delete(key);
            const ttl = typeof this.ttlMs === 'number' ? this.ttlMs : this.ttlMs();
            this.entries.set(key, value, { ttl: Math.max(ttl, 1) });
          }
          return value;
        },
        (error: unknown) => {
          if (this.loads.get(key) === started) this.loads.delete(key);
          throw error;
        },
      ),
    };
    this.loads.set(key, started);
    return started.value;
  }

  private evict(key: string): void {
    if (key === '*') {
      this.entries.clear();
      this.loads.clear();
    } else {
      this.entries.delete(key);
      this.loads.delete(key);
    }
  }
}
