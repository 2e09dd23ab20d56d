import { Body, Controller, Get, Module, Post, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { startTestApp, type TestApp } from './support/test-app';

@Controller('test-shell')
class ShellProbeController {
  @Get('boom')
  boom(): never {
    throw new Error("ER_PARSE_ERROR near 'SELECT password_hash FROM cms_users' in /srv/cms/app.js:42");
  }

  @Get('slow')
  async slow(): Promise<{ done: boolean }> {
    await new Promise((resolve) => setTimeout(resolve, 300));
    return { done: true };
  }

  @Post('echo')
  echo(@Body() body: unknown): unknown {
    return { received: body };
  }

  @Get('query')
  query(@Query() query: Record<string, unknown>): unknown {
    return query;
  }

  @Get('client-ip')
  clientIp(@Req() req: Request): { ip: string | undefined } {
    return { ip: req.ip };
  }
}

@Module({ controllers: [ShellProbeController] })
class ShellProbeModule {}

const envelope = (status: number, name: string) => ({
  data: null,
  error: expect.objectContaining({ status, name, message: expect.any(String), details: expect.any(Object) }),
});

describe('HTTP shell', () => {
  let cms: TestApp;

  beforeAll(async () => {
    cms = await startTestApp({ extensions: [ShellProbeModule] });
  });

  afterAll(() => cms.close());

  it('answers an unknown route with a 404 in the error envelope', async () => {
    const response = await cms.http().get('/api/no-such-route').expect(404);
    expect(response.body).toEqual(envelope(404, 'NotFoundError'));
    expect(response.headers['content-type']).toMatch(/application\/json/);
  });

  it('answers malformed JSON with a 400 ValidationError', async () => {
    const response = await cms
      .http()
      .post('/test-shell/echo')
      .set('Content-Type', 'application/json')
      .send('{"title": "unterminated')
      .expect(400);
    expect(response.body).toEqual(envelope(400, 'ValidationError'));
    expect(response.body.error.message).toBe('Malformed JSON in the request body');
  });

  it('refuses a JSON body over 1 MB with a 413 before the route sees it', async () => {
    const body = JSON.stringify({ text: 'x'.repeat(1024 * 1024) });
    const response = await cms
      .http()
      .post('/test-shell/echo')
      .set('Content-Type', 'application/json')
      .send(body)
      .expect(413);
    expect(response.body).toEqual(envelope(413, 'PayloadTooLargeError'));
    expect(response.body.error.message).toBe('The request body is larger than 1 MB');
  });

  it('accepts a JSON body just under 1 MB', async () => {
    const text = 'x'.repeat(1000 * 1000);
    const response = await cms.http().post('/test-shell/echo').send({ text }).expect(201);
    expect(response.body.received.text).toHaveLength(text.length);
  });

  it('hides the text of an unexpected failure behind a 500 ApplicationError and logs its stack', async () => {
    const response = await cms.http().get('/test-shell/boom').expect(500);
    expect(response.body).toEqual({
      data: null,
      error: { status: 500, name: 'ApplicationError', message: 'Internal Server Error', details: {} },
    });
    expect(JSON.stringify(response.body)).not.toMatch(/password|SELECT|app\.js/);
    const requestId = response.headers['x-request-id'];
    const logged = cms.logs.records().find((record) => record.msg === 'request failed');
    expect(logged).toMatchObject({ req: { id: requestId }, err: { stack: expect.stringContaining('ER_PARSE_ERROR') } });
  });

  it('reads Strapi’s bracket syntax, and refuses over 1000 parameters or deep nesting with a 400', async () => {
    const parsed = await cms
      .http()
      .get('/test-shell/query?filters[author][name][$eq]=Ann&sort[0]=title:asc')
      .expect(200);
    expect(parsed.body).toEqual({ filters: { author: { name: { $eq: 'Ann' } } }, sort: ['title:asc'] });
    const many = Array.from({ length: 1001 }, (_, index) => `p${index}=1`).join('&');
    const tooMany = await cms.http().get(`/test-shell/query?${many}`).expect(400);
    expect(tooMany.body.error).toMatchObject({
      name: 'ValidationError',
      message: 'A query string holds at most 1000 parameters',
    });
    await cms
      .http()
      .get(`/test-shell/query?${many.split('&').slice(0, 1000).join('&')}`)
      .expect(200);
    const deep = await cms
      .http()
      .get(`/test-shell/query?a${'[b]'.repeat(25)}=1`)
      .expect(400);
    expect(deep.body.error.message).toBe('The query string nests deeper than 20 levels');
    // qs would drop a prototype key silently: it is refused instead, like any unknown key.
    const polluting = await cms.http().get('/test-shell/query?__proto__[polluted]=1').expect(400);
    expect(polluting.body.error.message).toBe('Invalid key __proto__');
  });

  it('sends the security headers of helmet', async () => {
    const response = await cms.http().get('/health/live').expect(200);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('allows any origin outside production by default', async () => {
    const response = await cms.http().get('/health/live').set('Origin', 'https://app.example').expect(200);
    expect(response.headers['access-control-allow-origin']).toBe('*');
    const preflight = await cms
      .http()
      .options('/api/articles')
      .set('Origin', 'https://app.example')
      .set('Access-Control-Request-Method', 'PUT')
      .set('Access-Control-Request-Headers', 'authorization,content-type')
      .expect(204);
    expect(preflight.headers['access-control-allow-methods']).toContain('PUT');
  });

  it('gives each request an id, echoes a sane one from the client and replaces an unsafe one', async () => {
    const generated = await cms.http().get('/health/live');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const echoed = await cms.http().get('/health/live').set('X-Request-Id', 'trace-abc.123');
    expect(echoed.headers['x-request-id']).toBe('trace-abc.123');
    const replaced = await cms.http().get('/health/live').set('X-Request-Id', 'evil value; drop');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('logs each request as structured JSON without secrets', async () => {
    const secret = 'Bearer eyJhbGciOiJIUzI1NiJ9.secret-token-value';
    const response = await cms
      .http()
      .post('/test-shell/echo')
      .set('Authorization', secret)
      .set('Cookie', 'session=cookie-secret-value')
      .send({ email: 'ann@example.com', password: 'correct horse battery staple' })
      .expect(401);
    const requestId = response.headers['x-request-id'];
    const completed = cms.logs
      .records()
      .find(
        (record) => (record.req as { id?: string } | undefined)?.id === requestId && record.msg === 'request completed',
      );
    expect(completed).toMatchObject({ req: { method: 'POST', url: '/test-shell/echo' }, res: { statusCode: 401 } });
    const text = cms.logs.text();
    expect(text).not.toContain('secret-token-value');
    expect(text).not.toContain('cookie-secret-value');
    expect(text).not.toContain('correct horse battery staple');
  });

  it('logs a request the client abandons as aborted, and leaves successful health probes out', async () => {
    await cms.http().get('/health/live').set('X-Request-Id', 'probe-1').expect(200);
    const abandoned = cms.http().get('/test-shell/slow').set('X-Request-Id', 'abandoned-1').timeout(50);
    await expect(abandoned).rejects.toThrow(/Timeout/);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const ids = cms.logs.records().map((record) => (record.req as { id?: string } | undefined)?.id);
    expect(ids).not.toContain('probe-1');
    const aborted = cms.logs
      .records()
      .find((record) => (record.req as { id?: string } | undefined)?.id === 'abandoned-1');
    expect(aborted).toMatchObject({
      msg: 'request aborted',
      level: 30,
      req: { method: 'GET', url: '/test-shell/slow' },
    });
  });

  it('takes the client address from the socket, not X-Forwarded-For, when no proxy is trusted', async () => {
    const response = await cms.http().get('/test-shell/client-ip').set('X-Forwarded-For', '203.0.113.9').expect(200);
    expect(response.body.ip).not.toBe('203.0.113.9');
  });
});

describe('HTTP shell behind a trusted proxy, in production', () => {
  let cms: TestApp;

  beforeAll(async () => {
    cms = await startTestApp({
      extensions: [ShellProbeModule],
      env: {
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        JWT_SECRET: 'a-secret-of-at-least-thirty-two-bytes!',
        TRUST_PROXY: 'loopback',
        CORS_ORIGINS: 'https://editor.example',
      },
    });
  });

  afterAll(() => cms.close());

  it('believes X-Forwarded-For from a trusted proxy', async () => {
    const response = await cms.http().get('/test-shell/client-ip').set('X-Forwarded-For', '203.0.113.9').expect(200);
    expect(response.body.ip).toBe('203.0.113.9');
  });

  it('allows only the configured origins', async () => {
    const allowed = await cms.http().get('/health/live').set('Origin', 'https://editor.example');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://editor.example');
    const refused = await cms.http().get('/health/live').set('Origin', 'https://evil.example');
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('logs at warn: failures with their request id, not successes', async () => {
    const ok = await cms.http().get('/test-shell/query?x=1').expect(200);
    const failed = await cms.http().get('/test-shell/boom').expect(500);
    const byId = (id: string) =>
      cms.logs.records().filter((record) => (record.req as { id?: string } | undefined)?.id === id);
    expect(byId(ok.headers['x-request-id'])).toEqual([]);
    const logged = byId(failed.headers['x-request-id']);
    expect(logged.map((record) => [record.msg, record.level])).toEqual(
      expect.arrayContaining([
        ['request failed', 50],
        ['request completed', 50],
      ]),
    );
    expect(logged.find((record) => record.msg === 'request completed')).toMatchObject({
      res: { statusCode: 500 },
      responseTime: expect.any(Number),
    });
  });
});
