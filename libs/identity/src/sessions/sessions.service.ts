import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, DomainError, ExpiringCache, InvalidationBus, type AppConfig } from '@cms/core';
import { IsNull, type DataSource, type EntityManager } from 'typeorm';
import { RefreshTokenEntity, SessionEntity, UserEntity } from '../entities';
import { AccessTokens, type AccessTokenClaims } from '../tokens/access-tokens';
import { generateSecret, hashSecret } from '../tokens/opaque-token';

export interface TokenPair {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly expiresIn: number;
}

/** What a request's access token is checked against, cached per session for a short while. */
interface SessionState {
  readonly userId: number | null;
  readonly tokenVersion: number;
  readonly active: boolean;
  readonly expiresAt: number;
}

const SESSIONS_TOPIC = 'identity.sessions';
const ALL = '*';
/** With Redis every instance hears of a revocation at once, so a longer cache costs nothing. */
const SHARED_CACHE_TTL_MS = 60_000;

/**
 * Sessions: a login is a family of single-use refresh tokens that rotate on every refresh. A reused
 * refresh token revokes its whole family; a credential event revokes every family of its user and,
 * through the token version, every access token already issued, on every instance.
 */
@Injectable()
export class SessionsService {
  private readonly states: ExpiringCache<SessionState>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly accessTokens: AccessTokens,
    private readonly bus: InvalidationBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    const sharedTtl = Math.max(SHARED_CACHE_TTL_MS, config.auth.sessionCacheTtlMs);
    this.states = new ExpiringCache<SessionState>(bus, SESSIONS_TOPIC, () =>
      bus.shared ? sharedTtl : config.auth.sessionCacheTtlMs,
    );
  }

  async start(user: UserEntity, manager: EntityManager = this.dataSource.manager): Promise<TokenPair> {
    const session = manager.create(SessionEntity, {
      id: randomUUID(),
      userId: user.id,
      expiresAt: this.refreshExpiry(),
      revokedAt: null,
    });
    await manager.save(session);
    const refreshToken = await this.issueRefreshToken(manager, session.id);
    return { ...this.accessTokens.issue(user.id, session.id, user.tokenVersion), refreshToken };
  }

  async refresh(refreshToken: string): Promise<TokenPair> {
    const tokenHash = hashSecret(refreshToken);
    const outcome = await this.dataSource.transaction(async (manager) => {
      const token = await manager.findOne(RefreshTokenEntity, {
        where: { tokenHash },
        relations: { session: { user: true } },
      });
      const session = token?.session;
      const user = session?.user;
      if (!token || !session || !user) return { error: 'unknown' as const };
      if (token.usedAt !== null) return { error: 'reused' as const, sessionId: session.id };
      const now = Date.now();
      if (token.expiresAt.getTime() <= now || session.revokedAt !== null || user.blocked) {
        return { error: 'inactive' as const };
      }
      const claimed = await manager.update(
        RefreshTokenEntity,
        { id: token.id, usedAt: IsNull() },
        { usedAt: new Date() },
      );
      if (claimed.affected !== 1) return { error: 'reused' as const, sessionId: session.id };
      await manager.update(SessionEntity, { id: session.id }, { expiresAt: this.refreshExpiry() });
      const next = await this.issueRefreshToken(manager, session.id);
      return { pair: { ...this.accessTokens.issue(user.id, session.id, user.tokenVersion), refreshToken: next } };
    });
    if ('pair' in outcome && outcome.pair) return outcome.pair;
    if (outcome.error === 'reused') await this.revoke(outcome.sessionId);
    throw DomainError.unauthorized('Invalid or expired refresh token', 'INVALID_REFRESH_TOKEN');
  }

  async revoke(sessionId: string): Promise<void> {
    await this.dataSource.manager.update(
      SessionEntity,
      { id: sessionId, revokedAt: IsNull() },
      { revokedAt: new Date() },
    );
    await this.bus.publish(SESSIONS_TOPIC, sessionId);
  }

  /** Revokes the session a refresh token belongs to; unknown tokens change nothing. */
  async revokeByRefreshToken(refreshToken: string, userId?: number): Promise<void> {
    const token = await this.dataSource.manager.findOne(RefreshTokenEntity, {
      where: { tokenHash: hashSecret(refreshToken) },
      relations: { session: true },
    });
    if (token?.session && (userId === undefined || token.session.userId === userId)) await this.revoke(token.sessionId);
  }

  /**
   * A credential event (password change or reset, block, delete, "log out everywhere"): every
   * session of the user ends, and the raised token version voids every access token issued before.
   */
  async revokeAllOf(userId: number, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.increment(UserEntity, { id: userId }, 'tokenVersion', 1);
    await manager.update(SessionEntity, { userId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  /** Tells every instance to forget what it cached of sessions; call after `revokeAllOf` commits. */
  async announceRevocations(): Promise<void> {
    await this.bus.publish(SESSIONS_TOPIC, ALL);
  }

  /** True when an access token's session is alive and its user's credentials unchanged since. */
  async isCurrent(claims: AccessTokenClaims): Promise<boolean> {
    const state = await this.states.getOrLoad(claims.sid, () => this.loadState(claims.sid));
    return (
      state.active &&
      state.userId === Number(claims.sub) &&
      state.tokenVersion === claims.tv &&
      state.expiresAt > Date.now()
    );
  }

  private async loadState(sessionId: string): Promise<SessionState> {
    const session = await this.dataSource.manager.findOne(SessionEntity, {
      where: { id: sessionId },
      relations: { user: true },
    });
    if (!session?.user) return { userId: null, tokenVersion: -1, active: false, expiresAt: 0 };
    return {
      userId: session.user.id,
      tokenVersion: session.user.tokenVersion,
      active: session.revokedAt === null && !session.user.blocked,
      expiresAt: session.expiresAt.getTime(),
    };
  }

  private async issueRefreshToken(manager: EntityManager, sessionId: string): Promise<string> {
    const refreshToken = generateSecret();
    await manager.insert(RefreshTokenEntity, {
      sessionId,
      tokenHash: hashSecret(refreshToken),
      expiresAt: this.refreshExpiry(),
      usedAt: null,
    });
    return refreshToken;
  }

  private refreshExpiry(): Date {
    return new Date(Date.now() + this.config.auth.refreshTtlSeconds * 1000);
  }
}
