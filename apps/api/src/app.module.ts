import { Module, type DynamicModule, type ModuleMetadata } from '@nestjs/common';
import { FirstAdminModule, RequestLimitsModule } from '@cms/access';
import { AdminModule } from '@cms/admin';
import { CachedReadsModule, ContentModule } from '@cms/content';
import { CoreModule, SettingsModule, type AppConfig } from '@cms/core';
import { IdentityModule } from '@cms/identity';
import { MediaModule } from '@cms/media';
import { migrations } from '@cms/migrations';
import { SchemaFilesOnStartModule } from '@cms/schema';
import type { DestinationStream } from 'pino';

export interface AppModuleOptions {
  readonly config: AppConfig;
  /** A project's own modules: custom routes, lifecycle hooks, storage drivers. */
  readonly extensions?: ModuleMetadata['imports'];
  readonly logDestination?: DestinationStream;
}

/** Wires the libs together; it holds no behaviour of its own. */
@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot({
          config: options.config,
          migrations,
          migrateOnStart: true,
          logDestination: options.logDestination,
          health: true,
        }),
        SettingsModule,
        FirstAdminModule,
        // Routes register in import order: fixed routes (/api/auth/*, /api/users/me, /api/upload,
        // /api/assets) before the Content API's generic /api/:pluralName.
        IdentityModule,
        RequestLimitsModule,
        AdminModule,
        SchemaFilesOnStartModule,
        MediaModule,
        ContentModule,
        CachedReadsModule,
        ...(options.extensions ?? []),
      ],
    };
  }
}
