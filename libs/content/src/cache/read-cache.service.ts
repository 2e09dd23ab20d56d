import { createHash } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InvalidationBus } from '@cms/core';
import { isRelational, SchemaRegistry, type ContentType } from '@cms/schema';
import { LRUCache } from 'lru-cache';
import type { ReadAccess } from '../documents/document-reader.service';

const TOPIC = 'content.changed';

/**
 * An answer as sent: its JSON as UTF-8 bytes (off the V8 heap, and written to the socket without
 * encoding it again), and their ETag (hashed once, not per request).
 */
export interface CachedAnswer {
  readonly body: Buffer;
  readonly etag: string;
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
  private reachable = { version: -1, byType: new Map<string, readonly string[]>() };

  constructor(
    private readonly bus: InvalidationBus,
    private readonly registry: SchemaRegistry,
  ) {
    this.entries = new LRUCache({
      max: MAX_ENTRIES,
      maxSize: MAX_BYTES,
      sizeCalculation: (answer, key) => answer.body.length + key.length,
      ttl: bus.shared ? SHARED_TTL_MS : LOCAL_TTL_MS,
    });
  }

  onModuleInit(): void {
    this.bus.on(TOPIC, (singularName) => {
      this.generations.set(singularName, (this.generations.get(singularName) ?? 0) + 1);
    });
  }

  /** The cached answer, or the computed one, kept for the next identical read. */
  async getOrCompute(
    type: ContentType,
    query: unknown,
    access: ReadAccess,
    compute: () => Promise<object>,
  ): Promise<CachedAnswer> {
    const key = this.key(type, query, access);
    const cached = this.entries.get(key);
    if (cached !== undefined) return cached;
    const body = Buffer.from(JSON.stringify(await compute()));
    const answer = { body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
    // A write that landed while computing has bumped a generation: the key is stale, so is the answer.
    if (this.key(type, query, access) === key) this.entries.set(key, answer);
    return answer;
  }

  /** The cached answer, if there is one: for callers that answer only from the cache. */
  peek(type: ContentType, query: unknown, access: ReadAccess): CachedAnswer | undefined {
    return this.entries.get(this.key(type, query, access));
  }

  /** After a write to `type`: every instance forgets the answers that drew on it. */
  async changed(type: ContentType): Promise<void> {
    await this.bus.publish(TOPIC, type.singularName);
  }

  private key(type: ContentType, query: unknown, access: ReadAccess): string {
    const generations = this.reachableFrom(type).map((name) => this.generations.get(name) ?? 0);
    const version = this.registry.schemaVersion;
    return JSON.stringify([version, type.singularName, generations, access.fields, access.condition ?? null, query]);
  }

  /** The type and every type its relations and media lead to, transitively. */
  reachableFrom(type: ContentType): readonly string[] {
    if (this.reachable.version !== this.registry.schemaVersion)
      this.reachable = { version: this.registry.schemaVersion, byType: new Map() };
    let names = this.reachable.byType.get(type.singularName);
    if (!names) {
      const seen = new Set([type.singularName]);
      const queue = [type];
      for (let current = queue.shift(); current; current = queue.shift()) {
        for (const attribute of current.attributes) {
          if (!isRelational(attribute) || seen.has(attribute.target)) continue;
          seen.add(attribute.target);
          const target = this.registry.get(attribute.target);
          if (target) queue.push(target);
        }
      }
      names = [...seen].sort();
      this.reachable.byType.set(type.singularName, names);
    }
    return names;
  }
}
