import { setTimeout as sleep } from 'node:timers/promises';
import { createUser, PASSWORD } from './support/auth';
import { INSTANCE_MODES, startInstancePair, type InstancePair } from './support/instances';
import type { TestApp } from './support/test-app';

/** Polls `probe` until it answers `status`; returns how long that took. */
async function becomes(probe: () => Promise<{ status: number }>, status: number, withinMs: number): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < withinMs) {
    if ((await probe()).status === status) return Date.now() - start;
    await sleep(25);
  }
  throw new Error(`still not ${status} after ${withinMs} ms`);
}

describe.each(INSTANCE_MODES)('a second instance learns of revocations %s', (mode, env) => {
  let pair: InstancePair;
  let first: TestApp;
  let second: TestApp;
  const viaRedis = 'REDIS_URL' in env;

  beforeAll(async () => {
    pair = await startInstancePair({ ...env, AUTH_CACHE_TTL_MS: '1500' });
    ({ first, second } = pair);
  });

  afterAll(() => pair?.close());

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
