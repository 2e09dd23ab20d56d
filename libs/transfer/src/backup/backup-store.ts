import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
  type ListObjectsV2CommandOutput,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { DomainError, type AppConfig } from '@cms/core';
import { BACKUP_NAME, backupFile, backupFiles, backupPath, type BackupFile } from './backup-files';

/** Where the admin API's and the schedule's archives are kept: BACKUP_DIR, or a bucket. */
export interface BackupStore {
  list(): Promise<BackupFile[]>;
  /** Keeps the archive written at `path` under `name` (moved into the folder, or uploaded). */
  keep(path: string, name: string): Promise<void>;
  /** The archive as a local file (from a bucket, a temporary copy that `done` removes). */
  local(name: string): Promise<{ readonly path: string; readonly done: () => Promise<void> }>;
  read(name: string): Promise<Readable>;
  remove(name: string): Promise<void>;
}

export const BACKUP_STORE = Symbol('BACKUP_STORE');

export function backupStore(config: AppConfig): BackupStore {
  const { storage } = config.media;
  return config.backup.s3Bucket && storage.driver === 's3'
    ? new BucketStore(
        new S3Client({
          region: storage.region,
          forcePathStyle: storage.forcePathStyle,
          ...(storage.endpoint ? { endpoint: storage.endpoint } : {}),
          ...(storage.accessKeyId && storage.secretAccessKey
            ? { credentials: { accessKeyId: storage.accessKeyId, secretAccessKey: storage.secretAccessKey } }
            : {}),
        }),
        config.backup.s3Bucket,
      )
    : new FolderStore(config.backup.dir);
}

class FolderStore implements BackupStore {
  constructor(private readonly dir: string) {}

  async list(): Promise<BackupFile[]> {
    return backupFiles(this.dir);
  }

  async keep(path: string, name: string): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await rename(path, join(this.dir, name));
  }

  async local(name: string) {
    return { path: backupPath(this.dir, name), done: async () => undefined };
  }

  async read(name: string): Promise<Readable> {
    return createReadStream(backupPath(this.dir, name));
  }

  async remove(name: string): Promise<void> {
    await rm(backupPath(this.dir, name), { force: true });
  }
}

const PREFIX = 'backups/';

/** Archives in a bucket under `backups/`, private like any object the CMS does not make public. */
class BucketStore implements BackupStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async list(): Promise<BackupFile[]> {
    const files: BackupFile[] = [];
    let token: string | undefined;
    do {
      const page: ListObjectsV2CommandOutput = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: PREFIX, ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) {
        const name = object.Key!.slice(PREFIX.length);
        if (!BACKUP_NAME.test(name)) continue;
        files.push(backupFile(name, object.Size ?? 0, object.LastModified ?? new Date(0)));
      }
      token = page.NextContinuationToken;
    } while (token);
    return files.sort((a, b) => (a.name < b.name ? 1 : -1));
  }

  async keep(path: string, name: string): Promise<void> {
    await new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: `${PREFIX}${name}`, Body: createReadStream(path) },
      leavePartsOnError: false,
    }).done();
    await rm(path, { force: true });
  }

  async local(name: string) {
    const folder = await mkdtemp(join(tmpdir(), 'cms-backup-s3-'));
    const path = join(folder, name);
    await pipeline(await this.read(name), createWriteStream(path));
    return { path, done: () => rm(folder, { recursive: true, force: true }) };
  }

  async read(name: string): Promise<Readable> {
    await this.known(name);
    const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: `${PREFIX}${name}` }));
    return object.Body as Readable;
  }

  async remove(name: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: `${PREFIX}${name}` }));
  }

  private async known(name: string): Promise<void> {
    if (!BACKUP_NAME.test(name) || !(await this.list()).some((file) => file.name === name))
      throw DomainError.notFound(`No backup ${name}`);
  }
}
