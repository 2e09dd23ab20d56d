import { SchemaRegistry } from '@cms/schema';
import { createUser, loginAsAdmin, type Session } from './support/auth';
import { queryDatabase } from './support/query-database';
import { startTestApp, type TestApp } from './support/test-app';

const OWN = { createdBy: { id: { $eq: '$currentUser' } } };

const TYPES = [
  {
    info: { singularName: 'writer', pluralName: 'writers', displayName: 'Writer' },
    attributes: {
      name: { type: 'string' },
      email: { type: 'email' },
      articles: { type: 'relation', relation: 'oneToMany', target: 'article', mappedBy: 'author' },
    },
  },
  {
    info: { singularName: 'tag', pluralName: 'tags', displayName: 'Tag' },
    attributes: { name: { type: 'string' } },
  },
  {
    info: { singularName: 'article', pluralName: 'articles', displayName: 'Article' },
    attributes: {
      title: { type: 'string' },
      body: { type: 'text' },
      views: { type: 'integer' },
      extra: { type: 'json' },
      pin: { type: 'password' },
      gone: { type: 'string' },
      author: { type: 'relation', relation: 'manyToOne', target: 'writer', inversedBy: 'articles' },
      reviewer: { type: 'relation', relation: 'manyToOne', target: 'writer' },
      tags: { type: 'relation', relation: 'manyToMany', target: 'tag' },
    },
  },
];

/**
 * Every leak the access plan closes, tried as a client with partial rights would: through
 * relation filters and sorts, populate, relation inputs, write answers, counts and errors.
 */
