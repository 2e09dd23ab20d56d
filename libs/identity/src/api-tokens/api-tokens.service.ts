import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, ExpiringCache, InvalidationBus, isUniqueViolation } from '@cms/core';
import type { DataSource } from 'typeorm';
import type { Actor } from '../actor/actor';
import { ApiTokenEntity, type ApiTokenType } from '../entities';
import { generateSecret, hashSecret } from '../tokens/opaque-token';

/** Every API key starts with this, so a bearer value is told apart from a JWT at a glance. */
export const API_KEY_PREFIX = 'cms_';
const SHOWN_PREFIX_LENGTH = 10;
const TOPIC = 'identity.api-tokens';
const CACHE_TTL_MS = 30_000;
/** `last_used_at` is written at most this often per token, not on every request. */
const LAST_USE_RESOLUTION_MS = 60_000;

export interface NewApiToken {
  readonly name: string;
  readonly description?: string | null;
  readonly type: ApiTokenType;
  readonly expiresAt?: Date | null;
  readonly permissions?: readonly unknown[] | null;
}

export interface ApiTokenView {
  readonly id: number;
  readonly name: string;
  readonly description: string | null;
  readonly type: ApiTokenType;
  readonly accessKeyPrefix: string;
  readonly permissions: readonly unknown[] | null;
  readonly expiresAt: string | null;
  readonly lastUsedAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

type CachedToken =
  { found: false } | { found: true; id: number; type: ApiTokenType; permissions: unknown[]; expiresAt: number | null };

@Injectable()
export class ApiTokensService {
  private readonly byHash: ExpiringCache<CachedToken>;
  private readonly lastUseWrites = new Map<number, number>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly bus: InvalidationBus,
  ) {
    this.byHash = new ExpiringCache<CachedToken>(bus, TOPIC, CACHE_TTL_MS);
  }

  /** Creates a token; its secret (`accessKey`) is returned this once and stored only as a hash. */
  async create(input: NewApiToken): Promise<{ token: ApiTokenView; accessKey: string }> {
    const accessKey = generateSecret(API_KEY_PREFIX);
    const entity = this.dataSource.manager.create(ApiTokenEntity, {
      name: input.name,
      description: input.description ?? null,
      type: input.type,
      accessKeyPrefix: accessKey.slice(0, SHOWN_PREFIX_LENGTH),
      accessKeyHash: hashSecret(accessKey),
      permissions: input.type === 'custom' ? [...(input.permissions ?? [])] : null,
      expiresAt: input.expiresAt ?? null,
      lastUsedAt: null,
    });
    try {
      await this.dataSource.manager.save(entity);
    } catch (error) {
      if (isUniqueViolation(error))
        throw DomainError.conflict('API_TOKEN_EXISTS', 'An API token with this name exists');
      throw error;
    }
    return { token: toApiTokenView(entity), accessKey };
  }

  async list(): Promise<ApiTokenView[]> {
    const tokens = await this.dataSource.manager.find(ApiTokenEntity, { order: { id: 'ASC' } });
    return tokens.map(toApiTokenView);
  }

  async get(id: number): Promise<ApiTokenView> {
    const token = await this.dataSource.manager.findOneBy(ApiTokenEntity, { id });
    if (!token) throw DomainError.notFound('API token not found');
    return toApiTokenView(token);
  }

  async revoke(id: number): Promise<ApiTokenView> {
    const token = await this.dataSource.manager.findOneBy(ApiTokenEntity, { id });
    if (!token) throw DomainError.notFound('API token not found');
    await this.dataSource.manager.delete(ApiTokenEntity, { id });
    await this.bus.publish(TOPIC, token.accessKeyHash);
    return toApiTokenView(token);
  }

  /** The Actor of a bearer API key, or `undefined` when no live token has it. */
  async authenticate(accessKey: string): Promise<Actor | undefined> {
    const hash = hashSecret(accessKey);
    const token = await this.byHash.getOrLoad(hash, () => this.load(hash));
    if (!token.found || (token.expiresAt !== null && token.expiresAt <= Date.now())) return undefined;
    this.noteUse(token.id);
    return { kind: 'api-token', tokenId: token.id, tokenType: token.type, permissions: token.permissions };
  }

  private async load(hash: string): Promise<CachedToken> {
    const token = await this.dataSource.manager.findOneBy(ApiTokenEntity, { accessKeyHash: hash });
    if (!token) return { found: false };
    return {
      found: true,
      id: token.id,
      type: token.type,
      permissions: token.permissions ?? [],
      expiresAt: token.expiresAt?.getTime() ?? null,
    };
  }

  private noteUse(id: number): void {
    const now = Date.now();
    if (now - (this.lastUseWrites.get(id) ?? 0) < LAST_USE_RESOLUTION_MS) return;
    this.lastUseWrites.set(id, now);
    void this.dataSource.manager.update(ApiTokenEntity, { id }, { lastUsedAt: new Date(now) }).catch(() => undefined);
  }
}

function toApiTokenView(token: ApiTokenEntity): ApiTokenView {
  return {
    id: token.id,
    name: token.name,
    description: token.description,
    type: token.type,
    accessKeyPrefix: token.accessKeyPrefix,
    permissions: token.permissions,
    expiresAt: token.expiresAt?.toISOString() ?? null,
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    createdAt: token.createdAt.toISOString(),
    updatedAt: token.updatedAt.toISOString(),
  };
}
