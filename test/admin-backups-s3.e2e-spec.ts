import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { loginAsAdmin, type Session } from './support/auth';
import { asBuffer } from './support/media';
import { finishedBackup, runScheduledBackups } from './support/backups';
import { startTestApp, type TestApp } from './support/test-app';

const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** Backups kept in a bucket (BACKUP_S3_BUCKET) rather than BACKUP_DIR, against a real S3-protocol server. */
describe('/admin/backups in a bucket', () => {
  let server: S3rver;
  let bucket: S3Client;
  let cms: TestApp;
  let admin: Session;
  const call = (method: 'get' | 'post', path: string) =>
    cms.http()[method](path).auth(admin.accessToken, { type: 'bearer' });

  beforeAll(async () => {
    server = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory: mkdtempSync(join(tmpdir(), 'cms-s3rver-backups-')),
      configureBuckets: [
        { name: 'cms-media', configs: [] },
        { name: 'cms-backups', configs: [] },
      ],
    });
    const { port } = await server.run();
    const endpoint = `http://127.0.0.1:${port}`;
    bucket = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials: CREDENTIALS });
    cms = await startTestApp({
      env: {
        UPLOAD_DRIVER: 's3',
        S3_BUCKET: 'cms-media',
        S3_ENDPOINT: endpoint,
        S3_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
        S3_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
        BACKUP_S3_BUCKET: 'cms-backups',
        BACKUP_SCHEDULE: '0 3 * * *',
        BACKUP_KEEP: '1',
      },
    });
    admin = await loginAsAdmin(cms);
  });

  afterAll(async () => {
    await cms.close();
    await server.close();
  });

  it('uploads the archive under backups/, and lists, downloads and verifies it from there', async () => {
    const { job, file } = (await call('post', '/admin/backups').send({}).expect(202)).body.data;
    expect(await finishedBackup(cms, admin, job)).toMatchObject({ state: 'done' });
    const objects = await bucket.send(new ListObjectsV2Command({ Bucket: 'cms-backups', Prefix: 'backups/' }));
    expect(objects.Contents?.map((object) => object.Key)).toEqual([`backups/${file}`]);
    const backupDir = join(cms.dataDir, 'backups');
    expect(existsSync(backupDir) ? readdirSync(backupDir) : []).toEqual([]);
    expect(
      (await call('get', '/admin/backups').expect(200)).body.data.map((entry: { name: string }) => entry.name),
    ).toEqual([file]);
    const downloaded = await asBuffer(call('get', `/admin/backups/${file}/download`)).expect(200);
    const stored = await bucket.send(new GetObjectCommand({ Bucket: 'cms-backups', Key: `backups/${file}` }));
    expect(Buffer.compare(downloaded.body as Buffer, Buffer.from(await stored.Body!.transformToByteArray()))).toBe(0);
    expect((await call('post', `/admin/backups/${file}/verify`).expect(200)).body.data.tables.length).toBeGreaterThan(
      5,
    );
    await call('post', '/admin/backups/cms-backup-2026-01-01T00-00-00-000Z.tar.gz/verify').expect(404);
  });

  it('keeps the newest BACKUP_KEEP scheduled archives in the bucket', async () => {
    await runScheduledBackups(cms, 2);
    const scheduled = (await call('get', '/admin/backups').expect(200)).body.data.filter(
      (entry: { scheduled: boolean }) => entry.scheduled,
    );
    expect(scheduled).toHaveLength(1);
  });
});
