import { createInterface } from 'node:readline';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, isMysqlFamily, SettingsService } from '@cms/core';
import { ACTIVE_STORAGE, fileKeys, type StorageDriver } from '@cms/media';
import { SchemaRegistry } from '@cms/schema';
import type { DataSource, QueryRunner } from 'typeorm';
import { FILE_PREFIX, TABLE_PREFIX, type BackupManifest } from './backup-manifest';
import { BackupReader } from './backup-reader';
import { RESTORE_SETTING } from './backup-tables';
import type { BackupProgress } from './backup-writer';
import { insertRows } from './table-rows';

const BATCH = 500;

/** What a failed restore leaves in the settings, so nothing mistakes the database for a good one. */
export interface RestoreMark {
  readonly state: 'restoring' | 'broken';
  readonly archive: string;
  readonly at: string;
  readonly reason?: string;
}

/**
 * Restores an archive into a database of either kind: verified first (every byte, before anything
 * is touched), refused when the database holds content or users unless forced. The definitions are
 * applied (the tables made), then every row goes in one transaction with foreign-key checks off
 * (rows arrive table by table), the counts are checked against the manifest, and the stored files
 * are put back. The database carries a mark while this runs; a failure rolls the rows back and
 * leaves the mark saying the database is broken, and why.
 */
@Injectable()
export class BackupRestorer {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: SchemaRegistry,
    private readonly reader: BackupReader,
    private readonly settings: SettingsService,
    @Inject(ACTIVE_STORAGE) private readonly storage: StorageDriver,
  ) {}

  async restore(
    file: string,
    options: { readonly force?: boolean; readonly progress?: BackupProgress } = {},
  ): Promise<BackupManifest> {
    const { schema, manifest } = await this.reader.verify(file);
    if (!options.force) await this.assertEmpty();
    const mark = (state: RestoreMark['state'], reason?: string) =>
      this.settings.set(RESTORE_SETTING, {
        state,
        archive: file,
        at: new Date().toISOString(),
        ...(reason ? { reason } : {}),
      } satisfies RestoreMark);
    await mark('restoring');
    try {
      await this.registry.put(schema.definitions, 'upsert', { confirmed: true, system: true, actorId: null });
      await this.restoreRows(file, manifest, options.progress);
    } catch (error) {
      await mark('broken', (error as Error).message);
      throw error;
    }
    await this.settings.set(RESTORE_SETTING, null);
    return manifest;
  }

  /** Whether a restore may go ahead without --force: no documents, no users, no types of anyone's. */
  private async assertEmpty(): Promise<void> {
    const [{ documents }] = await this.dataSource.query('SELECT COUNT(*) AS documents FROM cms_documents');
    const [{ users }] = await this.dataSource.query('SELECT COUNT(*) AS users FROM cms_users');
    const types = this.registry.list().length + this.registry.components().length;
    if (Number(documents) > 0 || Number(users) > 0 || types > 0)
      throw DomainError.conflict(
        'BACKUP_TARGET_NOT_EMPTY',
        'The database holds content, types or users: restore into an empty one, or force it',
        { documents: Number(documents), users: Number(users), types },
      );
  }

  private async restoreRows(file: string, manifest: BackupManifest, progress?: BackupProgress): Promise<void> {
    const mysql = isMysqlFamily(this.dataSource.options);
    const q = (name: string) => this.dataSource.driver.escape(name);
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    // Rows arrive table by table, not in the order their keys need: the checks wait for the end.
    await runner.query(mysql ? 'SET FOREIGN_KEY_CHECKS = 0' : 'PRAGMA foreign_keys = OFF');
    await runner.startTransaction();
    try {
      for (const table of [...manifest.tables].reverse())
        await runner.query(
          `DELETE FROM ${q(table.name)}${table.name === 'cms_settings' ? ` WHERE ${q('name')} <> ?` : ''}`,
          table.name === 'cms_settings' ? [RESTORE_SETTING] : [],
        );
      let mimes: Map<string, string> | undefined;
      let done = 0;
      for await (const { name, body } of this.reader.members(file)) {
        if (name.startsWith(TABLE_PREFIX)) {
          const table = name.slice(TABLE_PREFIX.length, -'.ndjson'.length);
          let batch: Record<string, unknown>[] = [];
          for await (const line of createInterface({ input: body, crlfDelay: Infinity })) {
            batch.push(JSON.parse(line) as Record<string, unknown>);
            if (batch.length === BATCH) {
              await insertRows(runner, table, batch, q);
              batch = [];
            }
          }
          await insertRows(runner, table, batch, q);
          progress?.('tables', (done += 1), manifest.tables.length);
        } else if (name.startsWith(FILE_PREFIX)) {
          mimes ??= await this.mimes(runner);
          const key = name.slice(FILE_PREFIX.length);
          await this.storage.put(key, body, { mime: mimes.get(key) ?? 'application/octet-stream' });
        } else body.resume();
      }
      await this.assertCounts(runner, manifest, q);
      await runner.commitTransaction();
    } catch (error) {
      await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.query(mysql ? 'SET FOREIGN_KEY_CHECKS = 1' : 'PRAGMA foreign_keys = ON');
      await runner.release();
    }
  }

  /** The MIME type of every stored object, from the restored file rows. */
  private async mimes(runner: QueryRunner): Promise<Map<string, string>> {
    const mimes = new Map<string, string>();
    if (!this.registry.get('file')) return mimes;
    const rows: Record<string, unknown>[] = await runner.query('SELECT hash, ext, mime, formats FROM cms_files');
    for (const row of rows) {
      const [original, ...variants] = fileKeys({ hash: row.hash, ext: row.ext, formats: row.formats });
      mimes.set(original!, String(row.mime));
      for (const key of variants) mimes.set(key, key.endsWith('.webp') ? 'image/webp' : String(row.mime));
    }
    return mimes;
  }

  private async assertCounts(runner: QueryRunner, manifest: BackupManifest, q: (name: string) => string) {
    for (const table of manifest.tables) {
      const [{ total }] = await runner.query(`SELECT COUNT(*) AS total FROM ${q(table.name)}`);
      const expected = table.rows + (table.name === 'cms_settings' ? 1 : 0);
      if (Number(total) !== expected)
        throw new Error(`${table.name} holds ${Number(total)} rows after the restore, not ${expected}`);
    }
  }
}
