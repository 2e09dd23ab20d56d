import { Module } from '@nestjs/common';
import { AccessModule } from '@cms/access';
import { SchemaModule } from '@cms/schema';
import { BackupJobsModule } from '@cms/transfer';
import { BackupsController } from './backups.controller';
import { ComponentsController } from './components.controller';
import { ContentTypesController } from './content-types.controller';
import { LocalesController } from './locales.controller';

/**
 * The admin HTTP controllers that sit above schema and access: `/admin/content-types`,
 * `/admin/components`, `/admin/locales` and `/admin/backups` (the schema lib knows no HTTP and no permissions; this module puts it behind them).
 */
@Module({
  imports: [SchemaModule, AccessModule, BackupJobsModule],
  controllers: [ContentTypesController, ComponentsController, LocalesController, BackupsController],
})
export class AdminModule {}
