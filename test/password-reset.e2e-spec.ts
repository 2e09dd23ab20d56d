import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { createUser, login, PASSWORD, uniqueEmail } from './support/auth';
import { startTestApp, type TestApp } from './support/test-app';

const NEW_PASSWORD = 'a freshly chosen password';

describe('forgotten passwords', () => {
  let cms: TestApp;

  beforeAll(async () => {
    cms = await startTestApp({ env: { RESET_PASSWORD_URL: 'https://app.example/reset' } });
  });

  afterAll(() => cms.close());

  const outbox = () => join(cms.dataDir, 'outbox');
  const mailsTo = (email: string) =>
    existsSync(outbox())
      ? readdirSync(outbox())
          .map((file) => JSON.parse(readFileSync(join(outbox(), file), 'utf8')) as { to: string; text: string })
          .filter((mail) => mail.to === email)
      : [];

  async function codeFor(email: string): Promise<string> {
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const [mail] = mailsTo(email);
      const match = mail && /code=([A-Za-z0-9_-]+)/.exec(mail.text);
      if (match) return match[1]!;
      await sleep(50);
    }
    throw new Error(`no reset mail reached ${email}`);
  }

  it('answers 204 alike for a registered and an unknown email, and mails only the registered one', async () => {
    const user = await createUser(cms, []);
    const ghost = uniqueEmail('ghost');
    const known = await cms.http().post('/api/auth/forgot-password').send({ email: user.email });
    const unknown = await cms.http().post('/api/auth/forgot-password').send({ email: ghost });
    expect([known.status, unknown.status]).toEqual([204, 204]);
    expect(known.text).toBe(unknown.text);
    await codeFor(user.email);
    await sleep(200);
    expect(mailsTo(ghost)).toEqual([]);
  });

  it('resets with the code once: old sessions end, the new password works, the code dies', async () => {
    const user = await createUser(cms, []);
    await cms.http().post('/api/auth/forgot-password').send({ email: user.email }).expect(204);
    const code = await codeFor(user.email);
    const reset = await cms
      .http()
      .post('/api/auth/reset-password')
      .send({ code, password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD })
      .expect(200);
    expect(reset.body).toMatchObject({ jwt: reset.body.accessToken, user: { email: user.email } });
    expect(JSON.stringify(reset.body)).not.toContain(code);
    await cms.http().get('/api/auth/me').auth(user.accessToken, { type: 'bearer' }).expect(401);
    await cms.http().post('/api/auth/refresh').send({ refreshToken: user.refreshToken }).expect(401);
    await login(cms, user.email, NEW_PASSWORD);
    const reused = await cms
      .http()
      .post('/api/auth/reset-password')
      .send({ code, password: 'yet another password', passwordConfirmation: 'yet another password' })
      .expect(400);
    expect(reused.body.error.details.errors[0].path).toEqual(['code']);
  });

  it('refuses unknown and expired codes, and weak or mismatched passwords', async () => {
    const body = (code: string, password = NEW_PASSWORD, passwordConfirmation = password) => ({
      code,
      password,
      passwordConfirmation,
    });
    await cms.http().post('/api/auth/reset-password').send(body('made-up-code')).expect(400);
    const user = await createUser(cms, []);
    await cms.http().post('/api/auth/forgot-password').send({ email: user.email }).expect(204);
    const code = await codeFor(user.email);
    const weak = await cms.http().post('/api/auth/reset-password').send(body(code, 'short')).expect(400);
    expect(weak.body.error.details.errors[0].path).toEqual(['password']);
    await cms
      .http()
      .post('/api/auth/reset-password')
      .send(body(code, NEW_PASSWORD, 'something else!'))
      .expect(400);
    await cms.app
      .get(DataSource)
      .query('UPDATE cms_password_resets SET expires_at = ? WHERE user_id = ?', ['2000-01-01 00:00:00', user.userId]);
    await cms.http().post('/api/auth/reset-password').send(body(code)).expect(400);
    await login(cms, user.email, PASSWORD);
  });

  it('never writes a reset code or a password to the log outside development', async () => {
    const user = await createUser(cms, []);
    await cms.http().post('/api/auth/forgot-password').send({ email: user.email }).expect(204);
    const code = await codeFor(user.email);
    expect(cms.logs.text()).not.toContain(code);
    expect(cms.logs.text()).not.toContain(PASSWORD);
  });
});
