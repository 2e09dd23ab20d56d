import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createUser, loginAsAdmin, type Session } from './support/auth';
import { asBuffer } from './support/media';
import { finishedBackup, runScheduledBackups } from './support/backups';
import { startTestApp, type TestApp } from './support/test-app';

/** `/admin/backups` (issue 14, item 4): background backups with progress, list, download, verify, restore; schedules. */
describe('/admin/backups', () => {
  let cms: TestApp;
  let admin: Session;
  const call = (method: 'get' | 'post', path: string, session: Session = admin) =>
    cms.http()[method](path).auth(session.accessToken, { type: 'bearer' });

  beforeAll(async () => {
    cms = await startTestApp({ env: { BACKUP_SCHEDULE: '0 3 * * *', BACKUP_KEEP: '1' } });
    admin = await loginAsAdmin(cms);
    await cms
      .http()
      .post('/admin/content-types')
      .auth(admin.accessToken, { type: 'bearer' })
      .send({
        info: { singularName: 'note', pluralName: 'notes', displayName: 'Note' },
        attributes: { text: { type: 'string' } },
      })
      .expect(201);
    await call('post', '/api/notes')
      .send({ data: { text: 'kept' } })
      .expect(201);
  });

  afterAll(() => cms.close());

  it('starts a backup in the background, then lists, downloads, verifies and restores it', async () => {
    const started = await call('post', '/admin/backups').send({}).expect(202);
    const { job, file } = started.body.data;
    expect(file).toMatch(/^cms-backup-.*\.tar\.gz$/);
    const done = await finishedBackup(cms, admin, job);
    expect(done).toMatchObject({
      state: 'done',
      file,
      error: null,
      progress: expect.objectContaining({ done: expect.any(Number) }),
    });
    const listed = (await call('get', '/admin/backups').expect(200)).body.data;
    expect(listed.map((entry: { name: string }) => entry.name)).toContain(file);
    const downloaded = await asBuffer(call('get', `/admin/backups/${file}/download`)).expect(200);
    expect(Buffer.compare(downloaded.body as Buffer, readFileSync(join(cms.dataDir, 'backups', file)))).toBe(0);
    const verified = (await call('post', `/admin/backups/${file}/verify`).expect(200)).body.data;
    expect(verified.tables).toContainEqual({ name: 'notes', rows: 1 });
    // Written after the backup: a forced restore takes the database back to it.
    await call('post', '/api/notes')
      .send({ data: { text: 'lost' } })
      .expect(201);
    await call('post', `/admin/backups/${file}/restore`).expect(409);
    await call('post', `/admin/backups/${file}/restore?force=true`).expect(200);
    const rows = await cms.app.get(DataSource).query('SELECT text FROM notes ORDER BY id');
    expect(rows.map((row: { text: string }) => row.text)).toEqual(['kept']);
  });

  it('refuses names that are not its archives, encryption without a key, and callers without the right', async () => {
    await call('get', '/admin/backups/..%2F..%2Fetc%2Fpasswd/download').expect(404);
    await call('post', '/admin/backups/cms-backup-nope.tar.gz/verify').expect(404);
    const refused = await call('post', '/admin/backups').send({ encrypt: true }).expect(400);
    expect(refused.body.error.message).toMatch(/BACKUP_KEY/);
    await call('post', '/admin/backups').send({ encrypt: 'yes' }).expect(400);
    const editor = await createUser(cms, ['editor']);
    await call('get', '/admin/backups', editor).expect(403);
    await call('post', '/admin/backups', editor).send({}).expect(403);
  });

  it('runs the scheduled backup when due, keeping the newest BACKUP_KEEP', async () => {
    await runScheduledBackups(cms, 2);
    const scheduled = (await call('get', '/admin/backups').expect(200)).body.data.filter(
      (entry: { scheduled: boolean }) => entry.scheduled,
    );
    expect(scheduled).toHaveLength(1);
    const jobs = await cms.app.get(DataSource).query("SELECT state FROM cms_jobs WHERE name = 'backup.scheduled'");
    expect(jobs.map((row: { state: string }) => row.state)).toEqual(['done', 'done']);
  });
});
