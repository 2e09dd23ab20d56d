import { parseDuration } from './auth-config';
import { read, type Env } from './env-reader';

/** So many requests (`points`) per window of `durationSeconds`. */
export interface RateLimit {
  readonly points: number;
  readonly durationSeconds: number;
}

/** Request budgets of the Content and admin APIs; null: unlimited. */
export interface RateLimitConfig {
  /** Of a role without a budget of its own: per user, and per client address for the public. */
  readonly roleDefault: RateLimit | null;
  /** Per API token. */
  readonly apiTokens: RateLimit | null;
}

/**
 * Off unless configured, as in Strapi and Directus: a frontend's server or a build sends every
 * visitor's reads from one address, and only the operator knows what is too many. Roles with a
 * budget of their own are limited either way.
 */
export function loadRateLimitConfig(env: Env): RateLimitConfig {
  return {
    roleDefault: read(env, 'RATE_LIMIT', 'off', parseRateLimit),
    apiTokens: read(env, 'RATE_LIMIT_API_TOKENS', 'off', parseRateLimit),
  };
}

/** `600/1m`: 600 requests a minute (the window as 30s, 15m, 1h or seconds); `off`: none. */
function parseRateLimit(value: string): RateLimit | null {
  if (value === 'off') return null;
  const [requests, window, ...extra] = value.split('/');
  if (!requests || !/^\d+$/.test(requests) || Number(requests) < 1 || window === undefined || extra.length > 0) {
    throw new Error(`expected requests/window such as 600/1m, or off, got "${value}"`);
  }
  return { points: Number(requests), durationSeconds: parseDuration(window) };
}
