import type { DatabaseConfig } from './app-config';
import { parseInteger, read, type Env } from './env-reader';
import { parseDatabaseUrl } from './parse-database-url';

export type MysqlEndpoint = Extract<DatabaseConfig, { dialect: 'mysql' }>;

/** Read replicas of a MySQL/MariaDB primary (`DATABASE_REPLICA_URLS`). */
export interface ReplicaConfig {
  readonly endpoints: readonly MysqlEndpoint[];
  /**
   * How far behind a replica may be and still answer reads; also how long after a write to a type
   * that type's reads stay on the primary (so that a caller reads what it wrote).
   */
  readonly maxLagMs: number;
}

export function loadReplicaConfig(env: Env, primary: DatabaseConfig): ReplicaConfig {
  return {
    endpoints: read(env, 'DATABASE_REPLICA_URLS', '', (value) => parseReplicaUrls(value, primary)),
    maxLagMs: read(env, 'DATABASE_REPLICA_MAX_LAG_MS', '2000', (v) => parseInteger(v, 1000, 600_000)),
  };
}

function parseReplicaUrls(value: string, primary: DatabaseConfig): readonly MysqlEndpoint[] {
  const urls = value
    .split(',')
    .map((url) => url.trim())
    .filter(Boolean);
  if (urls.length === 0) return [];
  if (primary.dialect !== 'mysql') throw new Error('read replicas need a MySQL or MariaDB DATABASE_URL');
  return urls.map((url, index) => {
    const replica = parseDatabaseUrl(url);
    if (replica.dialect !== 'mysql') throw new Error(`replica ${index + 1} is not a mysql:// or mariadb:// URL`);
    return replica;
  });
}
