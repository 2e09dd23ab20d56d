import { request as httpRequest } from 'node:http';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Global, Module } from '@nestjs/common';
import { LocalStorage, STORAGE_DRIVER, type PutOptions } from '@cms/media';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { loginAsAdmin, type Session } from './support/auth';
import { asBuffer, filesUnder, image, imageInfo, tempDirOf, uploadDirOf } from './support/media';
import { countRows } from './support/query-database';
import { startTestApp, type TestApp } from './support/test-app';

/** Local storage that fails on its n-th write, like a disk filling up mid-upload. */
class FailingStorage extends LocalStorage {
  writes = 0;
  failAt = Infinity;

  override async put(key: string, body: Readable | Buffer, options: PutOptions): Promise<void> {
    this.writes += 1;
    if (this.writes === this.failAt) throw new Error('ENOSPC: no space left on device');
    return super.put(key, body, options);
  }
}

describe('media delivery: transforms and served files', () => {
  let cms: TestApp;
  let admin: Session;
  let photo: { id: number; hash: string };

  beforeAll(async () => {
    cms = await startTestApp({ env: { UPLOAD_ALLOWED_TYPES: 'image/*,image/svg+xml,text/plain' } });
    admin = await loginAsAdmin(cms);
    [photo] = (
      await cms
        .http()
        .post('/api/upload')
        .auth(admin.accessToken, { type: 'bearer' })
        .attach('files', await image(1600, 900), 'wide.jpg')
        .expect(201)
    ).body;
  });

  afterAll(() => cms.close());

  const asset = (query: string, accept?: string) => {
    const request = cms.http().get(`/api/assets/${photo.id}${query}`);
    return asBuffer(accept ? request.set('Accept', accept) : request);
  };

  it('resizes within the bounded sizes, reading the result back', async () => {
    const inside = await asset('?width=320').expect(200).expect('Content-Type', 'image/jpeg');
    expect(await imageInfo(inside.body as Buffer)).toEqual({ width: 320, height: 180, format: 'jpeg' });
    const cover = await asset('?width=256&height=256&fit=cover&format=png').expect(200);
    expect(await imageInfo(cover.body as Buffer)).toEqual({ width: 256, height: 256, format: 'png' });
    // Never enlarged past the original.
    const big = await asset('?width=3840').expect(200);
    expect(await imageInfo(big.body as Buffer)).toMatchObject({ width: 1600, height: 900 });
    expect(filesUnder(uploadDirOf(cms))).toEqual(
      expect.arrayContaining([
        `cache/${photo.hash}/320xh_inside_q80.jpeg`,
        `cache/${photo.hash}/256x256_cover_q80.png`,
      ]),
    );
  });

  it('picks AVIF or WebP from Accept for format=auto, with ETag, Vary and 304', async () => {
    const avif = await asset('?width=500&format=auto', 'image/avif,image/webp,*/*').expect(200);
    expect(avif.headers['content-type']).toBe('image/avif');
    expect(avif.headers.vary).toMatch(/Accept/);
    expect((await imageInfo(avif.body as Buffer)).format).toBe('heif');
    const webp = await asset('?width=500&format=auto', 'image/webp,*/*').expect(200);
    expect(await imageInfo(webp.body as Buffer)).toMatchObject({ width: 500, format: 'webp' });
    const plain = await asset('?width=500&format=auto', 'image/*').expect(200);
    expect(plain.headers['content-type']).toBe('image/jpeg');
    expect(webp.headers.etag).not.toBe(avif.headers.etag);
    expect(webp.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    await cms
      .http()
      .get(`/api/assets/${photo.id}?width=500&format=auto`)
      .set('Accept', 'image/webp')
      .set('If-None-Match', webp.headers.etag!)
      .expect(304);
  });

  it('answers parameters outside their sets with 400, non-images with 415, unknown files with 404', async () => {
    for (const query of ['?width=321', '?height=0', '?quality=81', '?fit=stretch', '?format=gif', '?blur=5']) {
      const { body } = await asset(query).expect(400);
      expect(body.toString()).toContain('ValidationError');
    }
    const [text] = (
      await cms
        .http()
        .post('/api/upload')
        .auth(admin.accessToken, { type: 'bearer' })
        .attach('files', Buffer.from('hello'), 'hello.txt')
        .expect(201)
    ).body;
    await cms.http().get(`/api/assets/${text.id}?width=320`).expect(415);
    await cms.http().get('/api/assets/999999?width=320').expect(404);
  });

  it('serves an allowed SVG, and other non-media types, as downloads that cannot run script', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>';
    const [file] = (
      await cms
        .http()
        .post('/api/upload')
        .auth(admin.accessToken, { type: 'bearer' })
        .attach('files', Buffer.from(svg), { filename: 'logo.svg', contentType: 'image/svg+xml' })
        .expect(201)
    ).body;
    expect(file.mime).toBe('image/svg+xml');
    const served = await cms.http().get(file.url).expect(200);
    expect(served.headers['content-disposition']).toBe('attachment');
    expect(served.headers['content-security-policy']).toMatch(/sandbox/);
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    const image = await cms.http().get(`/uploads/${photo.hash}.jpg`).expect(200);
    expect(image.headers['content-disposition']).toBeUndefined();
  });
});

