import { setTimeout as sleep } from 'node:timers/promises';
import { loginAsAdmin, type Session } from './support/auth';
import { putPublicNotices } from './support/content-types';
import { PrivateMariaDb } from './support/private-mariadb';
import { startTestApp, type TestApp } from './support/test-app';

/** Polls `/health/ready` until it answers `status`, or fails after `withinMs`. */
async function readyBecomes(cms: TestApp, status: number, withinMs: number): Promise<Record<string, unknown>> {
  const deadline = Date.now() + withinMs;
  let last: { status: number; body: Record<string, unknown> } | undefined;
  while (Date.now() < deadline) {
    last = await cms.http().get('/health/ready');
    if (last.status === status) return last.body;
    await sleep(200);
  }
  throw new Error(`ready stayed ${last?.status} instead of ${status}: ${JSON.stringify(last?.body)}`);
}

describe('readiness through a database outage', () => {
  let mariadb: PrivateMariaDb;
  let cms: TestApp;
  let admin: Session;

  beforeAll(async () => {
    mariadb = await PrivateMariaDb.create();
    await mariadb.start();
    const url = await mariadb.createDatabase('cms');
    cms = await startTestApp({ database: { dialect: 'mysql', url, drop: async () => undefined } });
    admin = await loginAsAdmin(cms);
    await putPublicNotices(cms, admin);
  }, 60_000);

  afterAll(async () => {
    await cms?.close();
    await mariadb?.destroy();
  });

  it('answers 503 while MariaDB is down and 200 again once it is back, with no restart', async () => {
    await readyBecomes(cms, 200, 2_000);

    await mariadb.stop();
    const down = await readyBecomes(cms, 503, 10_000);
    expect(down).toEqual({
      data: null,
      error: {
        status: 503,
        name: 'ServiceUnavailableError',
        message: 'The database is unreachable',
        details: { checks: { database: { status: 'down' } } },
      },
    });

    await mariadb.start();
    await readyBecomes(cms, 200, 15_000);
    // The pool has healed: every connection it hands out works, not just the first.
    const answers = await Promise.all(Array.from({ length: 12 }, () => cms.http().get('/health/ready')));
    expect(answers.map((answer) => answer.status)).toEqual(Array(12).fill(200));
  }, 60_000);

  it('answers 503 in the envelope while MariaDB is down, serves cached lists marked stale, and loses no acknowledged write', async () => {
    const created = await cms
      .http()
      .post('/api/notices')
      .auth(admin.accessToken, { type: 'bearer' })
      .send({ data: { title: 'Before the outage' } })
      .expect(201);
    const cachedList = await cms.http().get('/api/notices?sort=title').expect(200);
    expect(cachedList.headers['cache-status']).toBeUndefined();

    await mariadb.stop();
    await readyBecomes(cms, 503, 10_000);
    // Past the cache's no-Redis lifetime: the answer is expired, and the database cannot replace it.
    await sleep(2_500);

    const stale = await cms.http().get('/api/notices?sort=title').expect(200);
    expect(stale.text).toBe(cachedList.text);
    expect(stale.headers['cache-status']).toBe('cms; hit; detail=stale-if-error');
    expect(stale.headers.warning).toBe('110 - "Response is Stale"');

    const unavailable = {
      data: null,
      error: { status: 503, name: 'ServiceUnavailableError', message: 'The database is unreachable', details: {} },
    };
    const uncached = await cms.http().get('/api/notices?sort=title:desc').expect(503);
    expect(uncached.body).toEqual(unavailable);
    expect(uncached.headers['retry-after']).toBe('2');
    const write = await cms
      .http()
      .post('/api/notices')
      .auth(admin.accessToken, { type: 'bearer' })
      .send({ data: { title: 'During the outage' } })
      .expect(503);
    expect(write.body).toEqual(unavailable);
    const signIn = await cms
      .http()
      .post('/api/auth/login')
      .send({ email: 'nobody@test.local', password: 'whatever it is' });
    expect(signIn.status).toBe(503);

    await mariadb.start();
    await readyBecomes(cms, 200, 15_000);
    const after = await cms.http().get('/api/notices?sort=title').expect(200);
    expect(after.headers['cache-status']).toBeUndefined();
    expect(after.body.data.map((notice: { documentId: string }) => notice.documentId)).toEqual([
      created.body.data.documentId,
    ]);
  }, 60_000);
});
