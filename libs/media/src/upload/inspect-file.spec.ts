import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DomainError } from '@cms/core';
import sharp from 'sharp';
import { inspectFile, isAllowed } from './inspect-file';
import { displayName, generateHash } from './stored-name';

const folder = mkdtempSync(join(tmpdir(), 'cms-inspect-'));
const DEFAULTS = ['image/*', 'text/plain', 'text/csv', 'application/pdf'];

function fileOf(name: string, bytes: Buffer | string): string {
  const path = join(folder, name);
  writeFileSync(path, bytes);
  return path;
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).status).toBe(415);
  return (error as DomainError).message;
}

describe('inspectFile', () => {
  let png: string;
  beforeAll(async () => {
    png = fileOf(
      'a.png',
      await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } })
        .png()
        .toBuffer(),
    );
  });

  it('trusts the bytes, with the declared extension when it fits them', async () => {
    expect(await inspectFile(png, { name: 'x.PNG', mime: 'image/png' }, DEFAULTS)).toEqual({
      mime: 'image/png',
      ext: '.png',
    });
    expect(await inspectFile(png, { name: 'noext', mime: undefined }, DEFAULTS)).toEqual({
      mime: 'image/png',
      ext: '.png',
    });
    expect(await inspectFile(png, { name: 'x.png', mime: 'application/octet-stream' }, DEFAULTS)).toMatchObject({
      mime: 'image/png',
    });
  });

  it('refuses a name or declared type the bytes contradict', async () => {
    expect(await refusal(inspectFile(png, { name: 'x.jpg', mime: 'image/png' }, DEFAULTS))).toMatch(/\.jpg/);
    expect(await refusal(inspectFile(png, { name: 'x.png', mime: 'image/jpeg' }, DEFAULTS))).toMatch(/image\/jpeg/);
    const text = fileOf('t.png', 'hello');
    expect(await refusal(inspectFile(text, { name: 't.png', mime: 'image/png' }, DEFAULTS))).toMatch(/text\/plain/);
  });

  it('tells text kinds by extension, and SVG or HTML by content, whatever the name', async () => {
    const csv = fileOf('c.csv', 'a,b\n1,2\n');
    expect(await inspectFile(csv, { name: 'c.csv', mime: 'text/csv' }, DEFAULTS)).toEqual({
      mime: 'text/csv',
      ext: '.csv',
    });
    const svg = fileOf('s.txt', '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>');
    expect(await refusal(inspectFile(svg, { name: 's.txt', mime: 'text/plain' }, DEFAULTS))).toMatch(/svg/);
    const html = fileOf('h.txt', '<!DOCTYPE html><p>hi');
    expect(await refusal(inspectFile(html, { name: 'h.txt', mime: 'text/plain' }, DEFAULTS))).toMatch(/text\/html/);
    const binary = fileOf('b.txt', Buffer.from([1, 0, 2, 0]));
    expect(await refusal(inspectFile(binary, { name: 'b.txt', mime: 'text/plain' }, DEFAULTS))).toMatch(/octet-stream/);
  });

  it('matches the allow-list by pattern, but SVG and HTML only by name', () => {
    expect(isAllowed('image/webp', ['image/*'])).toBe(true);
    expect(isAllowed('image/svg+xml', ['image/*'])).toBe(false);
    expect(isAllowed('image/svg+xml', ['image/svg+xml'])).toBe(true);
    expect(isAllowed('text/html', ['text/*'])).toBe(false);
    expect(isAllowed('application/zip', ['image/*', 'text/plain'])).toBe(false);
  });
});

describe('stored names', () => {
  it('keep only a safe display name, and hash names of letters, digits and underscores', () => {
    expect(displayName('../../etc/passwd')).toBe('passwd');
    expect(displayName('C:\\\\Users\\\\me\\\\photo.jpg')).toBe('photo.jpg');
    expect(displayName('a\u0000b\u0007c.png')).toBe('abc.png');
    expect(displayName('..')).toBe('file');
    expect(generateHash('Été à Paris!.JPG')).toMatch(/^ete_a_paris_[0-9a-f]{10}$/);
    expect(generateHash('...')).toMatch(/^file_[0-9a-f]{10}$/);
  });
});
