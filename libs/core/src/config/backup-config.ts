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
}

export function loadBackupConfig(env: Env, dataDir: string): BackupConfig {
  return {
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
