import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { loginAsAdmin, type Session } from './support/auth';
import { image, imageInfo } from './support/media';
import { startTestApp, type TestApp } from './support/test-app';

const BUCKET = 'cms-media';
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** The S3 driver against a real S3-protocol server (s3rver) on loopback. */
describe('media on S3-compatible storage', () => {
  let server: S3rver;
  let endpoint: string;
  let bucket: S3Client;
  let cms: TestApp;
  let admin: Session;

  beforeAll(async () => {
    server = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory: mkdtempSync(join(tmpdir(), 'cms-s3rver-')),
      configureBuckets: [{ name: BUCKET, configs: [] }],
    });
    const { port } = await server.run();
    endpoint = `http://127.0.0.1:${port}`;
    bucket = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials: CREDENTIALS });
    cms = await startTestApp({
      env: {
        UPLOAD_DRIVER: 's3',
        S3_BUCKET: BUCKET,
        S3_ENDPOINT: endpoint,
        S3_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
        S3_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      },
    });
    admin = await loginAsAdmin(cms);
  });

  afterAll(async () => {
    await cms?.close();
    bucket?.destroy();
    await server?.close();
  });

  const keys = async () =>
    ((await bucket.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents ?? [])
      .map((object) => object.Key!)
      .sort();

  it('stores the original and its variants in the bucket, at URLs that serve them', async () => {
    const { body } = await cms
      .http()
      .post('/api/upload')
      .auth(admin.accessToken, { type: 'bearer' })
      .attach('files', await image(1100, 700), 'harbour.jpg')
      .expect(201);
    const [file] = body;
    expect(file.provider).toBe('aws-s3');
    expect(file.url).toBe(`${endpoint}/${BUCKET}/${file.hash}.jpg`);
    expect(await keys()).toEqual(
      [
        `${file.hash}.jpg`,
        ...['thumbnail', 'small', 'medium', 'large'].flatMap((name) => [
          `${name}_${file.hash}.jpg`,
          `${name}_${file.hash}.webp`,
        ]),
      ].sort(),
    );
    const served = await fetch(file.formats.medium.url);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    expect(served.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await imageInfo(Buffer.from(await served.arrayBuffer()))).toEqual({
      width: 750,
      height: 477,
      format: 'jpeg',
    });
  });

  it('caches transforms in the bucket and deletes everything of a file with it', async () => {
    const [file] = (await cms.http().get('/api/upload/files').auth(admin.accessToken, { type: 'bearer' }).expect(200))
      .body;
    const first = await cms.http().get(`/api/assets/${file.id}?width=128&format=webp`).expect(200);
    expect(await keys()).toContain(`cache/${file.hash}/128xh_inside_q80.webp`);
    const again = await cms.http().get(`/api/assets/${file.id}?width=128&format=webp`).expect(200);
    expect(again.headers.etag).toBe(first.headers.etag);
    await cms.http().delete(`/api/upload/files/${file.id}`).auth(admin.accessToken, { type: 'bearer' }).expect(200);
    expect(await keys()).toEqual([]);
  });
});