describe('media: a failed upload leaves neither a file nor a row', () => {
  let cms: TestApp;
  let admin: Session;
  const storage = new FailingStorage(mkdtempSync(join(tmpdir(), 'cms-failing-storage-')), undefined);

  @Global()
  @Module({ providers: [{ provide: STORAGE_DRIVER, useValue: storage }], exports: [STORAGE_DRIVER] })
  class FailingStorageModule {}

  beforeAll(async () => {
    cms = await startTestApp({ extensions: [FailingStorageModule] });
    admin = await loginAsAdmin(cms);
  });

  afterAll(() => cms.close());

  const fileRows = async () => (await countRows(cms.database.url, ['cms_files'])).cms_files;
  let images: Buffer[];
  beforeAll(async () => {
    images = [await image(900, 600), await image(300, 200)];
  });
  // Not async: a supertest request is a thenable, and awaiting it would send it.
  const upload = () =>
    cms
      .http()
      .post('/api/upload')
      .auth(admin.accessToken, { type: 'bearer' })
      .attach('files', images[0]!, 'one.jpg')
      .attach('files', images[1]!, 'two.jpg');

  it('when storage fails half-way through the variants', async () => {
    storage.writes = 0;
    storage.failAt = 5;
    const { body } = await upload().expect(500);
    expect(body.error.name).toBe('ApplicationError');
    expect(JSON.stringify(body)).not.toContain('ENOSPC');
    expect(storage.writes).toBe(5);
    expect(filesUnder(storage.directory)).toEqual([]);
    expect(await fileRows()).toBe(0);
    expect(filesUnder(tempDirOf(cms))).toEqual([]);
    storage.failAt = Infinity;
    await upload().expect(201);
    expect(await fileRows()).toBe(2);
  });

  it('when the database refuses the rows', async () => {
    const dataSource = cms.app.get(DataSource);
    const before = filesUnder(storage.directory);
    await dataSource.query('ALTER TABLE cms_files RENAME TO cms_files_away');
    try {
      await upload().expect(500);
    } finally {
      await dataSource.query('ALTER TABLE cms_files_away RENAME TO cms_files');
    }
    expect(filesUnder(storage.directory)).toEqual(before);
    expect(await fileRows()).toBe(2);
  });

  it('when the client goes away mid-upload', async () => {
    await cms.app.listen(0, '127.0.0.1');
    const { port } = cms.app.getHttpServer().address() as AddressInfo;
    const before = filesUnder(storage.directory);
    const boundary = 'cmsboundary';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="big.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`;
    await new Promise<void>((resolve) => {
      const request = httpRequest({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/upload',
        headers: {
          Authorization: `Bearer ${admin.accessToken}`,
          'Content-Type': `multipart/form-data; boundary=${boundary}`,
          'Content-Length': String(10 * 1024 * 1024),
        },
      });
      request.on('error', () => resolve());
      request.write(head);
      request.write(Buffer.alloc(512 * 1024, 1));
      setTimeout(() => {
        request.destroy();
        resolve();
      }, 300);
    });
    const deadline = Date.now() + 5000;
    while (filesUnder(tempDirOf(cms)).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(filesUnder(tempDirOf(cms))).toEqual([]);
    expect(filesUnder(storage.directory)).toEqual(before);
    expect(await fileRows()).toBe(2);
  });
});
