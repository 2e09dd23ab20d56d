import { InvalidationBus, MetricsService } from '@cms/core';
import { createUser, loginAsAdmin, type Session } from './support/auth';
import { putPublicNotices } from './support/content-types';
import { startInstancePair, type InstancePair } from './support/instances';
import { PrivateRedis } from './support/private-redis';
import { until } from './support/until';
import { TEST_ADMIN, type TestApp } from './support/test-app';

/**
 * Instances that share invalidations through Redis keep working when it goes away: commands fail
 * fast, logins and writes work as without Redis, caches fall back to the short no-Redis lifetime,
 * and once Redis is back they start over and share announcements again.
 */
describe('instances through a Redis outage', () => {
  let redis: PrivateRedis;
  let pair: InstancePair;
  let first: TestApp;
  let second: TestApp;
  let admin: Session;

  const sharing = (expected: boolean) => () =>
    [first, second].every((instance) => instance.app.get(InvalidationBus).shared === expected);
  const titlesOnSecond = async () =>
    ((await second.http().get('/api/notices?sort=title').expect(200)).body.data as { title: string }[]).map(
      (notice) => notice.title,
    );
  const write = (title: string) =>
    first.http().post('/api/notices').auth(admin.accessToken, { type: 'bearer' }).send({ data: { title } }).expect(201);

  beforeAll(async () => {
    redis = await PrivateRedis.create();
    await redis.start();
    pair = await startInstancePair({ REDIS_URL: redis.url, AUTH_CACHE_TTL_MS: '1500' });
    ({ first, second } = pair);
    await until(sharing(true), 5_000, 'both instances connect to Redis');
    admin = await loginAsAdmin(first);
    await putPublicNotices(first, admin);
    await until(
      async () => (await second.http().get('/api/notices')).status === 200,
      5_000,
      'the type reaches the second',
    );
  }, 60_000);

  afterAll(async () => {
    await pair?.close();
    await redis?.stop();
  });

  it('logs in, writes and reads as without Redis while it is down, and shares announcements again once it is back', async () => {
    await write('a');
    await until(async () => (await titlesOnSecond()).join() === 'a', 1_000, 'the first write reaches the second');
    const user = await createUser(first, []);
    // Both instances now cache these with the long lifetime that Redis announcements allow.
    await second.http().get('/api/auth/me').auth(user.accessToken, { type: 'bearer' }).expect(200);

    await redis.stop();
    await until(sharing(false), 5_000, 'both instances notice that Redis is gone');
    const connected = await first.app.get(MetricsService).registry.getSingleMetricAsString('cms_redis_connected');
    expect(connected).toMatch(/^cms_redis_connected 0$/m);

    const started = Date.now();
    const login = await first.http().post('/api/auth/login').send(TEST_ADMIN);
    expect(login.status).toBe(200);
    // It did not wait on Redis: commands fail fast rather than queue or retry.
    expect(Date.now() - started).toBeLessThan(1_000);

    await write('b');
    // Visible on the other instance within the no-Redis lifetime (2 s), not the minute it cached for.
    await until(async () => (await titlesOnSecond()).join() === 'a,b', 3_000, 'a write during the outage');
    await first.http().post('/api/auth/logout').auth(user.accessToken, { type: 'bearer' }).send({}).expect(204);
    await until(
      async () => (await second.http().get('/api/auth/me').auth(user.accessToken, { type: 'bearer' })).status === 401,
      3_000,
      'a logout during the outage',
    );

    await redis.start();
    await until(sharing(true), 10_000, 'both instances reconnect');
    expect(await titlesOnSecond()).toEqual(['a', 'b']);
    await write('c');
    // Announced again: well within the short lifetime, as before the outage.
    const elapsed = await until(async () => (await titlesOnSecond()).join() === 'a,b,c', 3_000, 'a write after');
    expect(elapsed).toBeLessThan(1_000);
  }, 60_000);
});
