import { setTimeout as sleep } from 'node:timers/promises';
import { createUser, loginAsAdmin, roleIds, type Session } from './support/auth';
import { putContentTypes } from './support/content-types';
import { INSTANCE_MODES, startInstancePair, type InstancePair } from './support/instances';
import { startTestApp, type TestApp } from './support/test-app';
import { DocumentReader, DocumentService } from '@cms/content';

const TYPES = [
  {
    info: { singularName: 'writer', pluralName: 'writers', displayName: 'Writer' },
    attributes: { name: { type: 'string' } },
  },
  {
    info: { singularName: 'note', pluralName: 'notes', displayName: 'Note' },
    attributes: {
      title: { type: 'string' },
      secret: { type: 'string' },
      writer: { type: 'relation', relation: 'manyToOne', target: 'writer' },
    },
  },
];

/**
 * Cached reads of the public and of API keys are answered before routing (the CachedReads
 * middleware): the answer and its headers must be those of the full route, and nothing the
 * guard, the policy or a write decides may be skipped.
 */
describe('cached reads answered before routing', () => {
  let cms: TestApp;
  let admin: Session;
  let computed: jest.SpyInstance;
  let publicRole: number;

  beforeAll(async () => {
    cms = await startTestApp();
    admin = await loginAsAdmin(cms);
    await putContentTypes(cms, admin, TYPES);
    publicRole = (await roleIds(cms, admin)).public!;
    computed = jest.spyOn(cms.app.get(DocumentService), 'cached');
  });

  afterAll(() => cms.close());
  beforeEach(() => computed.mockClear());

  const apiKey = async (type: 'read-only' | 'full-access') =>
    (
      await cms
        .http()
        .post('/admin/api-tokens')
        .auth(admin.accessToken, { type: 'bearer' })
        .send({ name: `key ${Math.random()}`, type })
        .expect(201)
    ).body.data as { id: number; accessKey: string };
  const setPublic = (permissions: object[]) =>
    cms
      .http()
      .put(`/admin/roles/${publicRole}`)
      .auth(admin.accessToken, { type: 'bearer' })
      .send({ code: 'public', name: 'Public', permissions })
      .expect(200);

  it('answers a repeated read of an API key as the route did, headers and all, without the route', async () => {
    const key = await apiKey('full-access');
    const created = await cms
      .http()
      .post('/api/notes')
      .auth(key.accessKey, { type: 'bearer' })
      .send({ data: { title: 'Shortcut' } })
      .expect(201);
    const path = `/api/notes/${created.body.data.documentId}?fields[0]=title`;
    const read = () => cms.http().get(path).auth(key.accessKey, { type: 'bearer' }).set('Origin', 'http://app.test');
    const routed = await read().expect(200);
    expect(computed).toHaveBeenCalledTimes(1);
    const shortcut = await read().expect(200);
    expect(computed).toHaveBeenCalledTimes(1);
    expect(shortcut.text).toBe(routed.text);
    for (const header of [
      'etag',
      'cache-control',
      'content-type',
      'content-length',
      'x-content-type-options',
      'content-security-policy',
      'access-control-allow-origin',
      'access-control-expose-headers',
    ]) {
      expect([header, shortcut.headers[header]]).toEqual([header, routed.headers[header]]);
    }
    expect(shortcut.headers['server-timing']).toMatch(/statements;desc="0"/);
    expect(shortcut.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(shortcut.headers['x-request-id']).not.toBe(routed.headers['x-request-id']);
    // The request is logged with its id, as every other request is.
    const logged = cms.logs.records().map((record) => (record.req as { id?: string } | undefined)?.id);
    expect(logged).toContain(shortcut.headers['x-request-id']);
    await read().set('If-None-Match', routed.headers.etag!).expect(304);
    // A write through the shortcut's own caller is seen at once.
    await cms
      .http()
      .put(`/api/notes/${created.body.data.documentId}`)
      .auth(key.accessKey, { type: 'bearer' })
      .send({ data: { title: 'Changed' } })
      .expect(200);
    expect((await read().expect(200)).body.data.title).toBe('Changed');
  });

  it('never answers for a key that is revoked, unknown or malformed', async () => {
    const key = await apiKey('read-only');
    const read = (authorization: string) => cms.http().get('/api/notes').set('Authorization', authorization);
    await read(`Bearer ${key.accessKey}`).expect(200);
    await read(`Bearer ${key.accessKey}`).expect(200);
    expect(computed).toHaveBeenCalledTimes(1);
    await read(`Bearer ${key.accessKey}x`).expect(401);
    await read(`Basic ${key.accessKey}`).expect(401);
    await read('Bearer').expect(401);
    await cms.http().delete(`/admin/api-tokens/${key.id}`).auth(admin.accessToken, { type: 'bearer' }).expect(200);
    const revoked = await read(`Bearer ${key.accessKey}`).expect(401);
    expect(revoked.body.error.status).toBe(401);
  });

  it('follows the public role: refused, allowed with its fields, refused again', async () => {
    await setPublic([]);
    await cms.http().get('/api/notes').expect(403);
    await setPublic([{ action: 'find', subject: 'note', fields: ['title'] }]);
    const first = await cms.http().get('/api/notes').expect(200);
    const second = await cms.http().get('/api/notes').expect(200);
    expect(computed).toHaveBeenCalledTimes(1);
    expect(second.text).toBe(first.text);
    expect(second.headers['cache-control']).toBe('public, max-age=0, s-maxage=60');
    expect(second.body.data[0]).not.toHaveProperty('secret');
    await setPublic([]);
    const refused = await cms.http().get('/api/notes').expect(403);
    expect(refused.body.error.name).toBe('ForbiddenError');
  });

  it('leaves what it does not know to the route: misses, other names, JWTs and bad queries', async () => {
    await cms.http().get('/api/nothing-here').expect(404);
    const key = await apiKey('read-only');
    const bad = await cms
      .http()
      .get('/api/notes?filters[nope][$eq]=1')
      .auth(key.accessKey, { type: 'bearer' })
      .expect(400);
    expect(bad.body.error.name).toBe('ValidationError');
    await cms.http().get('/api/notes').auth(admin.accessToken, { type: 'bearer' }).expect(200);
    await cms.http().get('/api/notes').auth(admin.accessToken, { type: 'bearer' }).expect(200);
    // A signed-in user goes through the guard every time; the cache still answers inside the route.
    expect(computed).toHaveBeenCalledTimes(2);
    await cms.http().get('/api/users/me').auth(admin.accessToken, { type: 'bearer' }).expect(200);
  });
});

/** The read cache never answers with what a write or a permission has made stale. */
describe('the read cache', () => {
  let cms: TestApp;
  let admin: Session;

  beforeAll(async () => {
    cms = await startTestApp();
    admin = await loginAsAdmin(cms);
    await putContentTypes(cms, admin, TYPES);
  });

  afterAll(() => cms.close());

  const as = (session: Session | null, method: 'get' | 'post' | 'put', path: string, body?: object) => {
    const request = cms.http()[method](path);
    const authed = session ? request.auth(session.accessToken, { type: 'bearer' }) : request;
    return body ? authed.send(body) : authed;
  };

  it('sees every write at once: to the type, and to a type it populates', async () => {
    const writer = (await as(admin, 'post', '/api/writers', { data: { name: 'Ann' } }).expect(201)).body.data;
    const note = (
      await as(admin, 'post', '/api/notes', { data: { title: 'One', writer: writer.documentId } }).expect(201)
    ).body.data;
    const read = () => as(admin, 'get', '/api/notes?populate=writer').expect(200);
    expect((await read()).body.data.map((item: { title: string }) => item.title)).toEqual(['One']);
    await as(admin, 'put', `/api/notes/${note.documentId}`, { data: { title: 'Uno' } }).expect(200);
    expect((await read()).body.data[0].title).toBe('Uno');
    await as(admin, 'put', `/api/writers/${writer.documentId}`, { data: { name: 'Annie' } }).expect(200);
    expect((await read()).body.data[0].writer.name).toBe('Annie');
    await as(admin, 'post', '/api/notes', { data: { title: 'Two' } }).expect(201);
    expect((await read()).body.meta.pagination.total).toBe(2);
  });

  it('computes identical misses arriving together once (single flight)', async () => {
    await as(admin, 'post', '/api/writers', { data: { name: 'Flight' } }).expect(201);
    const pages = jest.spyOn(cms.app.get(DocumentReader), 'findMany');
    const path = '/api/writers?filters[name][$eq]=Flight&sort=name';
    const answers = await Promise.all(Array.from({ length: 6 }, () => as(admin, 'get', path).expect(200)));
    expect(new Set(answers.map((answer) => answer.text)).size).toBe(1);
    expect(pages).toHaveBeenCalledTimes(1);
    pages.mockRestore();
  });

  it('keeps answers apart by what each caller may see', async () => {
    const ids = await roleIds(cms, admin);
    const [first, second] = [await createUser(cms, ['author']), await createUser(cms, ['author'])];
    await as(first, 'post', '/api/notes', { data: { title: 'Mine', secret: 's1' } }).expect(201);
    await as(second, 'post', '/api/notes', { data: { title: 'Theirs', secret: 's2' } }).expect(201);
    const titles = async (session: Session) =>
      (await as(session, 'get', '/api/notes').expect(200)).body.data.map((item: { title: string }) => item.title);
    expect(await titles(first)).toEqual(['Mine']);
    expect(await titles(second)).toEqual(['Theirs']);
    // A role change reaches the next read: public may now read titles only.
    await as(null, 'get', '/api/notes').expect(403);
    await as(admin, 'put', `/admin/roles/${ids.public}`, {
      code: 'public',
      name: 'Public',
      permissions: [{ action: 'find', subject: 'note', fields: ['title'] }],
    }).expect(200);
    const open = await as(null, 'get', '/api/notes').expect(200);
    expect(open.body.data[0]).not.toHaveProperty('secret');
    expect(open.headers['cache-control']).toBe('public, max-age=0, s-maxage=60');
    const mine = await as(first, 'get', '/api/notes').expect(200);
    expect(mine.headers['cache-control']).toBe('private, no-cache');
    expect(mine.body.data[0].secret).toBe('s1');
  });

  it('answers every read with an ETag, and a matching If-None-Match with 304', async () => {
    const first = await as(admin, 'get', '/api/notes?sort=title').expect(200);
    expect(first.headers.etag).toBeDefined();
    await as(admin, 'get', '/api/notes?sort=title').set('If-None-Match', first.headers.etag!).expect(304);
    await as(admin, 'post', '/api/notes', { data: { title: 'Three' } }).expect(201);
    const changed = await as(admin, 'get', '/api/notes?sort=title')
      .set('If-None-Match', first.headers.etag!)
      .expect(200);
    expect(changed.headers.etag).not.toBe(first.headers.etag);
    const one = await as(admin, 'get', `/api/notes/${changed.body.data[0].documentId}`).expect(200);
    await as(admin, 'get', `/api/notes/${changed.body.data[0].documentId}`)
      .set('If-None-Match', one.headers.etag!)
      .expect(304);
  });
});

describe.each(INSTANCE_MODES)('the read cache across instances, %s', (_mode, env) => {
  let pair: InstancePair;
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    pair = await startInstancePair(env);
    ({ first, second } = pair);
  });

  afterAll(() => pair?.close());

  it('forgets an answer when another instance writes', async () => {
    const admin = await loginAsAdmin(first);
    await putContentTypes(first, admin, TYPES);
    const read = () => second.http().get('/api/writers').auth(admin.accessToken, { type: 'bearer' });
    // The second instance loads the new types, then caches an empty list.
    const deadline = Date.now() + 5000;
    while ((await read()).status !== 200 && Date.now() < deadline) await sleep(50);
    expect((await read().expect(200)).body.data).toEqual([]);
    await first
      .http()
      .post('/api/writers')
      .auth(admin.accessToken, { type: 'bearer' })
      .send({ data: { name: 'Bo' } })
      .expect(201);
    const started = Date.now();
    while ((await read()).body.data.length === 0 && Date.now() - started < 4000) await sleep(25);
    const elapsed = Date.now() - started;
    expect((await read()).body.data.map((writer: { name: string }) => writer.name)).toEqual(['Bo']);
    expect(elapsed).toBeLessThan('REDIS_URL' in env ? 1000 : 2500);
  });
});
