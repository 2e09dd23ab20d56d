import { randomBytes } from 'node:crypto';
import { basename, extname } from 'node:path';

const MAX_NAME = 255;

/**
 * The name shown for an upload: the client's file name without any path, control characters or
 * null bytes. It is metadata only; nothing is stored under it.
 */
export function displayName(original: string): string {
  const name = basename(original.replace(/\\/g, '/'))
    .normalize('NFC')
    .replace(/\p{Cc}/gu, '')
    .trim();
  return (name === '' || name === '.' || name === '..' ? 'file' : name).slice(0, MAX_NAME);
}

/** `Summer Photo.JPG` → `summer_photo_3f9a0c1b2d`: a readable prefix and ten random hex digits. */
export function generateHash(name: string): string {
  const stem = basename(name, extname(name))
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 50);
  return `${stem || 'file'}_${randomBytes(5).toString('hex')}`;
}
