import { Module } from '@nestjs/common';
import { SettingsModule } from '@cms/core';
import { storageProvider } from '@cms/media';
import { SchemaModule } from '@cms/schema';
import { BackupReader } from './backup/backup-reader';
import { BackupRestorer } from './backup/backup-restorer';
import { BackupWriter } from './backup/backup-writer';

/** Data in and out of the whole system: backups you can verify and restore, on either database. */
@Module({
  imports: [SchemaModule, SettingsModule],
  providers: [storageProvider, BackupWriter, BackupReader, BackupRestorer],
  exports: [BackupWriter, BackupReader, BackupRestorer],
})
export class TransferModule {}
