import { createUser, login, loginAsAdmin, PASSWORD, uniqueEmail } from './support/auth';
import { startTestApp, TEST_ADMIN, type TestApp } from './support/test-app';

describe('authentication', () => {
  let cms: TestApp;

  beforeAll(async () => {
    cms = await startTestApp();
  });

  afterAll(() => cms.close());

  const me = (token: string) => cms.http().get('/api/auth/me').auth(token, { type: 'bearer' });

  it('signs in with email and password and answers tokens and the user, never its hash', async () => {
    const response = await cms
      .http()
      .post('/api/auth/login')
      .send({ email: TEST_ADMIN.email.toUpperCase(), password: TEST_ADMIN.password })
      .expect(200);
    expect(response.body).toEqual({
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      expiresIn: 900,
      user: expect.objectContaining({ id: expect.any(Number), email: TEST_ADMIN.email, blocked: false }),
    });
    expect(JSON.stringify(response.body)).not.toMatch(/password|argon2|tokenVersion/i);
    const [, payload] = response.body.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    expect(Object.keys(claims).sort()).toEqual(['aud', 'exp', 'iat', 'iss', 'jti', 'sid', 'sub', 'tv']);
    const header = JSON.parse(Buffer.from(response.body.accessToken.split('.')[0], 'base64url').toString());
    expect(header).toMatchObject({ alg: 'HS256', kid: expect.any(String) });
  });

  it('answers a wrong password and an unknown account alike', async () => {
    const wrong = await cms
      .http()
      .post('/api/auth/login')
      .send({ email: TEST_ADMIN.email, password: 'not the password' });
    const unknown = await cms
      .http()
      .post('/api/auth/login')
      .send({ email: uniqueEmail('ghost'), password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.body.error).toMatchObject({ name: 'UnauthorizedError', message: 'Invalid email or password' });
  });

  it('spends the time of a password check on unknown accounts too', async () => {
    const time = async (email: string) => {
      const start = process.hrtime.bigint();
      await cms.http().post('/api/auth/login').send({ email, password: 'wrong password here' });
      return Number(process.hrtime.bigint() - start) / 1e6;
    };
    const known = await createUser(cms, []);
    const samples = { known: [] as number[], unknown: [] as number[] };
    for (let i = 0; i < 3; i += 1) {
      samples.known.push(await time(known.email));
      samples.unknown.push(await time(uniqueEmail('ghost')));
    }
    const median = (values: number[]) => values.sort((a, b) => a - b)[1]!;
    // A hash costs tens of milliseconds; a lookup alone, about one. Unknown accounts must pay the hash.
    expect(median(samples.unknown)).toBeGreaterThan(median(samples.known) * 0.4);
  });

  it('reads /api/auth/me and Strapi’s /api/users/me with the access token', async () => {
    const session = await loginAsAdmin(cms);
    const own = await me(session.accessToken).expect(200);
    expect(own.body).toMatchObject({ id: session.userId, email: TEST_ADMIN.email });
    await cms.http().get('/api/users/me').auth(session.accessToken, { type: 'bearer' }).expect(200, own.body);
    await cms.http().get('/api/auth/me').expect(401);
  });

  it('signs in through Strapi’s /api/auth/local with an identifier', async () => {
    const response = await cms
      .http()
      .post('/api/auth/local')
      .send({ identifier: TEST_ADMIN.email, password: TEST_ADMIN.password })
      .expect(200);
    expect(response.body).toEqual({
      jwt: expect.any(String),
      user: expect.objectContaining({ email: TEST_ADMIN.email }),
    });
    await me(response.body.jwt).expect(200);
  });

  it('rotates refresh tokens: each one works once', async () => {
    const session = await loginAsAdmin(cms);
    const refreshed = await cms
      .http()
      .post('/api/auth/refresh')
      .send({ refreshToken: session.refreshToken })
      .expect(200);
    expect(refreshed.body).toEqual({
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      expiresIn: 900,
    });
    expect(refreshed.body.refreshToken).not.toBe(session.refreshToken);
    await me(refreshed.body.accessToken).expect(200);
    const again = await cms
      .http()
      .post('/api/auth/refresh')
      .send({ refreshToken: refreshed.body.refreshToken })
      .expect(200);
    await me(again.body.accessToken).expect(200);
  });

  it('ends the whole session family when a used refresh token comes back', async () => {
    const session = await loginAsAdmin(cms);
    const next = await cms.http().post('/api/auth/refresh').send({ refreshToken: session.refreshToken }).expect(200);
    // A thief replays the first token: refused, and the family dies with it.
    await cms.http().post('/api/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
    await cms.http().post('/api/auth/refresh').send({ refreshToken: next.body.refreshToken }).expect(401);
    await me(next.body.accessToken).expect(401);
    await me(session.accessToken).expect(401);
  });

  it('refuses unknown refresh tokens and bodies with unknown keys', async () => {
    const unknown = await cms.http().post('/api/auth/refresh').send({ refreshToken: 'made-up' }).expect(401);
    expect(unknown.body.error.name).toBe('UnauthorizedError');
    const extra = await cms.http().post('/api/auth/refresh').send({ refreshToken: 'x', admin: true }).expect(400);
    expect(extra.body.error.details.errors).toEqual([
      { path: ['admin'], message: 'is not allowed', name: 'ValidationError' },
    ]);
    const missing = await cms.http().post('/api/auth/login').send({ email: TEST_ADMIN.email }).expect(400);
    expect(missing.body.error.details.errors[0].path).toEqual(['password']);
  });

  it('logs out: the session’s access and refresh tokens stop working, others do not', async () => {
    const first = await loginAsAdmin(cms);
    const second = await loginAsAdmin(cms);
    await cms.http().post('/api/auth/logout').auth(first.accessToken, { type: 'bearer' }).send({}).expect(204);
    await me(first.accessToken).expect(401);
    await cms.http().post('/api/auth/refresh').send({ refreshToken: first.refreshToken }).expect(401);
    await me(second.accessToken).expect(200);
  });

  it('logs out with only a refresh token', async () => {
    const session = await loginAsAdmin(cms);
    await cms.http().post('/api/auth/logout').send({ refreshToken: session.refreshToken }).expect(204);
    await me(session.accessToken).expect(401);
  });

  it('logs out of every session with allSessions', async () => {
    const user = await createUser(cms, []);
    const other = await login(cms, user.email, PASSWORD);
    await cms
      .http()
      .post('/api/auth/logout')
      .auth(user.accessToken, { type: 'bearer' })
      .send({ allSessions: true })
      .expect(204);
    await me(user.accessToken).expect(401);
    await me(other.accessToken).expect(401);
    await cms.http().post('/api/auth/refresh').send({ refreshToken: other.refreshToken }).expect(401);
  });

  it('changes the password: checks the current one, the policy and the confirmation', async () => {
    const user = await createUser(cms, []);
    const change = (body: object) =>
      cms.http().post('/api/auth/change-password').auth(user.accessToken, { type: 'bearer' }).send(body);
    const wrongCurrent = await change({
      currentPassword: 'nope nope nope',
      password: 'a new long password',
      passwordConfirmation: 'a new long password',
    }).expect(400);
    expect(wrongCurrent.body.error.details.errors[0].path).toEqual(['currentPassword']);
    const short = await change({ currentPassword: PASSWORD, password: 'short', passwordConfirmation: 'short' }).expect(
      400,
    );
    expect(short.body.error.details.errors[0]).toMatchObject({
      path: ['password'],
      message: 'must be 12 to 128 characters long',
    });
    const mismatch = await change({
      currentPassword: PASSWORD,
      password: 'a new long password',
      passwordConfirmation: 'another one entirely',
    }).expect(400);
    expect(mismatch.body.error.details.errors[0].path).toEqual(['passwordConfirmation']);
    await change({
      currentPassword: PASSWORD,
      password: 'x'.repeat(129),
      passwordConfirmation: 'x'.repeat(129),
    }).expect(400);
  });

  it('changing the password ends every other session and access token at once', async () => {
    const user = await createUser(cms, []);
    const elsewhere = await login(cms, user.email, PASSWORD);
    const changed = await cms
      .http()
      .post('/api/auth/change-password')
      .auth(user.accessToken, { type: 'bearer' })
      .send({
        currentPassword: PASSWORD,
        password: 'a brand new password',
        passwordConfirmation: 'a brand new password',
      })
      .expect(200);
    expect(changed.body).toMatchObject({ jwt: changed.body.accessToken, user: { email: user.email } });
    await me(user.accessToken).expect(401);
    await me(elsewhere.accessToken).expect(401);
    await cms.http().post('/api/auth/refresh').send({ refreshToken: elsewhere.refreshToken }).expect(401);
    await me(changed.body.accessToken).expect(200);
    await cms.http().post('/api/auth/login').send({ email: user.email, password: PASSWORD }).expect(401);
    await login(cms, user.email, 'a brand new password');
  });
});
