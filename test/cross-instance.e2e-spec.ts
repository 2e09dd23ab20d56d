import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createUser, PASSWORD } from './support/auth';
import { startTestApp, type TestApp } from './support/test-app';
import { createTestDatabase, testDialect, type TestDatabase } from './support/test-database';

/** Polls `probe` until it answers `status`; returns how long that took. */
async function becomes(probe: () => Promise<{ status: number }>, status: number, withinMs: number): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < withinMs) {
    if ((await probe()).status === status) return Date.now() - start;
    await sleep(25);
  }
  throw new Error(`still not ${status} after ${withinMs} ms`);
}

// Two API instances share one database file or server; SQLite files serve one machine's processes.
const modes = [
  ['through the database, within the session cache time', {}],
  ...(process.env.CMS_TEST_REDIS_URL
    ? [['through Redis, at once', { REDIS_URL: process.env.CMS_TEST_REDIS_URL }]]
    : []),
] as [string, Record<string, string>][];

describe.each(modes)('a second instance learns of revocations %s', (mode, env) => {
  let database: TestDatabase;
  let first: TestApp;
  let second: TestApp;
  const viaRedis = 'REDIS_URL' in env;

  beforeAll(async () => {
    database = await createTestDatabase(testDialect());
    // A prefix of their own keeps these two instances' messages away from any other run's.
    const shared = { ...env, REDIS_PREFIX: `cms-test-${randomBytes(4).toString('hex')}:`, AUTH_CACHE_TTL_MS: '1500' };
    first = await startTestApp({ database, env: shared });
    second = await startTestApp({ database, env: shared });
  });

  afterAll(async () => {
    await second?.close();
    await first?.close();
    await database?.drop();
  });

  it(`password change on one instance voids the user's tokens on the other (${mode})`, async () => {
    const user = await createUser(first, []);
    const onSecond = () => second.http().get('/api/auth/me').auth(user.accessToken, { type: 'bearer' });
    await onSecond().expect(200); // the second instance now caches this session as valid
    await first
      .http()
      .post('/api/auth/change-password')
      .auth(user.accessToken, { type: 'bearer' })
      .send({
        currentPassword: PASSWORD,
        password: 'changed on the first',
        passwordConfirmation: 'changed on the first',
      })
      .expect(200);
    const elapsed = await becomes(onSecond, 401, 3000);
    if (viaRedis) expect(elapsed).toBeLessThan(1000);
  });

  it(`logout on one instance ends the session on the other (${mode})`, async () => {
    const user = await createUser(first, []);
    const onSecond = () => second.http().get('/api/auth/me').auth(user.accessToken, { type: 'bearer' });
    await onSecond().expect(200);
    await first.http().post('/api/auth/logout').auth(user.accessToken, { type: 'bearer' }).send({}).expect(204);
    await becomes(onSecond, 401, 3000);
  });
});
