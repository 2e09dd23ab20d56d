import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { instrumentQueries } from './query-timing';
import { ReplicaReads } from './replica-reads';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config';
import { buildDataSourceOptions, type MigrationList } from './data-source-options';
import { isTransientDatabaseError } from './database-errors';
import { withDetectedServerFlavor } from './detect-server-flavor';
import { runMigrations } from './run-migrations';

export interface DatabaseModuleOptions {
  /** The system-table migrations (from `migrations/`). */
  readonly migrations: MigrationList;
  /** Run pending migrations while connecting, before any module reads a system table. */
  readonly migrateOnStart: boolean;
}

const CONNECT_ATTEMPTS = 5;
const CONNECT_RETRY_DELAY_MS = 2000;

/** What ran while connecting: the names of the migrations applied at start. */
export class MigrationReport {
  applied: string[] = [];
}

/**
 * The one DataSource of the process, for MySQL/MariaDB or SQLite. Entities come from the libs'
 * `TypeOrmModule.forFeature` registrations, so this module knows no domain.
 */
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseModuleOptions): DynamicModule {
    const report = new MigrationReport();
    return {
      module: DatabaseModule,
      global: true,
      providers: [{ provide: MigrationReport, useValue: report }, ReplicaReads],
      exports: [MigrationReport, ReplicaReads],
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({
            ...buildDataSourceOptions(
              config.database,
              { entities: [], migrations: options.migrations },
              config.replicas.endpoints,
            ),
            autoLoadEntities: true,
            retryAttempts: CONNECT_ATTEMPTS,
            retryDelay: CONNECT_RETRY_DELAY_MS,
            toRetry: isTransientDatabaseError,
          }),
          dataSourceFactory: async (dataSourceOptions) => {
            const dataSource = new DataSource(
              await withDetectedServerFlavor(prepare(dataSourceOptions as DataSourceOptions)),
            );
            try {
              await dataSource.initialize();
              instrumentQueries(dataSource);
              if (options.migrateOnStart) report.applied = await runMigrations(dataSource);
              return dataSource;
            } catch (error) {
              if (dataSource.isInitialized) await dataSource.destroy();
              throw error;
            }
          },
        }),
      ],
    };
  }
}

/** Creates the folder of a SQLite file, so the zero-setup default works on a fresh checkout. */
function prepare(options: DataSourceOptions): DataSourceOptions {
  if (options.type === 'better-sqlite3' && options.database !== ':memory:') {
    mkdirSync(dirname(resolve(options.database)), { recursive: true });
  }
  return options;
}
