import { Module, type DynamicModule } from '@nestjs/common';
import { AccessModule } from '@cms/access';
import { ContentModule } from '@cms/content';
import { CoreModule, SettingsModule, type AppConfig } from '@cms/core';
import { migrations } from '@cms/migrations';
import { SchemaModule } from '@cms/schema';
import { TransferModule } from '@cms/transfer';
import { CliOutput } from './cli-output';
import { AdminCreateCommand } from './commands/admin-create.command';
import { BackupCreateCommand, BackupRestoreCommand, BackupVerifyCommand } from './commands/backup.commands';
import { ContentExportCommand } from './commands/content-export.command';
import { ContentImportCommand } from './commands/content-import.command';
import { ImportStrapiCommand } from './commands/import-strapi.command';
import { MigrateCommand } from './commands/migrate.command';
import { SchemaApplyCommand } from './commands/schema-apply.command';
import { SchemaExportCommand } from './commands/schema-export.command';
import { SeedDemoCommand } from './commands/seed-demo.command';

/** The `cms` command line: the same libs as the API, without HTTP. */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [
        CoreModule.forRoot({ config, migrations, migrateOnStart: true, health: false }),
        SettingsModule,
        AccessModule,
        SchemaModule,
        ContentModule,
        TransferModule,
      ],
      providers: [
        CliOutput,
        MigrateCommand,
        AdminCreateCommand,
        SchemaApplyCommand,
        SchemaExportCommand,
        SeedDemoCommand,
        ContentExportCommand,
        ContentImportCommand,
        BackupCreateCommand,
        BackupVerifyCommand,
        BackupRestoreCommand,
        ImportStrapiCommand,
      ],
    };
  }
}
