import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@cms/core';
import { JobsModule } from '@cms/jobs';
import { BACKUP_STORE, backupStore } from './backup/backup-store';
import { BackupJobs } from './backup/backup-jobs';
import { TransferModule } from './transfer.module';

/**
 * Backups in the background and on a schedule: for the API's instances (the CLI writes its backups
 * in the foreground, and runs no jobs).
 */
@Module({
  imports: [TransferModule, JobsModule],
  providers: [
    BackupJobs,
    { provide: BACKUP_STORE, inject: [APP_CONFIG], useFactory: (config: AppConfig) => backupStore(config) },
  ],
  exports: [BackupJobs, BACKUP_STORE, TransferModule, JobsModule],
})
export class BackupJobsModule {}
