import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { SMTPServer } from 'smtp-server';
import { createUser, login } from './support/auth';
import { startTestApp, type TestApp } from './support/test-app';

interface Received {
  readonly to: string[];
  readonly data: string;
}

describe('password-reset mail over SMTP', () => {
  const received: Received[] = [];
  let smtp: SMTPServer;
  let cms: TestApp;

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      onData(stream, session, done) {
        let data = '';
        stream.on('data', (chunk: Buffer) => (data += chunk.toString()));
        stream.on('end', () => {
          received.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), data });
          done();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const { port } = smtp.server.address() as AddressInfo;
    cms = await startTestApp({ env: { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'CMS <cms@example.com>' } });
  });

  afterAll(async () => {
    await cms?.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  it('sends the reset code through the configured SMTP server, and it resets the password', async () => {
    const user = await createUser(cms, []);
    await cms.http().post('/api/auth/forgot-password').send({ email: user.email }).expect(204);
    let mail: Received | undefined;
    for (let attempt = 0; attempt < 100 && !mail; attempt += 1) {
      mail = received.find((message) => message.to.includes(user.email));
      if (!mail) await sleep(50);
    }
    expect(mail?.data).toContain('From: CMS <cms@example.com>');
    const code = /reset code, valid for an hour: ([A-Za-z0-9_-]+)/.exec(mail!.data.replace(/=\r?\n/g, ''))?.[1];
    expect(code).toBeDefined();
    await cms
      .http()
      .post('/api/auth/reset-password')
      .send({ code, password: 'reset through smtp!', passwordConfirmation: 'reset through smtp!' })
      .expect(200);
    await login(cms, user.email, 'reset through smtp!');
  });
});