describe('the access plan: what a caller with partial rights can reach', () => {
  let cms: TestApp;
  let admin: Session;
  const users: Record<string, Session> = {};
  const ids: Record<string, string> = {};

  const as = (session: Session) => ({
    get: (path: string) => cms.http().get(path).auth(session.accessToken, { type: 'bearer' }),
    post: (path: string, data: unknown) =>
      cms.http().post(path).auth(session.accessToken, { type: 'bearer' }).send({ data }),
    put: (path: string, data: unknown) =>
      cms.http().put(path).auth(session.accessToken, { type: 'bearer' }).send({ data }),
  });
  const titles = (body: { data: { title: string }[] }) => body.data.map((article) => article.title).sort();

  async function role(code: string, permissions: object[]): Promise<Session> {
    await cms
      .http()
      .post('/admin/roles')
      .auth(admin.accessToken, { type: 'bearer' })
      .send({ code, name: code, permissions })
      .expect(201);
    return createUser(cms, [code]);
  }

  beforeAll(async () => {
    cms = await startTestApp({ env: { CONTENT_MAX_DOCUMENTS: '100' } });
    await cms.app.get(SchemaRegistry).put(TYPES, 'upsert', { confirmed: false });
    admin = await loginAsAdmin(cms);
    const create = async (path: string, data: object) =>
      (await as(admin).post(path, data).expect(201)).body.data.documentId as string;
    ids.ann = await create('/api/writers', { name: 'Ann', email: 'ann@example.com' });
    ids.zed = await create('/api/writers', { name: 'Zed' });
    ids.amy = await create('/api/writers', { name: 'Amy' });
    ids.bea = await create('/api/writers', { name: 'Bea' });
    ids.news = await create('/api/tags', { name: 'news' });
    ids.first = await create('/api/articles', { title: 'First', author: ids.ann, reviewer: ids.zed, tags: [ids.news] });
    ids.second = await create('/api/articles', { title: 'Second', author: ids.ann, reviewer: ids.amy });

    users.reader = await role('reader', [
      { action: 'find', subject: 'article' },
      { action: 'findOne', subject: 'article' },
    ]);
    users.owner = await role('owner', [
      { action: 'find', subject: 'article', conditions: OWN },
      { action: 'create', subject: 'article' },
      { action: 'update', subject: 'article', conditions: OWN },
      { action: 'find', subject: 'writer', conditions: OWN },
      { action: 'create', subject: 'writer' },
    ]);
    users.narrow = await role('narrow', [
      { action: 'find', subject: 'article' },
      { action: 'find', subject: 'writer', fields: ['name'] },
    ]);
    users.clerk = await role('clerk', [
      { action: 'create', subject: 'article' },
      { action: 'update', subject: 'article' },
      { action: 'find', subject: 'article', fields: ['title'] },
      { action: 'find', subject: 'tag' },
    ]);
  });

  afterAll(() => cms.close());

  describe('filters and sorts through a relation', () => {
    it('refuse a relation to a type the caller may not find, naming the path, like an unknown key', async () => {
      const filtered = await as(users.reader).get('/api/articles?filters[author][name][$eq]=Ann').expect(400);
      expect(filtered.body.error.details.errors).toEqual([
        { path: ['filters', 'author'], message: 'Invalid key author', name: 'ValidationError' },
      ]);
      const unknown = await as(users.reader).get('/api/articles?filters[nobody][name][$eq]=Ann').expect(400);
      expect(unknown.body.error.details.errors[0].message).toBe('Invalid key nobody');
      await as(users.reader).get('/api/articles?filters[$or][0][author][name][$startsWith]=A').expect(400);
      await as(users.reader).get('/api/articles?filters[tags][name][$eq]=news').expect(400);
      await as(users.reader).get('/api/articles?sort=author.name').expect(400);
      await as(users.reader)
        .get('/api/articles/' + ids.first + '?filters[author][id][$notNull]=true')
        .expect(400);
    });

    it('populate such a relation empty, whatever is asked of it', async () => {
      const { body } = await as(users.reader)
        .get(`/api/articles/${ids.first}?populate[author][fields][0]=email&populate[tags]=true`)
        .expect(200);
      expect(body.data).toMatchObject({ title: 'First', author: null, tags: [] });
    });

    it('never match a related row hidden by the related type’s row condition, not even as a count', async () => {
      const mine = (await as(users.owner).post('/api/writers', { name: 'Mine' }).expect(201)).body.data.documentId;
      const own = (await as(users.owner).post('/api/articles', { title: 'Own', author: mine }).expect(201)).body.data;
      const linked = (await as(users.owner).post('/api/articles', { title: 'Linked' }).expect(201)).body.data;
      // The admin links the owner's article to Bea, whom the owner may not see.
      await as(admin).put(`/api/articles/${linked.documentId}`, { author: ids.bea }).expect(200);
      const byHidden = await as(users.owner).get('/api/articles?filters[author][name][$eq]=Bea').expect(200);
      expect(byHidden.body.data).toEqual([]);
      expect(byHidden.body.meta.pagination.total).toBe(0);
      const byId = await as(users.owner).get(`/api/articles?filters[author][documentId][$eq]=${ids.bea}`).expect(200);
      expect(byId.body.data).toEqual([]);
      const byOwn = await as(users.owner).get('/api/articles?filters[author][name][$eq]=Mine').expect(200);
      expect(titles(byOwn.body)).toEqual(['Own']);
      expect(own.title).toBe('Own');
      // Sorting through the hidden relation sorts it as a missing one, in both directions.
      for (const direction of ['asc', 'desc']) {
        const sorted = await as(users.owner).get(`/api/articles?sort=author.name:${direction}`).expect(200);
        expect(titles(sorted.body)).toEqual(['Linked', 'Own']);
      }
    });

    it('refuse a field outside the related type’s allow-list', async () => {
      const hidden = await as(users.narrow)
        .get('/api/articles?filters[author][email][$eq]=ann@example.com')
        .expect(400);
      expect(hidden.body.error.details.errors[0]).toMatchObject({
        path: ['filters', 'author', 'email'],
        message: 'Invalid key email',
      });
      await as(users.narrow).get('/api/articles?sort=author.email').expect(400);
      await as(users.narrow).get('/api/articles?populate[author][fields][0]=email').expect(400);
      const allowed = await as(users.narrow).get('/api/articles?filters[author][name][$eq]=Ann').expect(200);
      expect(titles(allowed.body)).toEqual(['First', 'Second']);
      const populated = await as(users.narrow).get(`/api/articles/${ids.first}?populate=author`);
      expect(populated.status).toBe(403); // no findOne on articles
      const listed = await as(users.narrow).get('/api/articles?populate=author&sort=title').expect(200);
      expect(listed.body.data[0].author).toEqual(expect.objectContaining({ name: 'Ann' }));
      expect(listed.body.data[0].author).not.toHaveProperty('email');
    });
  });

  describe('writes', () => {
    it('answer only what the caller may read of the written document', async () => {
      const created = await as(users.clerk)
        .post('/api/articles', { title: 'Clerk', body: 'secret body', views: 3 })
        .expect(201);
      expect(created.body.data).toMatchObject({ title: 'Clerk' });
      expect(created.body.data).not.toHaveProperty('body');
      expect(created.body.data).not.toHaveProperty('views');
      const updated = await as(users.clerk)
        .put(`/api/articles/${created.body.data.documentId}`, { views: 4 })
        .expect(200);
      expect(Object.keys(updated.body.data).sort()).toEqual(
        ['createdAt', 'documentId', 'id', 'publishedAt', 'title', 'updatedAt'].sort(),
      );
    });

    it('refuse a relation input naming a document the caller may not see exactly as a missing one', async () => {
      const hidden = await as(users.owner).post('/api/articles', { title: 'Hidden', author: ids.ann }).expect(400);
      const missing = await as(users.owner)
        .post('/api/articles', { title: 'Missing', author: 'nosuchdocumentatall00000' })
        .expect(400);
      const shape = (body: { error: { name: string; message: string; details: { errors: object[] } } }) =>
        JSON.stringify(body.error).replace(/ann|nosuchdocumentatall00000|[a-z0-9]{24}/g, 'ID');
      expect(shape(hidden.body)).toBe(shape(missing.body));
      // A clerk may not find writers at all: every writer is missing to it.
      const none = await as(users.clerk).post('/api/articles', { title: 'X', author: ids.ann }).expect(400);
      expect(none.body.error.details.errors[0].path).toEqual(['data', 'author']);
      await as(users.clerk)
        .post('/api/articles', { title: 'Tagged', tags: [ids.news] })
        .expect(201);
    });

    it('store a password attribute as an argon2id hash that no answer, filter or sort reaches', async () => {
      const created = await as(admin).post('/api/articles', { title: 'Pinned', pin: 'open sesame' }).expect(201);
      expect(created.body.data).not.toHaveProperty('pin');
      const [row] = await queryDatabase(
        cms.database.url,
        `SELECT pin FROM articles WHERE document_id = '${created.body.data.documentId}'`,
      );
      expect(String(row.pin)).toMatch(/^\$argon2id\$/);
      await as(admin).get('/api/articles?filters[pin][$eq]=open%20sesame').expect(400);
      await as(admin).get('/api/articles?sort=pin').expect(400);
      await as(admin).get('/api/articles?fields[0]=pin').expect(400);
      const read = await as(admin).get(`/api/articles/${created.body.data.documentId}`).expect(200);
      expect(read.body.data).not.toHaveProperty('pin');
    });

    it('refuse JSON nested too deep with a 400, never a stack overflow', async () => {
      const deep = `{"data":{"title":"Deep","extra":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`;
      const response = await cms
        .http()
        .post('/api/articles')
        .auth(admin.accessToken, { type: 'bearer' })
        .set('Content-Type', 'application/json')
        .send(deep);
      expect(response.status).toBe(400);
      expect(response.body.error.name).toBe('ValidationError');
      const nested = await as(admin)
        .post('/api/articles', { title: 'Nested', extra: JSON.parse(`${'['.repeat(65)}${']'.repeat(65)}`) })
        .expect(400);
      expect(nested.body.error.details.errors[0]).toMatchObject({
        path: ['data', 'extra'],
        message: 'nests deeper than 64 levels',
      });
      await as(admin)
        .post('/api/articles', { title: 'Fine', extra: { a: [[[1]]] } })
        .expect(201);
    });
  });

  describe('prototype keys', () => {
    it('are a 400 in a query string, not a filter silently dropped', async () => {
      for (const query of ['filters[constructor][$eq]=x', 'filters[title][constructor]=x', '__proto__[x]=1']) {
        const { body } = await as(admin).get(`/api/articles?${query}`).expect(400);
        expect(body.error.name).toBe('ValidationError');
      }
    });

    it('are a 400 in any body, the admin API’s included', async () => {
      const post = (path: string, raw: string) =>
        cms
          .http()
          .post(path)
          .auth(admin.accessToken, { type: 'bearer' })
          .set('Content-Type', 'application/json')
          .send(raw);
      const role = await post('/admin/roles', '{"code":"sneaky","name":"S","permissions":[],"__proto__":{"x":1}}');
      expect(role.status).toBe(400);
      expect(role.body.error.details.errors[0].path).toEqual(['__proto__']);
      const content = await post('/api/articles', '{"data":{"title":"P","constructor":{"prototype":1}}}');
      expect(content.status).toBe(400);
      await cms.http().get('/admin/roles').auth(admin.accessToken, { type: 'bearer' }).expect(200);
    });
  });

  describe('populate', () => {
    it('sorts by a field of a related document (populate[x][sort]=rel.attr)', async () => {
      const ascending = await as(admin)
        .get(`/api/writers/${ids.ann}?populate[articles][sort]=reviewer.name:asc`)
        .expect(200);
      expect(ascending.body.data.articles.map((article: { title: string }) => article.title)).toEqual([
        'Second',
        'First',
      ]);
      const descending = await as(admin)
        .get(`/api/writers/${ids.ann}?populate[articles][sort]=reviewer.name:desc`)
        .expect(200);
      expect(descending.body.data.articles.map((article: { title: string }) => article.title)).toEqual([
        'First',
        'Second',
      ]);
    });

    it('refuses an answer over the document budget before building it, and limits to-many populates per parent', async () => {
      const tags = [];
      for (const name of ['b1', 'b2', 'b3'])
        tags.push((await as(admin).post('/api/tags', { name }).expect(201)).body.data.documentId);
      for (let index = 0; index < 40; index += 1)
        await as(admin)
          .post('/api/articles', { title: `Budget ${index}`, tags })
          .expect(201);
      const page = '/api/articles?filters[title][$startsWith]=Budget&pagination[pageSize]=40';
      const over = await as(admin).get(`${page}&populate[tags]=true`).expect(400);
      expect(over.body.error).toMatchObject({
        name: 'ValidationError',
        message: expect.stringContaining('at most 100 documents'),
        details: { errors: [expect.objectContaining({ path: ['populate', 'tags'] })] },
      });
      const limited = await as(admin).get(`${page}&populate[tags][limit]=1&populate[tags][sort]=name:desc`).expect(200);
      expect(limited.body.data).toHaveLength(40);
      for (const article of limited.body.data)
        expect(article.tags.map((tag: { name: string }) => tag.name)).toEqual(['b3']);
      await as(admin).get(`${page}&populate[author][limit]=1`).expect(400);
      // A page alone is within the budget, however deep the populate asked for: nothing to populate.
      await as(admin).get(`${page}&populate[author][populate][articles][populate][tags]=true`).expect(200);
    });
  });

  it('answers a role whose condition names a removed attribute with no rows, not a 500', async () => {
    const broken = await role('broken', [{ action: 'find', subject: 'article', conditions: { gone: { $eq: 'x' } } }]);
    await as(admin).post('/api/articles', { title: 'Gone', gone: 'x' }).expect(201);
    expect(titles((await as(broken).get('/api/articles').expect(200)).body)).toEqual(['Gone']);
    const registry = cms.app.get(SchemaRegistry);
    const article = TYPES[2]!;
    const { gone: _, ...attributes } = article.attributes;
    await registry.put([{ ...article, attributes }], 'update', { confirmed: true });
    const after = await as(broken).get('/api/articles').expect(200);
    expect(after.body.data).toEqual([]);
    expect(after.body.meta.pagination.total).toBe(0);
  });
});
