import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '@cms/core';

/** The archives the CMS writes into BACKUP_DIR: `cms-backup[-scheduled]-<time>.tar.gz[.enc]`. */
export const BACKUP_NAME = /^cms-backup(-scheduled)?-[0-9TZ-]+\.tar\.gz(\.enc)?$/;

export interface BackupFile {
  readonly name: string;
  readonly size: number;
  readonly createdAt: string;
  readonly encrypted: boolean;
  readonly scheduled: boolean;
}

export function backupFileName(options: { readonly encrypt?: boolean; readonly scheduled?: boolean } = {}): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return `cms-backup${options.scheduled ? '-scheduled' : ''}-${stamp}.tar.gz${options.encrypt ? '.enc' : ''}`;
}

/** What a listing says of an archive; its name tells whether it is encrypted or scheduled. */
export function backupFile(name: string, size: number, createdAt: Date): BackupFile {
  return {
    name,
    size,
    createdAt: createdAt.toISOString(),
    encrypted: name.endsWith('.enc'),
    scheduled: name.startsWith('cms-backup-scheduled-'),
  };
}

/** The archives of a folder, newest first. */
export function backupFiles(dir: string): BackupFile[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((name) => BACKUP_NAME.test(name))
    .map((name) => {
      const stats = statSync(join(dir, name));
      return backupFile(name, stats.size, stats.mtime);
    })
    .sort((a, b) => (a.name < b.name ? 1 : -1));
}

/** The path of an archive named by a request: only names the CMS writes, never a path. */
export function backupPath(dir: string, name: string): string {
  if (!BACKUP_NAME.test(name) || !backupFiles(dir).some((file) => file.name === name))
    throw DomainError.notFound(`No backup ${name}`);
  return join(dir, name);
}
