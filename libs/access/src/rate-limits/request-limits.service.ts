import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, DomainError, RateLimiters, type AppConfig, type RateLimit } from '@cms/core';
import type { Actor } from '@cms/identity';
import type { Request, Response } from 'express';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { PolicyService } from '../policy/policy.service';

/** Whose budget a request spends: the policy it is counted under, its key and its limit. */
/** Where a request's verdict is kept, so that it is counted once whichever path answers it. */
const VERDICT = Symbol('rate-limit verdict');

interface Budget {
  readonly policy: 'api-token' | 'user' | 'address';
  readonly key: string;
  readonly limit: RateLimit;
}

/** What counting a request decided, and what its headers say of the budget left. */
export interface LimitVerdict {
  readonly allowed: boolean;
  readonly headers: Readonly<Record<string, string>>;
  readonly retryAfterSeconds: number;
}

/**
 * Request budgets of the Content and admin APIs: per API token, per user, and per client address
 * (as TRUST_PROXY defines it) for the public, each as its roles set it or else as configured.
 * Counters are shared across instances through Redis when it is set (RateLimiters).
 */
@Injectable()
export class RequestLimits {
  private readonly limiters = new Map<string, RateLimiterAbstract>();

  constructor(
    private readonly policy: PolicyService,
    private readonly rateLimiters: RateLimiters,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Counts the request once (a cached read before routing, any other after authentication), sets
   * its RateLimit headers, and refuses it with a 429 when its budget is spent.
   */
  async admit(actor: Actor, request: Request, response: Response): Promise<void> {
    const locals = response.locals as { [VERDICT]?: LimitVerdict | null };
    let verdict = locals[VERDICT];
    if (verdict === undefined) {
      verdict = (await this.take(actor, request.ip ?? request.socket.remoteAddress ?? 'unknown')) ?? null;
      locals[VERDICT] = verdict;
      if (verdict) for (const [name, value] of Object.entries(verdict.headers)) response.setHeader(name, value);
    }
    if (verdict && !verdict.allowed) throw tooManyRequests(verdict);
  }

  /** Counts one request of `actor` from `address`; undefined when nothing limits it. */
  async take(actor: Actor, address: string): Promise<LimitVerdict | undefined> {
    const budget = await this.budgetOf(actor, address);
    if (!budget) return undefined;
    try {
      return verdict(budget, await this.limiter(budget.limit).consume(budget.key), true);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return verdict(budget, rejection, false);
      throw rejection;
    }
  }

  private async budgetOf(actor: Actor, address: string): Promise<Budget | undefined> {
    if (actor.kind === 'api-token') {
      const limit = this.config.rateLimits.apiTokens;
      return limit ? { policy: 'api-token', key: `token:${actor.tokenId}`, limit } : undefined;
    }
    const limit = mostGenerous(await this.policy.rateLimitsOf(actor)) ?? this.config.rateLimits.roleDefault;
    if (!limit) return undefined;
    return actor.kind === 'user'
      ? { policy: 'user', key: `user:${actor.userId}`, limit }
      : { policy: 'address', key: `address:${address}`, limit };
  }

  private limiter(limit: RateLimit): RateLimiterAbstract {
    const name = `requests:${limit.points}/${limit.durationSeconds}`;
    let limiter = this.limiters.get(name);
    if (!limiter) {
      limiter = this.rateLimiters.create(name, limit);
      this.limiters.set(name, limiter);
    }
    return limiter;
  }
}

/** The budget that allows the most requests per second. */
function mostGenerous(limits: readonly RateLimit[]): RateLimit | undefined {
  return [...limits].sort((a, b) => b.points / b.durationSeconds - a.points / a.durationSeconds)[0];
}

/** The IETF RateLimit and RateLimit-Policy fields (draft-ietf-httpapi-ratelimit-headers). */
function verdict(budget: Budget, state: RateLimiterRes, allowed: boolean): LimitVerdict {
  const resetSeconds = Math.max(1, Math.ceil(state.msBeforeNext / 1000));
  return {
    allowed,
    retryAfterSeconds: resetSeconds,
    headers: {
      'RateLimit-Policy': `"${budget.policy}";q=${budget.limit.points};w=${budget.limit.durationSeconds}`,
      RateLimit: `"${budget.policy}";r=${Math.max(0, state.remainingPoints)};t=${resetSeconds}`,
    },
  };
}

function tooManyRequests(verdict: LimitVerdict): DomainError {
  return new DomainError(
    'RateLimitError',
    'TOO_MANY_REQUESTS',
    'Too many requests: try again later',
    {},
    verdict.retryAfterSeconds,
  );
}
