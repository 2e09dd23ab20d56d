import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, DomainError, type AppConfig } from '@cms/core';
import { parseDefinitions } from '@cms/schema';
import { extract as tarExtract } from 'tar-stream';
import { archiveBytes } from './archive-cipher';
import {
  BACKUP_FORMAT_VERSION,
  MANIFEST_MEMBER,
  SCHEMA_MEMBER,
  TABLE_PREFIX,
  type BackupManifest,
  type BackupSchema,
} from './backup-manifest';

export interface ArchiveMember {
  readonly name: string;
  /** The member's bytes: read it whole (or resume it) before asking for the next. */
  readonly body: Readable;
}

export interface VerifiedBackup {
  readonly schema: BackupSchema;
  readonly manifest: BackupManifest;
}

/**
 * Reads archives: their members in order, and `verify`, which reads every byte once and checks
 * what the manifest says of each member (SHA-256, size, rows), that the archive's format is one this
 * version reads, and that its definitions parse. A truncated, tampered or foreign archive is a 400
 * naming the member where it went wrong.
 */
@Injectable()
export class BackupReader {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async *members(file: string): AsyncGenerator<ArchiveMember> {
    const bytes = await archiveBytes(file, this.config.backup.key);
    const gunzip = createGunzip();
    const extract = tarExtract();
    for (const stream of [bytes, gunzip]) stream.on('error', (error) => extract.destroy(error));
    bytes.pipe(gunzip).pipe(extract);
    for await (const entry of extract) yield { name: entry.header.name, body: entry as unknown as Readable };
  }

  async verify(file: string): Promise<VerifiedBackup> {
    let current = 'its start';
    let schema: BackupSchema | undefined;
    let manifest: BackupManifest | undefined;
    const seen: Record<string, { sha256: string; size: number; lines: number }> = {};
    try {
      for await (const { name, body } of this.members(file)) {
        current = name;
        if (schema === undefined && name !== SCHEMA_MEMBER)
          throw new Error(`the first member is ${name}, not ${SCHEMA_MEMBER}`);
        if (manifest !== undefined) throw new Error(`${name} comes after the manifest`);
        const { text, ...digest } = await read(body, name === SCHEMA_MEMBER || name === MANIFEST_MEMBER);
        if (name === MANIFEST_MEMBER) manifest = JSON.parse(text!) as BackupManifest;
        else seen[name] = digest;
        if (name === SCHEMA_MEMBER) schema = readableSchema(JSON.parse(text!) as BackupSchema);
      }
    } catch (error) {
      if (error instanceof DomainError) throw error;
      throw DomainError.validation(
        'BACKUP_DAMAGED',
        `The archive is damaged at ${current}: ${(error as Error).message}`,
      );
    }
    if (!schema || !manifest)
      throw DomainError.validation(
        'BACKUP_DAMAGED',
        `The archive is damaged at ${current}: it ends before its manifest`,
      );
    for (const [name, expected] of Object.entries(manifest.members)) {
      const found = seen[name];
      if (!found) throw damaged(`${name} is missing`);
      if (found.sha256 !== expected.sha256 || found.size !== expected.size)
        throw damaged(`${name} does not match its checksum`);
    }
    const extra = Object.keys(seen).find((name) => !Object.hasOwn(manifest!.members, name));
    if (extra) throw damaged(`${extra} is not in the manifest`);
    for (const table of manifest.tables) {
      const lines = seen[`${TABLE_PREFIX}${table.name}.ndjson`]?.lines;
      if (lines !== table.rows)
        throw damaged(`${TABLE_PREFIX}${table.name}.ndjson holds ${lines} rows, not ${table.rows}`);
    }
    return { schema, manifest };
  }
}

/** A member read through: its SHA-256, size and lines, and its text when it is small and wanted. */
async function read(body: Readable, keepText: boolean) {
  const hash = createHash('sha256');
  const chunks: Buffer[] = [];
  let size = 0;
  let lines = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
    for (const byte of chunk) if (byte === 10) lines += 1;
    if (keepText) chunks.push(chunk);
  }
  return {
    sha256: hash.digest('hex'),
    size,
    lines,
    text: keepText ? Buffer.concat(chunks).toString('utf8') : undefined,
  };
}

function readableSchema(schema: BackupSchema): BackupSchema {
  if (typeof schema.formatVersion !== 'number' || schema.formatVersion > BACKUP_FORMAT_VERSION)
    throw DomainError.validation(
      'BACKUP_TOO_NEW',
      `The archive is format version ${String(schema.formatVersion)}; this CMS reads versions up to ${BACKUP_FORMAT_VERSION}`,
    );
  parseDefinitions(schema.definitions, [], { allowSystem: true });
  return schema;
}

function damaged(what: string): DomainError {
  return DomainError.validation('BACKUP_DAMAGED', `The archive is damaged: ${what}`);
}
