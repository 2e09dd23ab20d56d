import type { StorageConfig } from './app-config';
import { parseInteger, read, type Env } from './env-reader';

export interface BackupConfig {
  /** AES-256-GCM key of encrypted backups (`BACKUP_KEY`: 64 hex digits or 44 base64 characters). */
  readonly key: Buffer | undefined;
  /** Where backups are written and listed: `BACKUP_DIR`, by default `<DATA_DIR>/backups`. */
  readonly dir: string;
  /** A cron expression for scheduled backups (`BACKUP_SCHEDULE`, e.g. `0 3 * * *`); none by default. */
  readonly schedule: string | undefined;
  /** How many scheduled backups are kept (`BACKUP_KEEP`). */
  readonly keep: number;
  /**
   * A bucket the admin API's and the schedule's backups go to, under `backups/` (`BACKUP_S3_BUCKET`),
   * reached with the media library's S3 settings; absent: they stay in `dir`.
   */
  readonly s3Bucket: string | undefined;
}

export function loadBackupConfig(env: Env, dataDir: string, storage: StorageConfig): BackupConfig {
  return {
    s3Bucket: read(env, 'BACKUP_S3_BUCKET', '', (value) => {
      if (value === '') return undefined;
      if (storage.driver !== 's3')
        throw new Error('needs UPLOAD_DRIVER=s3: backups use its endpoint, region and credentials');
      if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(value)) throw new Error('must name a bucket');
      return value;
    }),
    key: read(env, 'BACKUP_KEY', '', parseKey),
    dir: read(env, 'BACKUP_DIR', `${dataDir}/backups`, (value) => value),
    schedule: read(env, 'BACKUP_SCHEDULE', '', (value) => (value === '' ? undefined : value)),
    keep: read(env, 'BACKUP_KEEP', '7', (value) => parseInteger(value, 1, 10_000)),
  };
}

function parseKey(value: string): Buffer | undefined {
  if (value === '') return undefined;
  const key = /^[0-9a-f]{64}$/i.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  if (key.length !== 32) throw new Error('must be 32 bytes: 64 hex digits or 44 base64 characters');
  return key;
}
