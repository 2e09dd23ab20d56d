import { Module } from '@nestjs/common';
import { ContentModule } from '@cms/content';
import { SettingsModule } from '@cms/core';
import { storageProvider } from '@cms/media';
import { SchemaModule } from '@cms/schema';
import { BackupReader } from './backup/backup-reader';
import { BackupRestorer } from './backup/backup-restorer';
import { BackupWriter } from './backup/backup-writer';
import { StrapiImporter } from './strapi/strapi-import.service';

/** Data in and out of the whole system: backups you can verify and restore, on either database; Strapi's exports. */
@Module({
  imports: [SchemaModule, SettingsModule, ContentModule],
  providers: [storageProvider, BackupWriter, BackupReader, BackupRestorer, StrapiImporter],
  exports: [BackupWriter, BackupReader, BackupRestorer, StrapiImporter],
})
export class TransferModule {}
