import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { TestApp } from './test-app';

/** A real image made by sharp: a coloured rectangle in the given format. */
export function image(width: number, height: number, format: 'jpeg' | 'png' | 'webp' = 'jpeg'): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 40 } } })
    .toFormat(format)
    .toBuffer();
}

/** The size and format of image bytes, read back. */
export async function imageInfo(data: Buffer): Promise<{ width: number; height: number; format: string }> {
  const { width, height, format } = await sharp(data).metadata();
  return { width: width!, height: height!, format: format! };
}

/** Every file under a folder, recursively, relative to it. */
export function filesUnder(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(folder.length + 1))
    .sort();
}

export const uploadDirOf = (cms: TestApp) => join(cms.dataDir, 'uploads');
export const tempDirOf = (cms: TestApp) => join(cms.dataDir, 'tmp', 'uploads');

/** Buffers a binary response body (supertest parses only what it knows). */
export const asBuffer = (request: import('supertest').Test) =>
  request.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
