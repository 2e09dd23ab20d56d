import { request as httpRequest } from 'node:http';
import { SchemaRegistry } from '@cms/schema';
import { JobRunner, JobsModule } from '@cms/jobs';
import { loginAsAdmin } from './support/auth';
import { freePort } from './support/cms-process';
import { testDialect } from './support/test-database';
import { startTestApp, type TestApp } from './support/test-app';

const TOKEN = 'a-metrics-token-of-some-length';

/** `GET /metrics` (issue 15, item 1): Prometheus text, to a bearer of METRICS_TOKEN or on METRICS_PORT only. */
describe('metrics', () => {
  let cms: TestApp;
  let port: number;
  let documentId: string;

  beforeAll(async () => {
    port = await freePort();
    cms = await startTestApp({ env: { METRICS_TOKEN: TOKEN, METRICS_PORT: String(port) }, extensions: [JobsModule] });
    await cms.app.get(SchemaRegistry).put(
      [
        {
          info: { singularName: 'note', pluralName: 'notes', displayName: 'Note' },
          attributes: { text: { type: 'string' } },
        },
      ],
      'upsert',
      { confirmed: false },
    );
    const admin = await loginAsAdmin(cms);
    documentId = (
      await cms
        .http()
        .post('/api/notes')
        .auth(admin.accessToken, { type: 'bearer' })
        .send({ data: { text: 'x' } })
        .expect(201)
    ).body.data.documentId;
    for (let index = 0; index < 3; index += 1)
      await cms.http().get(`/api/notes/${documentId}`).auth(admin.accessToken, { type: 'bearer' }).expect(200);
    // An API key's repeated read is answered from the read cache before routing: counted the same.
    const key = (
      await cms
        .http()
        .post('/admin/api-tokens')
        .auth(admin.accessToken, { type: 'bearer' })
        .send({ name: 'm', type: 'read-only' })
        .expect(201)
    ).body.data.accessKey;
    for (let index = 0; index < 2; index += 1)
      await cms.http().get(`/api/notes/${documentId}`).auth(key, { type: 'bearer' }).expect(200);
    await cms.http().get('/api/notes?pagination[pageSize]=5').auth(admin.accessToken, { type: 'bearer' }).expect(200);
    await cms.http().get('/no/such/route').expect(404);
    await cms.app.get(JobRunner).enqueue('nobody.runs.this');
  });

  afterAll(() => cms.close());

  const scrape = async () => (await cms.http().get('/metrics').auth(TOKEN, { type: 'bearer' }).expect(200)).text;

  it('answers only a bearer of METRICS_TOKEN, and as nothing to anyone else', async () => {
    await cms.http().get('/metrics').expect(404);
    await cms.http().get('/metrics').auth('not-the-token-at-all-no', { type: 'bearer' }).expect(404);
    const answer = await cms.http().get('/metrics').auth(TOKEN, { type: 'bearer' }).expect(200);
    expect(answer.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('counts requests by route template, method and status, never by raw URL', async () => {
    const text = await scrape();
    expect(text).toMatch(
      /cms_http_requests_total\{route="\/api\/:pluralName\/:documentId",method="GET",status="200"\} 5/,
    );
    expect(text).toMatch(/cms_http_requests_total\{route="\/api\/:pluralName",method="POST",status="201"\} 1/);
    expect(text).toMatch(/cms_http_requests_total\{route="\(unmatched\)",method="GET",status="404"\} 1/);
    // The scrapes the first test refused.
    expect(text).toMatch(/cms_http_requests_total\{route="\/metrics",method="GET",status="404"\} 2/);
    expect(text).toMatch(/cms_http_requests_total\{route="\/metrics",method="GET",status="200"\} \d+/);
    expect(text).toContain('cms_http_request_duration_seconds_bucket{le="0.005",route="/api/:pluralName/:documentId"');
    expect(text).not.toContain(documentId);
    expect(text).not.toContain('/no/such/route');
  });

  it('shows statements, the read cache, the job queue and the process', async () => {
    const text = await scrape();
    const value = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1]);
    expect(value('cms_db_statement_duration_seconds_count')).toBeGreaterThan(5);
    // Three identical reads: the first computes, the other two are answered from the cache.
    expect(value('cms_read_cache_hits_total')).toBeGreaterThanOrEqual(2);
    expect(value('cms_read_cache_misses_total')).toBeGreaterThanOrEqual(1);
    expect(value('cms_read_cache_bytes')).toBeGreaterThan(0);
    expect(value('cms_jobs_due')).toBe(1);
    expect(value('cms_process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(text).toContain('cms_nodejs_eventloop_lag_seconds');
    // mysql2's pool (SQLite has one connection, and no pool to show).
    if (testDialect() === 'mysql') {
      expect(value('cms_db_pool_connections\\{pool="primary",state="idle"\\}')).toBeGreaterThanOrEqual(0);
      expect(text).toMatch(/cms_db_pool_connections\{pool="primary",state="in_use"\} \d+/);
    } else expect(text).not.toContain('cms_db_pool_connections{');
  });

  it('serves the same on METRICS_PORT, without a token, and nothing else there', async () => {
    const get = (path: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        httpRequest({ host: '127.0.0.1', port, path }, (response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => (body += chunk.toString()));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        })
          .on('error', reject)
          .end();
      });
    const metrics = await get('/metrics');
    expect([metrics.status, metrics.body]).toEqual([200, expect.stringContaining('cms_http_requests_total')]);
    expect((await get('/api/notes')).status).toBe(404);
  });
});
