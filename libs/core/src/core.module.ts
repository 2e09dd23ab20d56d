import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { DestinationStream } from 'pino';
import { ConfigModule, type AppConfig } from './config';
import { DatabaseModule, type MigrationList } from './database';
import { ErrorEnvelopeFilter } from './errors';
import { HealthModule } from './health';
import { LoggingModule } from './logging';

export interface CoreModuleOptions {
  readonly config: AppConfig;
  readonly migrations: MigrationList;
  readonly migrateOnStart: boolean;
  /** Where logs go; standard output when absent. */
  readonly logDestination?: DestinationStream;
  /** Serve `/health/*` (the API does; the CLI has no HTTP). */
  readonly health: boolean;
}

/** Configuration, logging, the database and the error envelope: what every app of the CMS stands on. */
@Module({})
export class CoreModule {
  static forRoot(options: CoreModuleOptions): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        ConfigModule.forRoot(options.config),
        LoggingModule.forRoot(options.logDestination),
        DatabaseModule.forRoot({ migrations: options.migrations, migrateOnStart: options.migrateOnStart }),
        ...(options.health ? [HealthModule] : []),
      ],
      providers: [{ provide: APP_FILTER, useClass: ErrorEnvelopeFilter }],
    };
  }
}
