import { Module } from '@nestjs/common';
import { JobsModule } from '@cms/jobs';
import { BackupJobs } from './backup/backup-jobs';
import { TransferModule } from './transfer.module';

/**
 * Backups in the background and on a schedule: for the API's instances (the CLI writes its backups
 * in the foreground, and runs no jobs).
 */
@Module({
  imports: [TransferModule, JobsModule],
  providers: [BackupJobs],
  exports: [BackupJobs, TransferModule, JobsModule],
})
export class BackupJobsModule {}
