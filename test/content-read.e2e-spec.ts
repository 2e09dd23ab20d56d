import { DataSource } from 'typeorm';
import { createUser, loginAsAdmin, roleIds, type Session } from './support/auth';
import { putContentTypes } from './support/content-types';
import { startTestApp, type TestApp } from './support/test-app';

/** Reads through the Content API: Strapi v5 responses, pagination, permissions in SQL. */
describe('the Content API: reading', () => {
  let cms: TestApp;
  let admin: Session;
  let roles: Record<string, number>;

  beforeAll(async () => {
    cms = await startTestApp();
    admin = await loginAsAdmin(cms);
    roles = await roleIds(cms, admin);
    await putContentTypes(cms, admin, [
      {
        info: { singularName: 'article', pluralName: 'articles', displayName: 'Article' },
        options: { draftAndPublish: true },
        attributes: {
          title: { type: 'string' },
          views: { type: 'integer' },
          featured: { type: 'boolean' },
          note: { type: 'string', private: true },
          publishedDate: { type: 'datetime' },
        },
      },
    ]);
    const dataSource = cms.app.get(DataSource);
    const author = await createUser(cms, ['author']);
    for (let index = 1; index <= 30; index += 1) {
      const id = `doc${String(index).padStart(3, '0')}`;
      await dataSource.query('INSERT INTO cms_documents (document_id, content_type) VALUES (?, ?)', [id, 'article']);
      for (const published of index % 10 === 0 ? [0] : [0, 1]) {
        await dataSource.query(
          'INSERT INTO articles (document_id, is_published, created_at, updated_at, published_at, created_by_id, title, views, featured, note, published_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
          [
            id,
            published,
            '2026-01-01 10:00:00.000',
            '2026-01-02 10:00:00.000',
            published ? '2026-01-03 10:00:00.000' : null,
            index <= 3 ? author.userId : null,
            `Article ${index}${published ? '' : ' (draft)'}`,
            index * 10,
            index % 2 === 0 ? 1 : 0,
            'secret note',
            '2025-05-05 05:05:05.000',
          ],
        );
      }
    }
    authorSession = author;
  });

  let authorSession: Session;

  afterAll(() => cms.close());

  const get = (path: string, session: Session | null = admin) => {
    const request = cms.http().get(path);
    return session ? request.auth(session.accessToken, { type: 'bearer' }) : request;
  };

  it('lists published documents in Strapi v5’s shape, 25 a page, with the total', async () => {
    const { body } = await get('/api/articles').expect(200);
    expect(body.meta).toEqual({ pagination: { page: 1, pageSize: 25, pageCount: 2, total: 27 } });
    expect(body.data).toHaveLength(25);
    expect(body.data[0]).toEqual({
      id: expect.any(Number),
      documentId: 'doc001',
      title: 'Article 1',
      views: 10,
      featured: false,
      publishedDate: '2025-05-05T05:05:05.000Z',
      createdAt: '2026-01-01T10:00:00.000Z',
      updatedAt: '2026-01-02T10:00:00.000Z',
      publishedAt: '2026-01-03T10:00:00.000Z',
    });
    expect(JSON.stringify(body)).not.toContain('secret note');
  });

  it('filters, sorts, selects fields and pages', async () => {
    const { body } = await get(
      '/api/articles?filters[views][$gte]=100&filters[featured][$eq]=true&sort=views:desc&fields[0]=title&pagination[page]=2&pagination[pageSize]=3',
    ).expect(200);
    expect(body.data.map((doc: { title: string }) => doc.title)).toEqual(['Article 22', 'Article 18', 'Article 16']);
    expect(Object.keys(body.data[0]).sort()).toEqual([
      'createdAt',
      'documentId',
      'id',
      'publishedAt',
      'title',
      'updatedAt',
    ]);
    expect(body.meta.pagination).toEqual({ page: 2, pageSize: 3, pageCount: 3, total: 8 });
    const offset = await get('/api/articles?pagination[start]=25&pagination[limit]=5').expect(200);
    expect(offset.body.meta.pagination).toEqual({ start: 25, limit: 5, total: 27 });
    expect(offset.body.data).toHaveLength(2);
    const uncounted = await get('/api/articles?pagination[withCount]=false&pagination[pageSize]=2').expect(200);
    expect(uncounted.body.meta.pagination).toEqual({ page: 1, pageSize: 2 });
  });

  it('pages by cursor through every document once, for any sort, ties broken by id', async () => {
    for (const sort of ['views:desc', 'featured:asc', 'featured:desc,title:asc', 'publishedDate:asc']) {
      const all = (await get(`/api/articles?sort=${sort}&pagination[pageSize]=100`).expect(200)).body.data.map(
        (doc: { documentId: string }) => doc.documentId,
      );
      const walked: string[] = [];
      let cursor = '';
      for (let page = 0; page < 10; page += 1) {
        const { body } = await get(
          `/api/articles?sort=${sort}&pagination[limit]=4&pagination[cursor]=${cursor}`,
        ).expect(200);
        walked.push(...body.data.map((doc: { documentId: string }) => doc.documentId));
        expect(Object.keys(body.meta.pagination).sort()).toEqual(['limit', 'nextCursor']);
        if (body.meta.pagination.nextCursor === null) break;
        cursor = body.meta.pagination.nextCursor;
      }
      expect(walked).toEqual(all);
    }
  });

  it('refuses a forged cursor, and a cursor made for another sort', async () => {
    const { body } = await get('/api/articles?sort=views:desc&pagination[limit]=2&pagination[cursor]=').expect(200);
    const cursor = body.meta.pagination.nextCursor;
    await get(`/api/articles?sort=title&pagination[limit]=2&pagination[cursor]=${cursor}`).expect(400);
    const forged = await get('/api/articles?sort=views:desc&pagination[cursor]=bm90LWEtY3Vyc29y').expect(400);
    expect(forged.body.error.details.errors[0].path).toEqual(['pagination', 'cursor']);
    await get('/api/articles?pagination[cursor]=x&pagination[page]=2').expect(400);
  });

  it('searches the readable text attributes, every word case-insensitively', async () => {
    const found = await get('/api/articles?search=ARTICLE%2012&sort=title').expect(200);
    expect(found.body.data.map((doc: { title: string }) => doc.title)).toEqual(['Article 12']);
    const none = await get('/api/articles?search=secret').expect(200);
    expect(none.body.meta.pagination.total).toBe(0);
  });

  it('searches by word prefix, and still honours words the full-text index leaves out', async () => {
    const titles = async (search: string) =>
      (
        await get(`/api/articles?search=${encodeURIComponent(search)}&sort=title&pagination[pageSize]=100`).expect(200)
      ).body.data.map((doc: { title: string }) => doc.title);
    expect(await titles('artic')).toHaveLength(27);
    // "the" is an InnoDB stopword and "7" shorter than its tokens: both must still be present.
    expect(await titles('artic 7')).toEqual(['Article 17', 'Article 27', 'Article 7']);
    expect(await titles('the artic')).toEqual([]);
    // A role limited to `views` has no readable text: nothing matches, whatever the index holds.
    await cms
      .http()
      .post('/admin/roles')
      .auth(admin.accessToken, { type: 'bearer' })
      .send({
        code: 'views-only',
        name: 'Views only',
        permissions: [{ action: 'find', subject: 'article', fields: ['views'] }],
      })
      .expect(201);
    const limited = await createUser(cms, ['views-only']);
    const restricted = await get('/api/articles?search=artic', limited).expect(200);
    expect(restricted.body.meta.pagination.total).toBe(0);
  });

  it('reads deep pages (ids first, then rows) exactly as shallow ones', async () => {
    const dataSource = cms.app.get(DataSource);
    const rows = Array.from({ length: 1100 }, (_, index) => `deep${String(index).padStart(5, '0')}`);
    for (let start = 0; start < rows.length; start += 250) {
      const chunk = rows.slice(start, start + 250);
      await dataSource.query(
        `INSERT INTO cms_documents (document_id, content_type) VALUES ${chunk.map(() => '(?, ?)').join(', ')}`,
        chunk.flatMap((id) => [id, 'article']),
      );
      await dataSource.query(
        `INSERT INTO articles (document_id, is_published, created_at, updated_at, published_at, title, views) VALUES ${chunk.map(() => '(?, 1, ?, ?, ?, ?, ?)').join(', ')}`,
        chunk.flatMap((id, index) => [
          id,
          '2026-01-01 00:00:00.000',
          '2026-01-01 00:00:00.000',
          '2026-01-01 00:00:00.000',
          `Deep ${id}`,
          (start + index) % 7,
        ]),
      );
    }
    const filter = 'filters[title][$startsWith]=Deep&sort=views:desc';
    const shallow = await get(`/api/articles?${filter}&pagination[start]=990&pagination[limit]=20`).expect(200);
    const deep = await get(`/api/articles?${filter}&pagination[start]=1000&pagination[limit]=20`).expect(200);
    const ids = (response: { body: { data: { documentId: string }[] } }) =>
      response.body.data.map((doc) => doc.documentId);
    expect(ids(deep).slice(0, 10)).toEqual(ids(shallow).slice(10));
    expect(deep.body.meta.pagination).toEqual({ start: 1000, limit: 20, total: 1100 });
    const last = await get(`/api/articles?${filter}&pagination[start]=1090&pagination[limit]=20`).expect(200);
    expect(last.body.data).toHaveLength(10);
    await dataSource.query("DELETE FROM cms_documents WHERE document_id LIKE 'deep%'");
  });

  it('reads drafts with status=draft', async () => {
    const { body } = await get('/api/articles?status=draft&filters[documentId][$eq]=doc010').expect(200);
    expect(body.data.map((doc: { title: string; publishedAt: null }) => [doc.title, doc.publishedAt])).toEqual([
      ['Article 10 (draft)', null],
    ]);
    await get('/api/articles/doc010').expect(404);
    const draft = await get('/api/articles/doc010?status=draft').expect(200);
    expect(draft.body).toEqual({
      data: expect.objectContaining({ documentId: 'doc010', title: 'Article 10 (draft)' }),
      meta: {},
    });
  });

  it('answers bad queries and private attributes with a 400, unknown types and documents with a 404', async () => {
    const privateFilter = await get('/api/articles?filters[note][$startsWith]=s').expect(400);
    expect(privateFilter.body.error.details.errors).toEqual([
      { path: ['filters', 'note'], message: 'Invalid key note', name: 'ValidationError' },
    ]);
    expect((await get('/api/articles?pagination[pageSize]=101&t=123').expect(200)).body.meta.pagination.pageSize).toBe(
      100,
    );
    await get('/api/articles?sort=note').expect(400);
    await get('/api/articles?filters[views][$regex]=1').expect(400);
    await get('/api/nothings').expect(404);
    await get('/api/articles/no-such-document').expect(404);
  });

  it('is closed to the public until granted, then open to the fields granted', async () => {
    await get('/api/articles', null).expect(403);
    await cms
      .http()
      .put(`/admin/roles/${roles.public}`)
      .auth(admin.accessToken, { type: 'bearer' })
      .send({
        code: 'public',
        name: 'Public',
        permissions: [{ action: 'find', subject: 'article', fields: ['title'] }],
      })
      .expect(200);
    const { body } = await get('/api/articles?pagination[pageSize]=1', null).expect(200);
    expect(Object.keys(body.data[0]).sort()).toEqual([
      'createdAt',
      'documentId',
      'id',
      'publishedAt',
      'title',
      'updatedAt',
    ]);
    await get('/api/articles?filters[views][$gt]=1', null).expect(400);
    await get('/api/articles/doc001', null).expect(403);
  });

  it('applies an author’s own-entries condition to lists, counts and single reads', async () => {
    const { body } = await get('/api/articles', authorSession).expect(200);
    expect(body.data.map((doc: { documentId: string }) => doc.documentId)).toEqual(['doc001', 'doc002', 'doc003']);
    expect(body.meta.pagination.total).toBe(3);
    await get('/api/articles/doc002', authorSession).expect(200);
    const other = await get('/api/articles/doc004', authorSession).expect(404);
    const missing = await get('/api/articles/doc999', authorSession).expect(404);
    expect(other.body).toEqual(missing.body);
  });
});
