import { createReadStream, createWriteStream, readdirSync, readFileSync } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { dirname, join, normalize } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { DomainError } from '@cms/core';
import { extract as tarExtract } from 'tar-stream';

/**
 * A Strapi data-transfer archive (`strapi export --no-encrypt`: a tar, gzipped or not), unpacked
 * into a folder: `metadata.json`, and numbered JSON-lines files under `schemas/`, `entities/`,
 * `links/`, `configuration/`, with the files under `assets/uploads/` and their metadata under
 * `assets/metadata/`.
 */
export async function unpackStrapiArchive(file: string, folder: string): Promise<void> {
  const handle = await open(file, 'r');
  const magic = Buffer.alloc(2);
  await handle.read(magic, 0, 2, 0);
  await handle.close();
  const extract = tarExtract();
  const source: Readable = createReadStream(file);
  const bytes = magic[0] === 0x1f && magic[1] === 0x8b ? source.pipe(createGunzip()) : source;
  bytes.on('error', (error) => extract.destroy(error));
  bytes.pipe(extract);
  try {
    for await (const entry of extract) {
      const name = normalize(entry.header.name).replace(/^(\.\/)+/, '');
      if (entry.header.type !== 'file' || name.startsWith('..') || name.startsWith('/')) {
        entry.resume();
        continue;
      }
      await mkdir(dirname(join(folder, name)), { recursive: true });
      await pipeline(entry as unknown as Readable, createWriteStream(join(folder, name)));
    }
  } catch (error) {
    throw DomainError.validation(
      'INVALID_STRAPI_ARCHIVE',
      `Not a readable Strapi export (an unencrypted tar, gzipped or not): ${(error as Error).message}`,
    );
  }
}

export function strapiMetadata(folder: string): { createdAt?: string; strapi?: { version?: string } } {
  try {
    return JSON.parse(readFileSync(join(folder, 'metadata.json'), 'utf8')) as { strapi?: { version?: string } };
  } catch {
    throw DomainError.validation(
      'INVALID_STRAPI_ARCHIVE',
      'The archive has no readable metadata.json: not a Strapi export',
    );
  }
}

/** Every record of a resource's JSON-lines files (`entities/entities_00001.jsonl`, ...), in order. */
export async function* strapiRecords<T>(folder: string, resource: string): AsyncGenerator<T> {
  let files: string[];
  try {
    files = readdirSync(join(folder, resource))
      .filter((name) => name.endsWith('.jsonl'))
      .sort();
  } catch {
    return;
  }
  for (const file of files)
    for await (const line of createInterface({
      input: createReadStream(join(folder, resource, file)),
      crlfDelay: Infinity,
    }))
      if (line.trim() !== '') yield JSON.parse(line) as T;
}
