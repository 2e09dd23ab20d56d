import { createUser, loginAsAdmin, type Session } from './support/auth';
import { startTestApp, type TestApp } from './support/test-app';

const TYPES = [
  {
    info: { singularName: 'notice', pluralName: 'notices', displayName: 'Notice' },
    pluginOptions: { i18n: { localized: true } },
    attributes: { title: { type: 'string' } },
  },
  { uid: 'shared.seo', info: { displayName: 'SEO' }, attributes: { metaTitle: { type: 'string', required: true } } },
  {
    info: { singularName: 'writer', pluralName: 'writers', displayName: 'Writer' },
    attributes: { name: { type: 'string', unique: true } },
  },
  {
    info: { singularName: 'book', pluralName: 'books', displayName: 'Book' },
    options: { draftAndPublish: true },
    attributes: {
      title: { type: 'string', required: true, minLength: 2 },
      slug: { type: 'uid', targetField: 'title' },
      pages: { type: 'integer', min: 1 },
      inPrint: { type: 'boolean' },
      writer: { type: 'relation', relation: 'manyToOne', target: 'writer' },
      seo: { type: 'component', component: 'shared.seo' },
    },
  },
];

/** `POST /api/:pluralName/import` (issue 14, item 3): JSON, NDJSON and CSV, by line, idempotent. */
describe('import', () => {
  let cms: TestApp;
  let admin: Session;
  let writer: string;

  const send = (path: string, body: string | object, contentType = 'application/json', session: Session = admin) => {
    const request = cms
      .http()
      .post(path)
      .auth(session.accessToken, { type: 'bearer' })
      .set('Content-Type', contentType);
    return request.send(typeof body === 'string' ? body : JSON.stringify(body));
  };
  const titles = async () =>
    (
      await cms.http().get('/api/books?sort=title&pagination[pageSize]=100').auth(admin.accessToken, { type: 'bearer' })
    ).body.data.map((book: { title: string }) => book.title);

  beforeAll(async () => {
    cms = await startTestApp();
    admin = await loginAsAdmin(cms);
    await cms
      .http()
      .put('/admin/content-types')
      .auth(admin.accessToken, { type: 'bearer' })
      .send({ definitions: TYPES })
      .expect(200);
    writer = (await send('/api/writers', { data: { name: 'Ann' } }).expect(201)).body.data.documentId;
  });

  afterAll(() => cms.close());

  it('imports CSV, reports a bad row by line and path, and then imports nothing', async () => {
    const csv = [
      'title,pages,inPrint,writer,seo',
      `Dune,412,true,${writer},"{""metaTitle"":""Dune""}"`,
      'X,0,maybe,,',
      'Emma,,false,,',
    ].join('\r\n');
    const refused = await send('/api/books/import', csv, 'text/csv').expect(400);
    expect(refused.body.error.details.errors).toEqual([
      { path: [3, 'title'], message: 'must be at least 2 characters', name: 'ValidationError' },
      { path: [3, 'pages'], message: 'must be at least 1', name: 'ValidationError' },
      { path: [3, 'inPrint'], message: 'must be true or false', name: 'ValidationError' },
    ]);
    expect(refused.body.error.message).toBe(
      '3 row(s) are invalid: nothing was imported (line 3: must be at least 2 characters)',
    );
    expect(await titles()).toEqual([]);

    const skipped = await send('/api/books/import?skipInvalid=true', csv, 'text/csv').expect(200);
    expect(skipped.body.data).toMatchObject({ written: true, created: 2, updated: 0, unchanged: 0, invalid: 3 });
    expect(await titles()).toEqual(['Dune', 'Emma']);
    const dune = (
      await cms.http().get('/api/books?filters[title][$eq]=Dune&populate=*').auth(admin.accessToken, { type: 'bearer' })
    ).body.data[0];
    expect(dune).toMatchObject({
      pages: 412,
      inPrint: true,
      writer: { documentId: writer },
      seo: { metaTitle: 'Dune' },
    });
  });

  it('upserts NDJSON by a unique key, and the same import twice changes nothing the second time', async () => {
    const ndjson = [
      JSON.stringify({ slug: 'dune', title: 'Dune', pages: 500, writer, seo: { metaTitle: 'Dune' } }),
      '',
      JSON.stringify({ slug: 'ulysses', title: 'Ulysses', pages: 730 }),
    ].join('\n');
    const first = await send('/api/books/import?key=slug', ndjson, 'application/x-ndjson').expect(200);
    expect(first.body.data).toMatchObject({ created: 1, updated: 1, unchanged: 0, invalid: 0 });
    const before = (
      await cms.http().get('/api/books?filters[slug][$eq]=dune').auth(admin.accessToken, { type: 'bearer' })
    ).body.data[0];
    const second = await send('/api/books/import?key=slug', ndjson, 'application/x-ndjson').expect(200);
    expect(second.body.data).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    const after = (
      await cms.http().get('/api/books?filters[slug][$eq]=dune').auth(admin.accessToken, { type: 'bearer' })
    ).body.data[0];
    expect([after.pages, after.updatedAt]).toEqual([500, before.updatedAt]);
    await send('/api/books/import?key=title', ndjson, 'application/x-ndjson').expect(400);
  });

  it('round-trips its own export, by documentId, without a change', async () => {
    const exported = await cms
      .http()
      .get('/api/books/export?format=json&populate[seo]=true&populate[writer][fields][0]=name')
      .auth(admin.accessToken, { type: 'bearer' })
      .buffer(true)
      .parse((response, done) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        response.on('end', () => done(null, text));
      });
    const documents = JSON.parse(exported.body as string).data.map((document: Record<string, unknown>) => ({
      ...document,
      writer: (document.writer as { documentId: string } | null)?.documentId ?? null,
      seo: document.seo === null ? null : { metaTitle: (document.seo as { metaTitle: string }).metaTitle },
    }));
    const again = await send('/api/books/import', { data: documents }).expect(200);
    expect(again.body.data).toMatchObject({ created: 0, updated: 0, unchanged: documents.length });
  });

  it('names related documents by a unique attribute of theirs: an object, or a column writer.name in CSV', async () => {
    await send('/api/writers', { data: { name: 'Zed' } }).expect(201);
    const json = await send('/api/books/import', [{ title: 'By name', writer: { name: 'zed' } }]).expect(200);
    expect(json.body.data).toMatchObject({ created: 1, invalid: 0 });
    const csv = await send(
      '/api/books/import',
      'title,writer.name\r\nBy column,Zed\r\nBy nobody,Nobody\r\n',
      'text/csv',
    ).expect(200);
    expect(csv.body.data).toMatchObject({ created: 1, invalid: 1, issues: [{ line: 3, path: ['writer'] }] });
    const books = (
      await cms
        .http()
        .get('/api/books?filters[title][$startsWith]=By&populate=writer&sort=title')
        .auth(admin.accessToken, { type: 'bearer' })
    ).body.data;
    // Found by a unique key regardless of case, as unique text is unique.
    const renamed = await send('/api/writers/import?key=name', [{ name: 'ZED' }]).expect(200);
    expect(renamed.body.data).toMatchObject({ created: 0, updated: 1 });
    await send('/api/writers/import?key=name', [{ name: 'Zed' }]).expect(200);
    expect(books.map((book: { title: string; writer: { name: string } }) => [book.title, book.writer.name])).toEqual([
      ['By column', 'Zed'],
      ['By name', 'Zed'],
    ]);
  });

  it('writes each row in its own locale: a document gains a locale, an unknown locale is refused', async () => {
    await cms
      .http()
      .post('/admin/locales')
      .auth(admin.accessToken, { type: 'bearer' })
      .send({ code: 'fr', name: 'French' })
      .expect(201);
    const documentId = 'notice000000000000000001';
    const rows = [
      { documentId, locale: 'en', title: 'Hello' },
      { documentId, locale: 'fr', title: 'Bonjour' },
      { title: 'Nowhere', locale: 'zz' },
    ];
    const refused = await send('/api/notices/import', rows).expect(400);
    expect(refused.body.error.details.errors).toEqual([
      { path: [3, 'locale'], message: 'no locale zz', name: 'ValidationError' },
    ]);
    const written = await send('/api/notices/import', rows.slice(0, 2)).expect(200);
    expect(written.body.data).toMatchObject({ created: 1, updated: 1, invalid: 0 });
    const read = async (locale: string) =>
      (
        await cms
          .http()
          .get(`/api/notices/${documentId}?locale=${locale}`)
          .auth(admin.accessToken, { type: 'bearer' })
          .expect(200)
      ).body.data.title;
    expect([await read('en'), await read('fr')]).toEqual(['Hello', 'Bonjour']);
    const again = await send('/api/notices/import', rows.slice(0, 2)).expect(200);
    expect(again.body.data).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
  });

  it('treats a document the caller may not see exactly as one that does not exist', async () => {
    await cms
      .http()
      .post('/admin/roles')
      .auth(admin.accessToken, { type: 'bearer' })
      .send({
        code: 'own-books',
        name: 'own-books',
        permissions: ['create', 'update', 'find', 'publish'].map((action) => ({
          action,
          subject: 'book',
          ...(action === 'create' ? {} : { conditions: { createdBy: { id: { $eq: '$currentUser' } } } }),
        })),
      })
      .expect(201);
    const owner = await createUser(cms, ['own-books']);
    const hidden = (await send('/api/books', { data: { title: 'Not yours' } }).expect(201)).body.data.documentId;
    const rows = [
      { documentId: hidden, title: 'Hidden one' },
      { documentId: 'nosuchdocumentatall00001', title: 'Missing one' },
    ];
    const answer = await send('/api/books/import', rows, 'application/json', owner).expect(200);
    expect(answer.body.data).toMatchObject({ created: 2, updated: 0, invalid: 0 });
    const mine = (await cms.http().get('/api/books?sort=title').auth(owner.accessToken, { type: 'bearer' }).expect(200))
      .body.data;
    expect(mine.map((book: { title: string; documentId: string }) => [book.title, book.documentId === hidden])).toEqual(
      [
        ['Hidden one', false],
        ['Missing one', false],
      ],
    );
    const untouched = await cms
      .http()
      .get(`/api/books/${hidden}`)
      .auth(admin.accessToken, { type: 'bearer' })
      .expect(200);
    expect(untouched.body.data.title).toBe('Not yours');
  });

  it('reports what a dry run would do, and refuses callers, keys and formats it should', async () => {
    const dry = await send('/api/books/import?dryRun=true&status=draft', [{ title: 'Draft only' }]).expect(200);
    expect(dry.body.data).toMatchObject({ dryRun: true, written: false, created: 1 });
    expect(await titles()).not.toContain('Draft only');
    // A row the database refuses (a related document that does not exist) is named by its line.
    const missing = await send('/api/books/import', [
      { title: 'Orphan', writer: 'nosuchdocument000000000' },
      { title: 'Fine' },
    ]).expect(200);
    expect(missing.body.data).toMatchObject({ created: 1, invalid: 1 });
    expect(missing.body.data.issues[0]).toMatchObject({ line: 1, path: ['writer'] });
    await send('/api/books/import?key=pages', [{ title: 'Nope', pages: 3 }]).expect(400);
    await send('/api/books/import?format=xml', [{ title: 'Nope' }]).expect(400);
    await send('/api/books/import', '{not json', 'application/x-ndjson').expect(400);
    await send('/api/nothing/import', []).expect(404);
    const reader = await createUser(cms, []);
    await send('/api/books/import', [{ title: 'Nope' }], 'application/json', reader).expect(403);
  });
});
