import { Logger } from '@nestjs/common';
import request from 'supertest';
import { loginAsAdmin, createUser, type Session } from './support/auth';
import { putPublicNotices } from './support/content-types';
import { startInstancePair, type InstancePair } from './support/instances';
import { PrivateRedis } from './support/private-redis';
import { startTestApp, type TestApp } from './support/test-app';

const TOO_MANY = {
  data: null,
  error: { status: 429, name: 'RateLimitError', message: 'Too many requests: try again later', details: {} },
};

/** Sends `call` until it answers 429; every answer before must be a 200. Returns them all. */
async function untilRefused(call: () => request.Test, atMost: number): Promise<request.Response[]> {
  const answers: request.Response[] = [];
  while (answers.length <= atMost) {
    const answer = await call();
    answers.push(answer);
    if (answer.status === 429) return answers;
    expect(answer.status).toBe(200);
  }
  throw new Error(`no 429 after ${atMost} requests`);
}

describe('request rate limits', () => {
  let cms: TestApp;
  let admin: Session;
  let limitedUser: Session;
  let apiKey: string;

  beforeAll(async () => {
    cms = await startTestApp({
      env: { RATE_LIMIT: '20/1m', RATE_LIMIT_API_TOKENS: '4/1m', TRUST_PROXY: 'loopback' },
    });
    admin = await loginAsAdmin(cms);
    await putPublicNotices(cms, admin);
    await cms
      .http()
      .post('/admin/roles')
      .auth(admin.accessToken, { type: 'bearer' })
      .send({ code: 'limited', name: 'Limited', rateLimit: { requests: 3, windowSeconds: 60 }, permissions: [] })
      .expect(201);
    limitedUser = await createUser(cms, ['limited']);
    apiKey = (
      await cms
        .http()
        .post('/admin/api-tokens')
        .auth(admin.accessToken, { type: 'bearer' })
        .send({ name: 'reader', type: 'read-only' })
        .expect(201)
    ).body.data.accessKey;
  });

  afterAll(() => cms?.close());

  it('counts the public per client address, cached answers included, and refuses in the envelope with the IETF fields', async () => {
    const fromAddress = (address: string) => () => cms.http().get('/api/notices').set('X-Forwarded-For', address);
    const answers = await untilRefused(fromAddress('203.0.113.7'), 25);
    expect(answers).toHaveLength(21);
    expect(answers[0]!.headers['ratelimit-policy']).toBe('"address";q=20;w=60');
    expect(answers[0]!.headers.ratelimit).toMatch(/^"address";r=19;t=\d+$/);
    expect(answers[19]!.headers.ratelimit).toMatch(/^"address";r=0;t=\d+$/);
    const refused = answers[20]!;
    expect(refused.body).toEqual(TOO_MANY);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(refused.headers.ratelimit).toMatch(/^"address";r=0;t=\d+$/);
    expect(refused.headers['ratelimit-policy']).toBe('"address";q=20;w=60');

    // Another address has its own budget; health and docs spend none.
    await fromAddress('203.0.113.8')().expect(200);
    const health = await cms.http().get('/health/live').set('X-Forwarded-For', '203.0.113.7').expect(200);
    expect(health.headers.ratelimit).toBeUndefined();
  });

  it('counts a user under the most generous budget of their roles, and no one else with it', async () => {
    const asLimited = () => cms.http().get('/api/auth/me').auth(limitedUser.accessToken, { type: 'bearer' });
    const answers = await untilRefused(asLimited, 5);
    expect(answers).toHaveLength(4);
    expect(answers[0]!.headers['ratelimit-policy']).toBe('"user";q=3;w=60');
    expect(answers[3]!.body).toEqual(TOO_MANY);
    // The admin API counts the same way: the super-admin has the configured default.
    const adminAnswer = await cms.http().get('/admin/roles').auth(admin.accessToken, { type: 'bearer' }).expect(200);
    expect(adminAnswer.headers['ratelimit-policy']).toBe('"user";q=20;w=60');
  });

  it('counts each API token on its own budget, cached reads included', async () => {
    const asToken = () => cms.http().get('/api/notices').auth(apiKey, { type: 'bearer' });
    const answers = await untilRefused(asToken, 6);
    expect(answers).toHaveLength(5);
    expect(answers[0]!.headers['ratelimit-policy']).toBe('"api-token";q=4;w=60');
    expect(answers[4]!.body).toEqual(TOO_MANY);
  });

  it('shows and validates a role’s rate limit in the admin API', async () => {
    const roles = await cms.http().get('/admin/roles').auth(admin.accessToken, { type: 'bearer' }).expect(200);
    const byCode = Object.fromEntries(
      roles.body.data.map((role: { code: string; rateLimit: unknown }) => [role.code, role.rateLimit]),
    );
    expect(byCode).toMatchObject({ limited: { requests: 3, windowSeconds: 60 }, public: null });
    const invalid = await cms
      .http()
      .post('/admin/roles')
      .auth(admin.accessToken, { type: 'bearer' })
      .send({ code: 'broken', name: 'Broken', rateLimit: { requests: 0, windowSeconds: 'soon' }, permissions: [] })
      .expect(400);
    expect(invalid.body.error.details.errors.map((issue: { path: unknown[] }) => issue.path)).toEqual(
      expect.arrayContaining([
        ['rateLimit', 'requests'],
        ['rateLimit', 'windowSeconds'],
      ]),
    );
  });
});

describe('request rate limits shared through Redis', () => {
  let redis: PrivateRedis;
  let pair: InstancePair;

  beforeAll(async () => {
    redis = await PrivateRedis.create();
    await redis.start();
    pair = await startInstancePair({ REDIS_URL: redis.url, RATE_LIMIT: '6/1m', TRUST_PROXY: 'loopback' });
    await putPublicNotices(pair.first, await loginAsAdmin(pair.first));
  });

  afterAll(async () => {
    await pair?.close();
    await redis?.stop();
  });

  it('refuses the public on any instance once its budget is spent across them', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      const instance = i % 2 === 0 ? pair.first : pair.second;
      statuses.push((await instance.http().get('/api/notices').set('X-Forwarded-For', '198.51.100.4')).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
  });

  it('fails open to counting per instance while Redis is down, and says so in the log', async () => {
    const warned = jest.spyOn(Logger.prototype, 'warn');
    await redis.stop();
    const statuses: number[] = [];
    for (let i = 0; i < 14; i += 1) {
      const instance = i % 2 === 0 ? pair.first : pair.second;
      statuses.push((await instance.http().get('/api/notices').set('X-Forwarded-For', '198.51.100.5')).status);
    }
    // Six on each instance, where Redis would have allowed six in all.
    expect(statuses).toEqual([...Array(12).fill(200), 429, 429]);
    // Nest's logger writes where the process's first app logs: what matters is that it was told.
    expect(warned).toHaveBeenCalledWith('Redis is unreachable: rate limits are counted per instance until it is back');
    warned.mockRestore();
    await redis.start();
  });
});
