import { setTimeout as sleep } from 'node:timers/promises';
import { createUser, loginAsAdmin, roleIds, type Session } from './support/auth';
import { INSTANCE_MODES, startInstancePair, type InstancePair } from './support/instances';
import { startTestApp, type TestApp } from './support/test-app';

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

/** The read cache never answers with what a write or a permission has made stale. */
describe('the read cache', () => {
  let cms: TestApp;
  let admin: Session;

  beforeAll(async () => {
    cms = await startTestApp();
    admin = await loginAsAdmin(cms);
    await cms
      .http()
      .put('/admin/content-types')
      .auth(admin.accessToken, { type: 'bearer' })
      .send({ definitions: TYPES })
      .expect(200);
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
    await first
      .http()
      .put('/admin/content-types')
      .auth(admin.accessToken, { type: 'bearer' })
      .send({ definitions: TYPES })
      .expect(200);
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
