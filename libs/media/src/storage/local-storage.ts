import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertKey, type PutOptions, type StorageDriver, type StoredObject } from './storage-driver';

/** Files on local disk under UPLOAD_DIR, served by the API at `/uploads/<key>`. */
export class LocalStorage implements StorageDriver {
  readonly provider = 'local';

  constructor(
    readonly directory: string,
    private readonly publicUrl: string | undefined,
  ) {}

  /** Writes to a temporary name, then renames: a reader never sees half a file. */
  async put(key: string, body: Readable | Buffer, _options: PutOptions): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const partial = `${path}.${randomBytes(6).toString('hex')}.part`;
    try {
      if (Buffer.isBuffer(body)) await writeFile(partial, body);
      else await pipeline(body, createWriteStream(partial));
      await rename(partial, path);
    } catch (error) {
      await unlink(partial).catch(() => undefined);
      throw error;
    }
  }

  async get(key: string): Promise<StoredObject | undefined> {
    const path = this.pathOf(key);
    try {
      const { size } = await stat(path);
      return { body: createReadStream(path), size };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async delete(keys: readonly string[]): Promise<void> {
    await Promise.all(keys.map((key) => rm(this.pathOf(key), { force: true })));
  }

  async deletePrefix(prefix: string): Promise<void> {
    if (!/^cache\/[a-z0-9_-]+\/$/.test(prefix)) throw new Error(`invalid storage prefix ${JSON.stringify(prefix)}`);
    await rm(join(this.directory, prefix), { recursive: true, force: true });
  }

  urlOf(key: string): string {
    return `${this.publicUrl ?? ''}/uploads/${key}`;
  }

  /** The file of a key; the key is checked against what the library generates. */
  pathOf(key: string): string {
    assertKey(key);
    return join(this.directory, key);
  }
}
