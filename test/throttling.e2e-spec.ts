import { createUser, PASSWORD, uniqueEmail } from './support/auth';
import { startTestApp, type TestApp } from './support/test-app';

describe('brute-force throttling', () => {
  let cms: TestApp;

  beforeEach(async () => {
    cms = await startTestApp({ env: { TRUST_PROXY: 'loopback' } });
  });

  afterEach(() => cms.close());

  const attempt = (email: string, password: string, address = '198.51.100.1', path = '/api/auth/login') =>
    cms.http().post(path).set('X-Forwarded-For', address).send({ email, password });

  it('locks an account after five failures, even for the right password, with Retry-After', async () => {
    const user = await createUser(cms, []);
    for (let i = 0; i < 5; i += 1) await attempt(user.email, 'wrong password!!', `198.51.100.${i + 10}`).expect(401);
    const locked = await attempt(user.email, PASSWORD, '198.51.100.99').expect(429);
    expect(locked.body.error).toMatchObject({ status: 429, name: 'RateLimitError' });
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // Another account is not affected.
    const other = await createUser(cms, []);
    await attempt(other.email, PASSWORD, '198.51.100.99').expect(200);
  });

  it('counts unknown accounts too, and a changed path case or slash is the same budget', async () => {
    const email = uniqueEmail('ghost');
    await attempt(email, 'wrong password!!', '198.51.100.1', '/api/auth/login').expect(401);
    await attempt(email, 'wrong password!!', '198.51.100.1', '/API/AUTH/LOGIN').expect(401);
    await attempt(email, 'wrong password!!', '198.51.100.1', '/api/auth/login/').expect(401);
    await attempt(email.toUpperCase(), 'wrong password!!', '198.51.100.1').expect(401);
    await attempt(` ${email}`, 'wrong password!!', '198.51.100.1').expect(401);
    await attempt(email, 'wrong password!!', '198.51.100.1').expect(429);
  });

  it('limits failures per client address across accounts', async () => {
    for (let i = 0; i < 20; i += 1) await attempt(uniqueEmail('spray'), 'wrong password!!', '203.0.113.7').expect(401);
    await attempt(uniqueEmail('spray'), 'wrong password!!', '203.0.113.7').expect(429);
    const user = await createUser(cms, []);
    await attempt(user.email, PASSWORD, '203.0.113.7').expect(429);
    await attempt(user.email, PASSWORD, '203.0.113.8').expect(200);
  });

  it('throttles forgot-password per account and reset-password per address', async () => {
    const email = uniqueEmail('forgetful');
    const forgot = (address: string) =>
      cms.http().post('/api/auth/forgot-password').set('X-Forwarded-For', address).send({ email });
    for (let i = 0; i < 3; i += 1) await forgot(`198.51.100.${i}`).expect(204);
    const limited = await forgot('198.51.100.50').expect(429);
    expect(limited.headers['retry-after']).toBeDefined();
    const reset = () =>
      cms
        .http()
        .post('/api/auth/reset-password')
        .set('X-Forwarded-For', '198.51.100.77')
        .send({ code: 'guess', password: 'a long enough password', passwordConfirmation: 'a long enough password' });
    for (let i = 0; i < 10; i += 1) await reset().expect(400);
    await reset().expect(429);
  });
});

describe('brute-force throttling without a trusted proxy', () => {
  let cms: TestApp;

  beforeAll(async () => {
    cms = await startTestApp();
  });

  afterAll(() => cms.close());

  it('ignores X-Forwarded-For, so rotating it does not reset the address budget', async () => {
    for (let i = 0; i < 20; i += 1) {
      await cms
        .http()
        .post('/api/auth/login')
        .set('X-Forwarded-For', `192.0.2.${i}`)
        .send({ email: uniqueEmail('spray'), password: 'wrong password!!' })
        .expect(401);
    }
    await cms
      .http()
      .post('/api/auth/login')
      .set('X-Forwarded-For', '192.0.2.200')
      .send({ email: uniqueEmail('spray'), password: 'x' })
      .expect(429);
  });
});
