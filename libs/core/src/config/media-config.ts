import { join } from 'node:path';
import type { MediaConfig, StorageConfig } from './app-config';
import { parseUrl } from './auth-config';
import { oneOf, parseInteger, read, type Env } from './env-reader';

export const DEFAULT_UPLOAD_MAX_BYTES = 52_428_800;
const DEFAULT_ALLOWED_TYPES = [
  'image/*',
  'video/*',
  'audio/*',
  'application/pdf',
  'text/plain',
  'text/csv',
  'text/markdown',
  'application/json',
  'application/zip',
  'application/gzip',
  'application/vnd.openxmlformats-officedocument.*',
  'application/vnd.oasis.opendocument.*',
].join(',');
const MIME_PATTERN = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/([a-z0-9][a-z0-9!#$&^_.+-]*\*?|\*)$/;

export function loadMediaConfig(env: Env, dataDir: string): MediaConfig {
  return {
    storage: readStorage(env, dataDir),
    maxBytes: read(env, 'UPLOAD_MAX_BYTES', String(DEFAULT_UPLOAD_MAX_BYTES), (v) =>
      parseInteger(v, 1, Number.MAX_SAFE_INTEGER),
    ),
    maxFiles: read(env, 'UPLOAD_MAX_FILES', '20', (v) => parseInteger(v, 1, 1000)),
    allowedTypes: read(env, 'UPLOAD_ALLOWED_TYPES', DEFAULT_ALLOWED_TYPES, parseMimePatterns),
    publicUrl: read(env, 'UPLOAD_PUBLIC_URL', '', (v) =>
      v === '' ? undefined : parseUrl(v, ['http:', 'https:']).replace(/\/+$/, ''),
    ),
  };
}

function readStorage(env: Env, dataDir: string): StorageConfig {
  const driver = read(env, 'UPLOAD_DRIVER', 'local', (v) => oneOf(v, ['local', 's3'] as const));
  if (driver === 'local') {
    return { driver, directory: read(env, 'UPLOAD_DIR', join(dataDir, 'uploads'), (v) => v) };
  }
  const endpoint = read(env, 'S3_ENDPOINT', '', (v) => (v === '' ? undefined : parseUrl(v, ['http:', 'https:'])));
  return {
    driver,
    bucket: read(env, 'S3_BUCKET', '', (v) => {
      if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(v)) throw new Error('must name a bucket when UPLOAD_DRIVER=s3');
      return v;
    }),
    region: read(env, 'S3_REGION', 'us-east-1', (v) => v),
    endpoint,
    accessKeyId: read(env, 'S3_ACCESS_KEY_ID', '', (v) => (v === '' ? undefined : v)),
    secretAccessKey: read(env, 'S3_SECRET_ACCESS_KEY', '', (v) => (v === '' ? undefined : v)),
    forcePathStyle: read(
      env,
      'S3_FORCE_PATH_STYLE',
      endpoint ? 'true' : 'false',
      (v) => oneOf(v, ['true', 'false'] as const) === 'true',
    ),
  };
}

function parseMimePatterns(value: string): string[] {
  const patterns = value
    .split(',')
    .map((pattern) => pattern.trim().toLowerCase())
    .filter(Boolean);
  const bad = patterns.find((pattern) => !MIME_PATTERN.test(pattern));
  if (bad !== undefined) throw new Error(`expected MIME types such as image/png or image/*, got "${bad}"`);
  return patterns;
}
