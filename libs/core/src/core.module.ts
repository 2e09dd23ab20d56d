import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import type { DestinationStream } from 'pino';
import { CacheModule } from './cache';
import { ConfigModule, type AppConfig } from './config';
import { DatabaseModule, type MigrationList } from './database';
import { ErrorEnvelopeFilter } from './errors';
import { HealthModule } from './health';
import { createValidationPipe } from './http';
import { LoggingModule } from './logging';
import { MetricsModule } from './metrics';

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
        CacheModule,
        DatabaseModule.forRoot({ migrations: options.migrations, migrateOnStart: options.migrateOnStart }),
        ...(options.health ? [HealthModule] : []),
        MetricsModule.forRoot(options.health),
      ],
      providers: [
        { provide: APP_FILTER, useClass: ErrorEnvelopeFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}
