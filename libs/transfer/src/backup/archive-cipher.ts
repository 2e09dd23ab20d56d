import { createCipheriv, createDecipheriv, randomBytes, type CipherGCM, type DecipherGCM } from 'node:crypto';
import { open } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { DomainError } from '@cms/core';

/** An encrypted archive: this header, a 12-byte IV, the AES-256-GCM ciphertext, its 16-byte tag. */
const MAGIC = Buffer.from('CMS-BACKUP-AES-256-GCM\n');
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The key an archive is written with: BACKUP_KEY when asked to encrypt (refused without one). */
export function writingKey(configured: Buffer | undefined, encrypt: boolean | undefined): Buffer | undefined {
  if (!encrypt) return undefined;
  if (!configured)
    throw DomainError.validation('BACKUP_KEY_REQUIRED', 'Set BACKUP_KEY (32 bytes) to write an encrypted backup');
  return configured;
}

/** The header and cipher of a new encrypted archive; its tag is appended once the cipher ends. */
export function encryption(key: Buffer): { readonly header: Buffer; readonly cipher: CipherGCM } {
  const iv = randomBytes(IV_BYTES);
  return { header: Buffer.concat([MAGIC, iv]), cipher: createCipheriv('aes-256-gcm', key, iv) };
}

/**
 * The archive's gzipped bytes: the file itself, or, encrypted, its plaintext (the tag is checked
 * when the stream ends: a wrong key or a tampered byte fails it). An encrypted archive without a
 * key is refused.
 */
export async function archiveBytes(file: string, key: Buffer | undefined): Promise<Readable> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(MAGIC.length + IV_BYTES);
    await handle.read(head, 0, head.length, 0);
    if (!head.subarray(0, MAGIC.length).equals(MAGIC)) return createReadStream(file);
    if (!key)
      throw DomainError.validation('BACKUP_KEY_REQUIRED', 'The archive is encrypted: set BACKUP_KEY to read it');
    if (size < head.length + TAG_BYTES) throw DomainError.validation('BACKUP_TRUNCATED', 'The archive is truncated');
    const tag = Buffer.alloc(TAG_BYTES);
    await handle.read(tag, 0, TAG_BYTES, size - TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', key, head.subarray(MAGIC.length)) as DecipherGCM;
    decipher.setAuthTag(tag);
    return createReadStream(file, { start: head.length, end: size - TAG_BYTES - 1 }).pipe(decipher);
  } finally {
    await handle.close();
  }
}
