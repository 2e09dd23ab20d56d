import { createHash } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InvalidationBus, isTransientDatabaseError, MetricsService, ReplicaReads } from '@cms/core';
import type { Counter } from 'prom-client';
import { LOCALES_TOPIC, SchemaRegistry, type ContentType } from '@cms/schema';
import { LRUCache } from 'lru-cache';
import type { AccessPlan } from '../access/access-plan';

const TOPIC = 'content.changed';

/**
 * An answer as sent: its JSON as UTF-8 bytes (off the V8 heap, and written to the socket without
 * encoding it again), and their ETag (hashed once, not per request).
 */
export interface CachedAnswer {
  readonly body: Buffer;
  readonly etag: string;
  /** Past its lifetime, served because the database could not be asked again. */
  readonly stale?: true;
}
/** Without Redis, other instances cannot hear of a write: their entries live this long. */
const LOCAL_TTL_MS = 2_000;
const SHARED_TTL_MS = 60_000;
const MAX_ENTRIES = 5_000;
/** What the kept answers may weigh in all, in bytes: the cache must not be what grows memory. */
const MAX_BYTES = 32 * 1024 * 1024;

/**
 * Answers of reads, kept per type and keyed by everything that changes them: the query, what the
 * caller may see (its fields and row condition, bound to the user), and the write generation of
 * every type the answer can draw on (the type and all it reaches through relations and media), and
 * the schema version. A
 * write to any of those bumps its generation on every instance (in-process, and through Redis
 * when REDIS_URL is set), so no later read meets an older answer; without Redis, other instances
 * may serve one for at most two seconds.
 */
@Injectable()
export class ReadCache implements OnModuleInit {
  /** Answers as their JSON bytes: a fraction of the memory of the objects, sent without serializing. */
  private readonly entries: LRUCache<string, CachedAnswer>;
  private readonly generations = new Map<string, number>();
  /** Keys being computed, each once: identical misses arriving together share one computation. */
  private readonly computing = new Map<string, Promise<CachedAnswer>>();

  private readonly hits: Counter;
  private readonly misses: Counter;

  constructor(
    private readonly bus: InvalidationBus,
    private readonly registry: SchemaRegistry,
    private readonly replicas: ReplicaReads,
    metrics: MetricsService,
  ) {
    this.hits = metrics.counter('cms_read_cache_hits_total', 'Reads answered from the read cache');
    this.misses = metrics.counter('cms_read_cache_misses_total', 'Reads the read cache did not hold');
    const evictions = metrics.counter('cms_read_cache_evictions_total', 'Answers the read cache dropped for room');
    metrics.gauge('cms_read_cache_bytes', 'What the read cache holds, in bytes', () => this.entries.calculatedSize);
    metrics.gauge('cms_read_cache_entries', 'Answers the read cache holds', () => this.entries.size);
    this.entries = new LRUCache({
      max: MAX_ENTRIES,
      maxSize: MAX_BYTES,
      dispose: (_answer, _key, reason) => {
        if (reason === 'evict') evictions.inc();
      },
      sizeCalculation: (answer, key) => answer.body.length + key.length,
      ttl: LOCAL_TTL_MS,
      // Expired answers stay until room is needed: while the database is unreachable they are
      // better than an error (stale-if-error), and their key still names every write they missed.
      noDeleteOnStaleGet: true,
    });
  }

  onModuleInit(): void {
    // The default locale may have changed: answers to reads that named none are stale.
    this.bus.on(LOCALES_TOPIC, () => this.entries.clear());
    this.bus.onResync(() => this.entries.clear());
    this.bus.on(TOPIC, (singularName) => {
      this.generations.set(singularName, (this.generations.get(singularName) ?? 0) + 1);
      this.replicas.noteWrite(singularName);
    });
  }

  /**
   * The cached answer, or the computed one (as `encode` makes it bytes: JSON unless the read asked
   * for another format, which its `query` then names), kept for the next identical read.
   */
  async getOrCompute(
    plan: AccessPlan,
    query: unknown,
    compute: () => Promise<object>,
    encode: (answer: object) => Buffer = (answer) => Buffer.from(JSON.stringify(answer)),
  ): Promise<CachedAnswer> {
    const key = this.key(plan, query);
    const cached = this.entries.get(key) ?? this.computing.get(key);
    if (cached !== undefined) {
      this.hits.inc();
      return cached;
    }
    this.misses.inc();
    // A replica may answer, unless a type the answer draws on was written too recently for it.
    const computed = this.compute(plan, query, key, async () =>
      encode(await this.replicas.read(plan.reached, compute)),
    );
    this.computing.set(key, computed);
    try {
      return await computed;
    } finally {
      this.computing.delete(key);
    }
  }

  private async compute(
    plan: AccessPlan,
    query: unknown,
    key: string,
    compute: () => Promise<Buffer>,
  ): Promise<CachedAnswer> {
    let body: Buffer;
    try {
      body = await compute();
    } catch (error) {
      const stale = isTransientDatabaseError(error) ? this.entries.get(key, { allowStale: true }) : undefined;
      if (stale === undefined) throw error;
      return { ...stale, stale: true };
    }
    const answer = { body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
    // A write that landed while computing has bumped a generation: the key is stale, so is the answer.
    if (this.key(plan, query) === key)
      this.entries.set(key, answer, { ttl: this.bus.shared ? SHARED_TTL_MS : LOCAL_TTL_MS });
    return answer;
  }

  /** The cached answer, if there is one: for callers that answer only from the cache. */
  peek(plan: AccessPlan, query: unknown): CachedAnswer | undefined {
    const answer = this.entries.get(this.key(plan, query));
    // A miss here is counted by the read that then computes it.
    if (answer) this.hits.inc();
    return answer;
  }

  /** After a write to `type`: every instance forgets the answers that drew on it. */
  async changed(type: ContentType): Promise<void> {
    await this.bus.publish(TOPIC, type.singularName);
  }

  /** The plan reached every type the answer can draw on: their generations date it. */
  private key(plan: AccessPlan, query: unknown): string {
    const generations = plan.reached.map((name) => this.generations.get(name) ?? 0);
    const version = this.registry.schemaVersion;
    return `${version}|${plan.root.singularName}|${generations.join(',')}|${plan.key}|${JSON.stringify(query)}`;
  }
}
