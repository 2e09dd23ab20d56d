import { SchemaRegistry } from '@cms/schema';
import { createUser, type Session } from './support/auth';
import { startTestApp, type TestApp } from './support/test-app';

describe('the Content API: populate', () => {
  let cms: TestApp;
  let editor: Session;
  const ids: Record<string, string> = {};

  const get = (path: string, session: Session = editor) =>
    cms.http().get(path).auth(session.accessToken, { type: 'bearer' });
  const post = (path: string, data: object) =>
    cms.http().post(path).auth(editor.accessToken, { type: 'bearer' }).send({ data }).expect(201);

  beforeAll(async () => {
    // The statement count measures a warm instance: the session cache must not lapse mid-test.
    cms = await startTestApp({ env: { AUTH_CACHE_TTL_MS: '60000' } });
    // Types that point at each other are applied together (as SCHEMA_DIR and schema:apply do).
    await cms.app.get(SchemaRegistry).put(
      [
        {
          info: { singularName: 'person', pluralName: 'people', displayName: 'Person' },
          attributes: {
            name: { type: 'string' },
            email: { type: 'email', private: true },
            articles: { type: 'relation', relation: 'oneToMany', target: 'article', mappedBy: 'writer' },
          },
        },
        {
          info: { singularName: 'tag', pluralName: 'tags', displayName: 'Tag' },
          attributes: { name: { type: 'string' } },
        },
        {
          info: { singularName: 'article', pluralName: 'articles', displayName: 'Article' },
          options: { draftAndPublish: true },
          attributes: {
            title: { type: 'string' },
            writer: { type: 'relation', relation: 'manyToOne', target: 'person', inversedBy: 'articles' },
            tags: { type: 'relation', relation: 'manyToMany', target: 'tag' },
          },
        },
      ],
      'upsert',
      { confirmed: false },
    );
    editor = await createUser(cms, ['editor']);
    ids.ann = (await post('/api/people', { name: 'Ann', email: 'ann@example.com' })).body.data.documentId;
    ids.bob = (await post('/api/people', { name: 'Bob' })).body.data.documentId;
    ids.news = (await post('/api/tags', { name: 'news' })).body.data.documentId;
    ids.tech = (await post('/api/tags', { name: 'tech' })).body.data.documentId;
    ids.first = (
      await post('/api/articles', { title: 'First', writer: ids.ann, tags: [ids.tech, ids.news] })
    ).body.data.documentId;
    ids.second = (
      await post('/api/articles', { title: 'Second', writer: ids.bob, tags: [ids.news] })
    ).body.data.documentId;
    ids.third = (await post('/api/articles', { title: 'Third' })).body.data.documentId;
  });

  afterAll(() => cms.close());

  const titles = (documents: { title: string }[]) => documents.map((document) => document.title);

  it('leaves relations out unless populated, and populates to-one and to-many ones in order', async () => {
    const plain = await get('/api/articles?sort=title').expect(200);
    expect(plain.body.data[0]).not.toHaveProperty('writer');
    const { body } = await get('/api/articles?sort=title&populate[0]=writer&populate[1]=tags').expect(200);
    expect(
      body.data.map((doc: { title: string; writer: { name: string } | null; tags: { name: string }[] }) => [
        doc.title,
        doc.writer?.name ?? null,
        doc.tags.map((tag) => tag.name),
      ]),
    ).toEqual([
      ['First', 'Ann', ['tech', 'news']],
      ['Second', 'Bob', ['news']],
      ['Third', null, []],
    ]);
    expect(body.data[0].writer).toEqual({
      id: expect.any(Number),
      documentId: ids.ann,
      name: 'Ann',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      publishedAt: expect.any(String),
    });
    expect(JSON.stringify(body)).not.toContain('ann@example.com');
  });

  it('populates everything with *, fields, filters and sort inside a populate, and nested populates', async () => {
    const all = await get(`/api/articles/${ids.first}?populate=*`).expect(200);
    expect(Object.keys(all.body.data)).toEqual(expect.arrayContaining(['writer', 'tags']));
    const shaped = await get(
      `/api/articles/${ids.first}?populate[writer][fields][0]=name&populate[tags][sort]=name:asc&populate[tags][filters][name][$ne]=news`,
    ).expect(200);
    expect(Object.keys(shaped.body.data.writer).sort()).toEqual([
      'createdAt',
      'documentId',
      'id',
      'name',
      'publishedAt',
      'updatedAt',
    ]);
    expect(shaped.body.data.tags.map((tag: { name: string }) => tag.name)).toEqual(['tech']);
    const nested = await get(
      `/api/people?sort=name&populate[articles][populate][0]=tags&populate[articles][sort]=title`,
    ).expect(200);
    expect(
      nested.body.data.map((person: { name: string; articles: { title: string; tags: { name: string }[] }[] }) => [
        person.name,
        person.articles.map((article) => [article.title, article.tags.map((tag) => tag.name)]),
      ]),
    ).toEqual([
      ['Ann', [['First', ['tech', 'news']]]],
      ['Bob', [['Second', ['news']]]],
    ]);
    expect(titles((await get(`/api/people/${ids.ann}?populate=articles`).expect(200)).body.data.articles)).toEqual([
      'First',
    ]);
  });

  it('refuses populating what is not a relation, or too deep', async () => {
    await get('/api/articles?populate=title').expect(400);
    await get(`/api/articles?populate${'[writer][populate][articles][populate]'.repeat(3)}[writer]=true`).expect(400);
  });

  it('populates only types the caller may find', async () => {
    const author = await createUser(cms, ['author']);
    const mine = await cms
      .http()
      .post('/api/articles?status=draft')
      .auth(author.accessToken, { type: 'bearer' })
      .send({ data: { title: 'Mine' } })
      .expect(201);
    // The editor links it to Ann, whom the author may not see.
    await cms
      .http()
      .put(`/api/articles/${mine.body.data.documentId}?status=draft`)
      .auth(editor.accessToken, { type: 'bearer' })
      .send({ data: { writer: ids.ann } })
      .expect(200);
    const { body } = await get('/api/articles?status=draft&populate=writer', author).expect(200);
    // Authors find only their own entries, of every type: Ann, created by the editor, is not theirs.
    expect(body.data.map((doc: { title: string; writer: unknown }) => [doc.title, doc.writer])).toEqual([
      ['Mine', null],
    ]);
  });

  it('reads a populated list of 100 entries in one statement for the page, one for the count, one per relation', async () => {
    for (let index = 0; index < 100; index += 1)
      await post('/api/articles', { title: `Bulk ${index}`, writer: index % 2 ? ids.ann : ids.bob, tags: [ids.news] });
    const list = '/api/articles?filters[title][$startsWith]=Bulk&pagination[pageSize]=100';
    // The Server-Timing header counts the statements of this request alone (timers and other
    // requests run outside it).
    const statementsOf = async (url: string): Promise<number> => {
      // Warms the caches of authentication and permissions, not the read cache of this answer.
      await get('/api/articles?pagination[pageSize]=1&populate[0]=writer&populate[1]=tags').expect(200);
      const response = await get(url).expect(200);
      expect(response.body.data).toHaveLength(100);
      expect(response.body.data.every((doc: { writer: unknown }) => doc.writer !== null)).toBe(true);
      return Number(/statements;desc="(\d+)"/.exec(response.headers['server-timing'] ?? '')?.[1]);
    };
    expect(await statementsOf(`${list}&populate[0]=writer`)).toBe(3);
    expect(await statementsOf(`${list}&populate[0]=writer&populate[1]=tags`)).toBe(4);
  });
});
