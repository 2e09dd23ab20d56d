/** The archive format this version writes, and the newest it reads. */
export const BACKUP_FORMAT_VERSION = 1;

/** The first member: what the archive holds the schema of, readable before anything else. */
export const SCHEMA_MEMBER = 'schema.json';
/** The last member: counts and checksums of every other member. */
export const MANIFEST_MEMBER = 'manifest.json';
export const TABLE_PREFIX = 'tables/';
export const FILE_PREFIX = 'files/';

export interface BackupSchema {
  readonly formatVersion: number;
  readonly cmsVersion: string;
  readonly createdAt: string;
  /** The database the backup was made on (restores go to either). */
  readonly dialect: 'mysql' | 'sqlite';
  /** Every content type and component definition in force, as given. */
  readonly definitions: readonly unknown[];
}

export interface BackupManifest {
  readonly formatVersion: number;
  readonly cmsVersion: string;
  readonly createdAt: string;
  /** Tables in the order they were written, with their row counts. */
  readonly tables: readonly { readonly name: string; readonly rows: number }[];
  readonly files: number;
  /** SHA-256 (hex) and size of every member but the manifest. */
  readonly members: Readonly<Record<string, { readonly sha256: string; readonly size: number }>>;
}
