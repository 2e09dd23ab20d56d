import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { appendFile, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, isMysqlFamily, type AppConfig } from '@cms/core';
import { ACTIVE_STORAGE, fileKeys, type StorageDriver } from '@cms/media';
import { SchemaRegistry } from '@cms/schema';
import { pack as tarPack, type Pack } from 'tar-stream';
import type { DataSource } from 'typeorm';
import { encryption, writingKey } from './archive-cipher';
import {
  BACKUP_FORMAT_VERSION,
  FILE_PREFIX,
  MANIFEST_MEMBER,
  SCHEMA_MEMBER,
  TABLE_PREFIX,
  type BackupManifest,
  type BackupSchema,
} from './backup-manifest';
import { backedUpTables, RESTORE_SETTING } from './backup-tables';
import { tableRows } from './table-rows';

export interface BackupProgress {
  (step: string, done: number, total?: number): void;
}

const CMS_VERSION = '0.1.0';

/**
 * Writes one portable archive (a gzipped tar, optionally AES-256-GCM encrypted): `schema.json`
 * first (every definition in force), each table as NDJSON (`tables/<name>.ndjson`, in primary-key
 * order, values both databases take back), each stored file (`files/<key>`), and `manifest.json`
 * last with the row counts and the SHA-256 of every member. Tables go through temporary files
 * (a tar member states its size first), one at a time: memory stays flat whatever the size.
 */
@Injectable()
export class BackupWriter {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: SchemaRegistry,
    @Inject(ACTIVE_STORAGE) private readonly storage: StorageDriver,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(out: string, options: { readonly encrypt?: boolean; readonly progress?: BackupProgress } = {}) {
    const key = writingKey(this.config.backup.key, options.encrypt);
    const dialect = isMysqlFamily(this.dataSource.options) ? 'mysql' : 'sqlite';
    const q = (name: string) => this.dataSource.driver.escape(name);
    const temp = await mkdtemp(join(tmpdir(), 'cms-backup-'));
    const runner = this.dataSource.createQueryRunner();
    const tar = tarPack();
    const file = createWriteStream(out);
    const cipher = key ? encryption(key) : undefined;
    if (cipher) file.write(cipher.header);
    const gzip = createGzip();
    const written = cipher
      ? pipeline(tar as unknown as Readable, gzip, cipher.cipher, file)
      : pipeline(tar as unknown as Readable, gzip, file);
    const members: Record<string, { sha256: string; size: number }> = {};
    const add = async (name: string, size: number, body: Readable) => {
      members[name] = { size, ...(await entry(tar, name, size, body)) };
    };
    try {
      const createdAt = new Date().toISOString();
      const schema: BackupSchema = {
        formatVersion: BACKUP_FORMAT_VERSION,
        cmsVersion: CMS_VERSION,
        createdAt,
        dialect,
        definitions: this.registry.definitions().map((entry) => entry.definition),
      };
      const schemaText = Buffer.from(JSON.stringify(schema));
      await add(SCHEMA_MEMBER, schemaText.length, Readable.from([schemaText]));
      const tables: { name: string; rows: number }[] = [];
      const all = await backedUpTables(runner, this.registry, dialect);
      for (const [index, table] of all.entries()) {
        const path = join(temp, `${table.name}.ndjson`);
        const target = createWriteStream(path);
        let rows = 0;
        for await (const page of tableRows(runner, table.name, table.primaryKey, q))
          for (const row of page) {
            if (table.name === 'cms_settings' && row.name === RESTORE_SETTING) continue;
            rows += 1;
            if (!target.write(`${JSON.stringify(row)}\n`))
              await new Promise<void>((resolve) => target.once('drain', () => resolve()));
          }
        await new Promise<void>((resolve, reject) => {
          target.on('error', reject);
          target.end(() => resolve());
        });
        await add(`${TABLE_PREFIX}${table.name}.ndjson`, (await stat(path)).size, createReadStream(path));
        await rm(path);
        tables.push({ name: table.name, rows });
        options.progress?.('tables', index + 1, all.length);
      }
      const files = await this.addFiles(runner, add, q, options.progress);
      const manifest: BackupManifest = {
        formatVersion: BACKUP_FORMAT_VERSION,
        cmsVersion: CMS_VERSION,
        createdAt,
        tables,
        files,
        members,
      };
      const manifestText = Buffer.from(JSON.stringify(manifest));
      await entry(tar, MANIFEST_MEMBER, manifestText.length, Readable.from([manifestText]));
      tar.finalize();
      await written;
      if (cipher) await appendFile(out, cipher.cipher.getAuthTag());
      return manifest;
    } catch (error) {
      tar.destroy(error as Error);
      await written.catch(() => undefined);
      await rm(out, { force: true });
      throw error;
    } finally {
      await runner.release();
      await rm(temp, { recursive: true, force: true });
    }
  }

  /** The bytes of every file of the media library (originals and variants), as `files/<key>`. */
  private async addFiles(
    runner: ReturnType<DataSource['createQueryRunner']>,
    add: (name: string, size: number, body: Readable) => Promise<void>,
    q: (name: string) => string,
    progress?: BackupProgress,
  ): Promise<number> {
    if (!this.registry.get('file')) return 0;
    let count = 0;
    for await (const page of tableRows(runner, 'cms_files', ['id'], q))
      for (const row of page)
        for (const key of fileKeys({ hash: row.hash, ext: row.ext, formats: row.formats })) {
          const object = await this.storage.get(key);
          // A file whose bytes are gone is backed up as its row only: the restore reports the same.
          if (!object) continue;
          await add(`${FILE_PREFIX}${key}`, object.size, object.body);
          count += 1;
          progress?.('files', count);
        }
    return count;
  }
}

/** One tar member from a stream of known size; resolves with its SHA-256 once written. */
function entry(tar: Pack, name: string, size: number, body: Readable): Promise<{ sha256: string }> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    const sink = tar.entry({ name, size }, (error) =>
      error ? reject(error) : resolve({ sha256: hash.digest('hex') }),
    );
    const tap = new PassThrough();
    tap.on('data', (chunk: Buffer) => hash.update(chunk));
    body.on('error', reject);
    body.pipe(tap).pipe(sink);
  });
}
