import { DataSource } from 'typeorm';
import { createUser, loginAsAdmin, roleIds, type Session } from './support/auth';
import { putContentTypes } from './support/content-types';
import { startTestApp, type TestApp } from './support/test-app';

describe('the Content API: writing', () => {
  let cms: TestApp;
  let editor: Session;
  let author: Session;
  let ann: string;
  let news: string;
  let tech: string;

  const as = (session: Session | null) => ({
    get: (path: string) => auth(cms.http().get(path), session),
    post: (path: string, body: unknown) => auth(cms.http().post(path), session).send(body as object),
    put: (path: string, body: unknown) => auth(cms.http().put(path), session).send(body as object),
    delete: (path: string) => auth(cms.http().delete(path), session),
  });
  const auth = <T extends { auth: (token: string, options: { type: 'bearer' }) => T }>(
    request: T,
    session: Session | null,
  ) => (session ? request.auth(session.accessToken, { type: 'bearer' }) : request);

  beforeAll(async () => {
    cms = await startTestApp();
    const admin = await loginAsAdmin(cms);
    const definitions = [
      {
        info: { singularName: 'person', pluralName: 'people', displayName: 'Person' },
        attributes: { name: { type: 'string', required: true } },
      },
      {
        info: { singularName: 'tag', pluralName: 'tags', displayName: 'Tag' },
        attributes: { name: { type: 'string', unique: true } },
      },
      {
        info: { singularName: 'article', pluralName: 'articles', displayName: 'Article' },
        options: { draftAndPublish: true },
        attributes: {
          title: { type: 'string', required: true, unique: true, maxLength: 80 },
          slug: { type: 'uid', targetField: 'title' },
          views: { type: 'integer', min: 0, default: 0 },
          category: { type: 'enumeration', enum: ['news', 'tech'] },
          contact: { type: 'email' },
          body: { type: 'richtext' },
          extra: { type: 'json' },
          writer: { type: 'relation', relation: 'manyToOne', target: 'person' },
          tags: { type: 'relation', relation: 'manyToMany', target: 'tag' },
        },
      },
    ];
    await putContentTypes(cms, admin, definitions);
    editor = await createUser(cms, ['editor']);
    author = await createUser(cms, ['author']);
    ann = (
      await as(editor)
        .post('/api/people', { data: { name: 'Ann' } })
        .expect(201)
    ).body.data.documentId;
    news = (
      await as(editor)
        .post('/api/tags', { data: { name: 'news' } })
        .expect(201)
    ).body.data.documentId;
    tech = (
      await as(editor)
        .post('/api/tags', { data: { name: 'tech' } })
        .expect(201)
    ).body.data.documentId;
    void roleIds;
  });

  afterAll(() => cms.close());

  it('creates and publishes by default, with defaults, a generated uid and timestamps', async () => {
    const created = await as(editor)
      .post('/api/articles', {
        data: { title: 'Hello World', category: 'news', writer: ann, tags: [news, tech], extra: { a: [1] } },
      })
      .expect(201);
    expect(created.body).toEqual({
      data: {
        id: expect.any(Number),
        documentId: expect.stringMatching(/^[a-z0-9]{24}$/),
        title: 'Hello World',
        slug: 'hello-world',
        views: 0,
        category: 'news',
        contact: null,
        body: null,
        extra: { a: [1] },
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        publishedAt: expect.any(String),
      },
      meta: {},
    });
    const documentId = created.body.data.documentId;
    await as(editor).get(`/api/articles/${documentId}`).expect(200);
    const byRelations = await as(editor)
      .get('/api/articles?filters[writer][name][$eq]=Ann&filters[tags][name][$eq]=tech')
      .expect(200);
    expect(byRelations.body.data.map((doc: { documentId: string }) => doc.documentId)).toEqual([documentId]);
  });

  it('answers a create with the document as stored, as a read gives it, for every kind of value', async () => {
    // No to-many links: the rows come back from the INSERT itself (RETURNING) instead of a read.
    const admin = await loginAsAdmin(cms);
    await putContentTypes(cms, admin, [
      {
        info: { singularName: 'reading', pluralName: 'readings', displayName: 'Reading' },
        options: { draftAndPublish: true },
        attributes: {
          label: { type: 'string' },
          price: { type: 'decimal' },
          ratio: { type: 'float' },
          big: { type: 'biginteger' },
          count: { type: 'integer', default: 7 },
          ok: { type: 'boolean', default: true },
          day: { type: 'date' },
          at: { type: 'datetime' },
          data: { type: 'json' },
          kind: { type: 'enumeration', enum: ['a', 'b'] },
          by: { type: 'relation', relation: 'manyToOne', target: 'person' },
        },
      },
    ]);
    const data = {
      label: 'ünïcode ✓',
      price: 12.5,
      ratio: 0.25,
      big: '9007199254740991',
      day: '2026-02-03',
      at: '2026-02-03T04:05:06.789Z',
      data: { nested: [1, 'two', null] },
      kind: 'b',
      by: ann,
    };
    for (const status of ['published', 'draft']) {
      const created = await as(editor).post(`/api/readings?status=${status}`, { data }).expect(201);
      const read = await as(editor).get(`/api/readings/${created.body.data.documentId}?status=${status}`).expect(200);
      expect(created.body.data).toEqual(read.body.data);
      const { by: _by, ...values } = data;
      expect(created.body.data).toMatchObject({ ...values, count: 7, ok: true });
      expect(created.body.data.publishedAt === null).toBe(status === 'draft');
    }
  });

  it('keeps unique values unique, case-insensitively, and uids unique with a suffix', async () => {
    const duplicate = await as(editor)
      .post('/api/articles', { data: { title: 'HELLO WORLD' } })
      .expect(409);
    expect(duplicate.body.error).toMatchObject({
      name: 'ConflictError',
      details: { errors: [{ path: ['data', 'title'] }] },
    });
    const sameSlug = await as(editor)
      .post('/api/articles', { data: { title: 'Hello, World!' } })
      .expect(201);
    expect(sameSlug.body.data.slug).toBe('hello-world-1');
  });

  it('stays consistent under concurrent writes of one unique value', async () => {
    const results = await Promise.all(
      [1, 2, 3].map(() => as(editor).post('/api/articles', { data: { title: 'Raced' } })),
    );
    expect(results.map((result) => result.status).sort()).toEqual([201, 409, 409]);
  });

  it('answers each bad input with a 400 naming it, and writes nothing', async () => {
    const bad = await as(editor)
      .post('/api/articles', {
        data: {
          title: 'x'.repeat(81),
          views: -1,
          category: 'sport',
          contact: 'nope',
          nope: 1,
          id: 5,
          writer: 'missing-person',
        },
      })
      .expect(400);
    expect(bad.body.error.details.errors.map((issue: { path: string[] }) => issue.path.join('.'))).toEqual([
      'data.title',
      'data.views',
      'data.category',
      'data.contact',
      'data.nope',
      'data.id',
    ]);
    const missingTarget = await as(editor)
      .post('/api/articles', { data: { title: 'Orphan', writer: 'missingperson' } })
      .expect(400);
    expect(missingTarget.body.error.details.errors).toEqual([
      { path: ['data', 'writer'], message: 'no person missingperson', name: 'ValidationError' },
    ]);
    const required = await as(editor)
      .post('/api/articles', { data: { views: 3 } })
      .expect(400);
    expect(required.body.error.details.errors).toEqual([
      { path: ['data', 'title'], message: 'is required', name: 'ValidationError' },
    ]);
    await as(editor).post('/api/articles', { title: 'no data wrapper' }).expect(400);
    await as(editor)
      .post('/api/articles?populate=*', { data: { title: 'query on a write' } })
      .expect(400);
    const list = await as(editor).get('/api/articles?filters[title][$eq]=Orphan&status=draft').expect(200);
    expect(list.body.data).toEqual([]);
  });

  it('refuses a link to a document deleted behind its back (by another instance) with a 400, and writes nothing', async () => {
    const bob = (
      await as(editor)
        .post('/api/people', { data: { name: 'Bob' } })
        .expect(201)
    ).body.data.documentId;
    const gone = (
      await as(editor)
        .post('/api/tags', { data: { name: 'gone' } })
        .expect(201)
    ).body.data.documentId;
    // Linked once, both are known to this instance, which then skips looking them up.
    await as(editor)
      .post('/api/articles', { data: { title: 'Known links', writer: bob, tags: [gone] } })
      .expect(201);
    const database = cms.app.get(DataSource);
    for (const documentId of [bob, gone])
      await database.query('DELETE FROM cms_documents WHERE document_id = ?', [documentId]);
    const toOne = await as(editor)
      .post('/api/articles', { data: { title: 'Dangling writer', writer: bob } })
      .expect(400);
    expect(toOne.body.error.details.errors).toEqual([
      { path: ['data', 'writer'], message: `no person ${bob}`, name: 'ValidationError' },
    ]);
    await as(editor)
      .post('/api/people', { data: { name: 'Cat' } })
      .expect(201);
    const toMany = await as(editor)
      .post('/api/articles', { data: { title: 'Dangling tag', tags: [news, gone] } })
      .expect(400);
    expect(toMany.body.error.details.errors).toEqual([
      { path: ['data', 'tags'], message: `no tag ${gone}`, name: 'ValidationError' },
    ]);
    const written = await as(editor).get('/api/articles?filters[title][$startsWith]=Dangling&status=draft').expect(200);
    expect(written.body.data).toEqual([]);
  });

  it('writes drafts with status=draft, and publishes, unpublishes and discards drafts', async () => {
    const draft = await as(editor)
      .post('/api/articles?status=draft', { data: { views: 5 } })
      .expect(201);
    const id = draft.body.data.documentId;
    expect(draft.body.data.publishedAt).toBeNull();
    await as(editor).get(`/api/articles/${id}`).expect(404);
    await as(editor)
      .put(`/api/articles/${id}?status=draft`, { data: { title: 'Drafted' } })
      .expect(200);
    await as(editor).post(`/api/articles/${id}/actions/publish`, {}).expect(200);
    expect((await as(editor).get(`/api/articles/${id}`).expect(200)).body.data.title).toBe('Drafted');
    await as(editor)
      .put(`/api/articles/${id}?status=draft`, { data: { title: 'Changed draft' } })
      .expect(200);
    expect((await as(editor).get(`/api/articles/${id}`).expect(200)).body.data.title).toBe('Drafted');
    await as(editor).post(`/api/articles/${id}/actions/discard-draft`, {}).expect(200);
    expect((await as(editor).get(`/api/articles/${id}?status=draft`).expect(200)).body.data.title).toBe('Drafted');
    await as(editor)
      .put(`/api/articles/${id}`, { data: { title: 'Published directly', tags: { connect: [news] } } })
      .expect(200);
    const published = await as(editor)
      .get(`/api/articles?filters[tags][name][$eq]=news&filters[documentId][$eq]=${id}`)
      .expect(200);
    expect(published.body.data.map((doc: { title: string }) => doc.title)).toEqual(['Published directly']);
    await as(editor).post(`/api/articles/${id}/actions/unpublish`, {}).expect(200);
    await as(editor).get(`/api/articles/${id}`).expect(404);
    await as(editor).post(`/api/articles/${id}/actions/archive`, {}).expect(404);
  });

  it('deletes a document with its versions', async () => {
    const created = await as(editor)
      .post('/api/articles', { data: { title: 'Short-lived' } })
      .expect(201);
    const id = created.body.data.documentId;
    await as(editor).delete(`/api/articles/${id}`).expect(204);
    await as(editor).get(`/api/articles/${id}`).expect(404);
    await as(editor).get(`/api/articles/${id}?status=draft`).expect(404);
    await as(editor).delete(`/api/articles/${id}`).expect(404);
  });

  it('lets an author write drafts of their own only, and never publish', async () => {
    const refused = await as(author)
      .post('/api/articles', { data: { title: 'By the author' } })
      .expect(403);
    expect(refused.body.error.message).toContain('status=draft');
    const own = await as(author)
      .post('/api/articles?status=draft', { data: { title: 'By the author' } })
      .expect(201);
    const mine = await as(author).get('/api/articles?status=draft').expect(200);
    expect(mine.body.data.map((doc: { documentId: string }) => doc.documentId)).toEqual([own.body.data.documentId]);
    const editors = await as(editor)
      .post('/api/articles?status=draft', { data: { title: 'By the editor' } })
      .expect(201);
    const other = await as(author)
      .put(`/api/articles/${editors.body.data.documentId}?status=draft`, { data: { title: 'Taken over' } })
      .expect(404);
    expect(other.body.error.name).toBe('NotFoundError');
    await as(author).delete(`/api/articles/${editors.body.data.documentId}`).expect(404);
    await as(author).post(`/api/articles/${own.body.data.documentId}/actions/publish`, {}).expect(403);
    await as(author).delete(`/api/articles/${own.body.data.documentId}`).expect(204);
  });

  it('refuses writes outside the field allow-list with a 403, and anonymous writes', async () => {
    const admin = await loginAsAdmin(cms);
    const ids = await roleIds(cms, admin);
    await cms
      .http()
      .put(`/admin/roles/${ids.authenticated}`)
      .auth(admin.accessToken, { type: 'bearer' })
      .send({
        code: 'authenticated',
        name: 'Authenticated',
        permissions: [{ action: 'create', subject: 'tag', fields: ['name'] }],
      })
      .expect(200);
    const plain = await createUser(cms, []);
    await as(plain)
      .post('/api/tags', { data: { name: 'allowed' } })
      .expect(201);
    await as(null)
      .post('/api/tags', { data: { name: 'anonymous' } })
      .expect(403);
    await as(plain)
      .post('/api/articles?status=draft', { data: { title: 'no' } })
      .expect(403);
  });
});
