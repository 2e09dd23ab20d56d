import type { DataSourceOptions, MixedList, EntitySchema } from 'typeorm';
import type { DatabaseConfig, MysqlEndpoint } from '../config';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for classes
export type EntityList = MixedList<Function | string | EntitySchema>;
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type MigrationList = MixedList<Function | string>;

export interface SystemSchema {
  readonly entities: EntityList;
  readonly migrations: MigrationList;
}

export const MIGRATIONS_TABLE = 'cms_migrations';

/** How long a replica that refused a connection is left out before it is tried again. */
const REPLICA_RETRY_MS = 1_000;

/**
 * TypeORM options for the configured database; the same for the API, the CLI and ormconfig.ts.
 * With `replicas`, TypeORM's replication: everything runs on the primary unless a read is routed
 * to the replicas explicitly (ReplicaReads), so that no write, transaction or session check ever
 * meets a replica.
 */
export function buildDataSourceOptions(
  database: DatabaseConfig,
  schema: SystemSchema,
  replicas: readonly MysqlEndpoint[] = [],
): DataSourceOptions {
  const common = {
    entities: schema.entities,
    migrations: schema.migrations,
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsRun: false,
    synchronize: false,
    logging: false,
  } as const;
  if (database.dialect === 'sqlite') {
    const inMemory = database.path === ':memory:';
    return {
      ...common,
      type: 'better-sqlite3',
      database: database.path,
      enableWAL: !inMemory,
      // Waits for a competing writer (another process on the same file) instead of failing at once.
      timeout: 5000,
    };
  }
  return {
    ...common,
    type: database.flavor ?? 'mysql',
    ...credentials(database),
    ...(replicas.length > 0
      ? {
          replication: {
            master: credentials(database),
            slaves: replicas.map(credentials),
            defaultMode: 'master' as const,
            // A replica that fails is skipped (the next one, or the caller falls back to the primary).
            canRetry: true,
            removeNodeErrorCount: 1,
            restoreNodeTimeout: REPLICA_RETRY_MS,
          },
        }
      : {}),
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    supportBigNumbers: true,
    bigNumberStrings: true,
    connectTimeout: 5000,
    poolSize: 10,
    extra: {
      // Keep-alive and idle eviction let the pool drop sockets a restarted server has closed.
      enableKeepAlive: true,
      keepAliveInitialDelay: 10000,
      maxIdle: 4,
      idleTimeout: 60000,
      // mysql2 captures a stack trace on every query for its errors' sake: a cost on every
      // statement (5% of a create's CPU under load). Errors keep their message and code.
      trace: false,
    },
  };
}

function credentials(endpoint: MysqlEndpoint) {
  return {
    host: endpoint.host,
    port: endpoint.port,
    username: endpoint.user,
    password: endpoint.password,
    database: endpoint.database,
  };
}
