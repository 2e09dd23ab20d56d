export type { Env } from './env-reader';
import { isIP } from 'node:net';
import {
  LOG_LEVELS,
  type AppConfig,
  type CorsOrigins,
  type LogLevel,
  type NodeEnv,
  type TrustProxy,
} from './app-config';
import { loadAuthConfig, loadMailConfig } from './auth-config';
import { loadBackupConfig } from './backup-config';
import { loadMetricsConfig } from './metrics-config';
import { loadHttpServerConfig } from './http-config';
import { loadRateLimitConfig } from './rate-limit-config';
import { loadReplicaConfig } from './replica-config';
import { oneOf, parseInteger, read, type Env } from './env-reader';
import { loadMediaConfig } from './media-config';
import { parseDatabaseUrl } from './parse-database-url';

const NODE_ENVS: readonly NodeEnv[] = ['development', 'production', 'test'];
const DEFAULT_DATABASE_URL = 'sqlite:./data/cms.sqlite';
const PROXY_KEYWORDS = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * Reads and validates the environment once, into a typed configuration.
 * Throws a ConfigError naming the first variable that is wrong.
 */
export function loadConfig(env: Env): AppConfig {
  const nodeEnv = read(env, 'NODE_ENV', 'development', (v) => oneOf(v, NODE_ENVS));
  const production = nodeEnv === 'production';
  const dataDir = read(env, 'DATA_DIR', './data', (v) => v);
  const media = loadMediaConfig(env, dataDir);
  const database = read(env, 'DATABASE_URL', DEFAULT_DATABASE_URL, parseDatabaseUrl);
  return {
    nodeEnv,
    port: read(env, 'PORT', '3000', (v) => parseInteger(v, 1, 65535)),
    database,
    replicas: loadReplicaConfig(env, database),
    corsOrigins: read(env, 'CORS_ORIGINS', production ? '' : '*', parseCorsOrigins),
    trustProxy: read(env, 'TRUST_PROXY', '', parseTrustProxy),
    logLevel: read(env, 'LOG_LEVEL', production ? 'warn' : 'info', (v) => oneOf<LogLevel>(v, LOG_LEVELS)),
    shutdownDrainMs: read(env, 'SHUTDOWN_DRAIN_MS', '0', (v) => parseInteger(v, 0, 600_000)),
    http: loadHttpServerConfig(env),
    dataDir,
    schemaDir: read(env, 'SCHEMA_DIR', '', (v) =>
      v === '' ? { path: './schema', explicit: false } : { path: v, explicit: true },
    ),
    schemaPollMs: read(env, 'SCHEMA_POLL_MS', '2000', (v) => parseInteger(v, 100, 600_000)),
    maxAnswerDocuments: read(env, 'CONTENT_MAX_DOCUMENTS', '2000', (v) => parseInteger(v, 100, 1_000_000)),
    i18nFallbacks: read(env, 'I18N_FALLBACKS', '', parseFallbacks),
    rateLimits: loadRateLimitConfig(env),
    redisUrl: read(env, 'REDIS_URL', '', parseRedisUrl),
    redisPrefix: read(env, 'REDIS_PREFIX', 'cms:', (v) => v),
    auth: loadAuthConfig(env, production),
    mail: loadMailConfig(env),
    media,
    backup: loadBackupConfig(env, dataDir, media.storage),
    metrics: loadMetricsConfig(env),
  };
}

function parseRedisUrl(value: string): string | undefined {
  if (value === '') return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error('expected redis://[user:pass@]host:6379[/db], got a value that is not a URL');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new Error(`expected redis:// or rediss://, got scheme "${url.protocol.slice(0, -1)}"`);
  }
  return value;
}

function parseCorsOrigins(value: string): CorsOrigins {
  if (value === '') return false;
  if (value === '*') return '*';
  const origins = value
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of origins) {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      throw new Error(`"${origin}" is not an origin such as https://example.com`);
    }
    if (url.origin !== origin) {
      throw new Error(`"${origin}" is not an origin: write it as "${url.origin}", without path or slash`);
    }
  }
  return origins;
}

function parseTrustProxy(value: string): TrustProxy {
  if (value === '' || value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of entries) {
    if (!isProxyAddress(entry)) {
      throw new Error(
        `must be a hop count or a comma-separated list of addresses, subnets or loopback/linklocal/uniquelocal, got "${entry}"`,
      );
    }
  }
  return entries;
}

function isProxyAddress(entry: string): boolean {
  if (PROXY_KEYWORDS.has(entry)) return true;
  const [address, prefix, ...extra] = entry.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || extra.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d+$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

/** `fr-CA:fr,de-AT:de`: each locale, then the ones to try after it (the default locale always ends the chain). */
function parseFallbacks(value: string): ReadonlyMap<string, readonly string[]> {
  const chains = new Map<string, readonly string[]>();
  for (const entry of value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [locale, ...fallbacks] = entry.split(':').map((code) => code.trim());
    if (
      !locale ||
      fallbacks.length === 0 ||
      [locale, ...fallbacks].some((code) => !/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(code))
    )
      throw new Error(`expected locale:fallback[:fallback...] entries separated by commas, got "${entry}"`);
    chains.set(locale, fallbacks);
  }
  return chains;
}
