import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SchemaRegistry } from '@cms/schema';
import { createUser, loginAsAdmin } from './support/auth';
import { startTestApp, type TestApp } from './support/test-app';

const WORKLOAD = join(__dirname, '../apps/bench/workload');

/**
 * The benchmark's requests (BENCHMARKS.md, R1 to R6), counted in SQL statements through the
 * Server-Timing header: a change that adds a query per row, or an uncached lookup, fails here.
 */
describe('statements per request of the benchmark workload', () => {
  let cms: TestApp;
  let token: string;
  let fixed: string;
  let author: string;

  beforeAll(async () => {
    // A warm instance: the session cache must not lapse between the warm-up and the count.
    cms = await startTestApp({ env: { AUTH_CACHE_TTL_MS: '60000' } });
    const definitions = ['author', 'article'].map((name) =>
      JSON.parse(readFileSync(join(WORKLOAD, 'schema', `${name}.json`), 'utf8')),
    );
    await cms.app.get(SchemaRegistry).put(definitions, 'upsert', { confirmed: false });
    const admin = await loginAsAdmin(cms);
    token = (
      await cms
        .http()
        .post('/admin/api-tokens')
        .auth(admin.accessToken, { type: 'bearer' })
        .send({ name: 'bench', type: 'full-access' })
        .expect(201)
    ).body.data.accessKey;
    author = (await send('post', '/api/authors', { data: { name: 'Ann', email: 'ann@example.com' } })).body.data
      .documentId;
    for (let index = 1; index <= 60; index += 1) {
      const { body } = await send('post', '/api/articles', { data: article(index) });
      if (index === 42) fixed = body.data.documentId;
    }
  });

  afterAll(() => cms.close());

  const article = (index: number) => ({
    title: `Article ${index}`,
    body: 'Lorem ipsum '.repeat(100),
    views: (index * 37) % 1001,
    rating: 4.5,
    category: ['news', 'tech', 'sport', 'culture'][index % 4],
    publishedDate: new Date(Date.UTC(2025, 0, index)).toISOString(),
    author,
  });
  function send(method: 'get' | 'post', path: string, body?: object) {
    const request = cms.http()[method](path).auth(token, { type: 'bearer' });
    return (body ? request.send(body) : request).expect(method === 'post' ? 201 : 200);
  }
  const counted = (response: { headers: Record<string, string> }) =>
    Number(/statements;desc="(\d+)"/.exec(response.headers['server-timing'] ?? '')?.[1]);
  let warmUps = 0;
  /** A request's statements when its answer is not cached yet (the token and permissions are). */
  const statements = async (method: 'get' | 'post', path: string, body?: () => object): Promise<number> => {
    warmUps += 1;
    await send('get', `/api/authors?pagination[pageSize]=${warmUps}`);
    return counted(await send(method, path, body?.()));
  };

  it('answers a repeated read from the read cache, without a statement', async () => {
    const path = '/api/articles?filters[category][$eq]=news&populate=author';
    expect(await statements('get', path)).toBeGreaterThan(0);
    expect(counted(await send('get', path))).toBe(0);
  });

  it('reads a list page with its count (R1), and a deep page (R4), in two statements', async () => {
    expect(await statements('get', '/api/articles?pagination[page]=1&pagination[pageSize]=25')).toBe(2);
    expect(await statements('get', '/api/articles?pagination[page]=2&pagination[pageSize]=25&sort=id:asc')).toBe(2);
  });

  it('reads a filtered, sorted, populated list (R2) in three', async () => {
    expect(
      await statements(
        'get',
        '/api/articles?filters[views][$gt]=500&filters[category][$eq]=tech&sort=publishedDate:desc&pagination[pageSize]=25&populate=author',
      ),
    ).toBe(3);
  });

  it('reads one document (R3), and a page by cursor (R6), in one', async () => {
    expect(await statements('get', `/api/articles/${fixed}`)).toBe(1);
    const first = await send('get', '/api/articles?sort=id:asc&pagination[pageSize]=25&pagination[cursor]=');
    const cursor = encodeURIComponent(first.body.meta.pagination.nextCursor);
    expect(
      await statements('get', `/api/articles?sort=id:asc&pagination[pageSize]=25&pagination[cursor]=${cursor}`),
    ).toBe(1);
  });

  it('creates a document (R5) in a bounded number of statements', async () => {
    let next = 1000;
    const count = await statements('post', '/api/articles', () => ({ data: article((next += 1)) }));
    expect(count).toBe(CREATE_STATEMENTS);
  });
});

/**
 * A published create of a type without to-many links: BEGIN; the document; the slug made unique;
 * the draft and the published version in one INSERT, which returns them (RETURNING, on SQLite and
 * MariaDB: MySQL reads the answer back, one more); COMMIT. The author, linked before, is not
 * looked up again: its foreign key checks it.
 */
const CREATE_STATEMENTS = 5;

describe('Server-Timing in production', () => {
  let cms: TestApp;

  beforeAll(async () => {
    cms = await startTestApp({ env: { NODE_ENV: 'production' } });
  });

  afterAll(() => cms.close());

  it('is shown to admins only', async () => {
    const admin = await loginAsAdmin(cms);
    const mine = await cms.http().get('/admin/users').auth(admin.accessToken, { type: 'bearer' }).expect(200);
    expect(mine.headers['server-timing']).toMatch(/^db;dur=\d+\.\d, statements;desc="\d+"$/);
    const editor = await createUser(cms, ['editor']);
    const theirs = await cms.http().get('/api/upload/files').auth(editor.accessToken, { type: 'bearer' }).expect(200);
    expect(theirs.headers['server-timing']).toBeUndefined();
    const anonymous = await cms.http().get('/health/ready').expect(200);
    expect(anonymous.headers['server-timing']).toBeUndefined();
    const key = await cms
      .http()
      .post('/admin/api-tokens')
      .auth(admin.accessToken, { type: 'bearer' })
      .send({ name: 'timing', type: 'full-access' })
      .expect(201);
    const byKey = await cms
      .http()
      .get('/api/upload/files')
      .auth(key.body.data.accessKey, { type: 'bearer' })
      .expect(200);
    expect(byKey.headers['server-timing']).toBeUndefined();
  });
});
