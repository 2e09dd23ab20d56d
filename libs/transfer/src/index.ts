export { TransferModule } from './transfer.module';
export { BackupWriter, type BackupProgress } from './backup/backup-writer';
export { BackupReader, type VerifiedBackup } from './backup/backup-reader';
export { BackupRestorer, type RestoreMark } from './backup/backup-restorer';
export { BACKUP_FORMAT_VERSION, type BackupManifest, type BackupSchema } from './backup/backup-manifest';
