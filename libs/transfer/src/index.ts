export { TransferModule } from './transfer.module';
export { BackupJobsModule } from './backup-jobs.module';
export { BackupWriter, type BackupProgress } from './backup/backup-writer';
export { BackupReader, type VerifiedBackup } from './backup/backup-reader';
export { BackupRestorer, type RestoreMark } from './backup/backup-restorer';
export { BACKUP_JOB, BackupJobs, SCHEDULED_BACKUP_JOB } from './backup/backup-jobs';
export { backupFileName, backupFiles, backupPath, type BackupFile } from './backup/backup-files';
export { BACKUP_FORMAT_VERSION, type BackupManifest, type BackupSchema } from './backup/backup-manifest';
export { StrapiImporter, type StrapiImportReport } from './strapi/strapi-import.service';
