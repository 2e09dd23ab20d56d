import { parse as parseCsv } from 'csv-parse/sync';
import { XMLParser } from 'fast-xml-parser';
import { load as loadYaml } from 'js-yaml';
import { createUser, loginAsAdmin, type Session } from './support/auth';
import { startTestApp, type TestApp } from './support/test-app';

const TYPES = [
  { uid: 'shared.seo', info: { displayName: 'SEO' }, attributes: { metaTitle: { type: 'string' } } },
  {
    info: { singularName: 'writer', pluralName: 'writers', displayName: 'Writer' },
    attributes: { name: { type: 'string' } },
  },
  {
    info: { singularName: 'article', pluralName: 'articles', displayName: 'Article' },
    attributes: {
      title: { type: 'string' },
      views: { type: 'integer' },
      extra: { type: 'json' },
      author: { type: 'relation', relation: 'manyToOne', target: 'writer' },
      seo: { type: 'component', component: 'shared.seo' },
    },
  },
];

/** Lists and single reads in JSON, NDJSON, CSV, XML and YAML (issue 14, item 1). */
describe('answer formats', () => {
  let cms: TestApp;
  let admin: Session;
  let writer: string;

  const get = (path: string, session: Session = admin) =>
    cms.http().get(path).auth(session.accessToken, { type: 'bearer' });
  const text = (response: { text: string }) => response.text;

  beforeAll(async () => {
    cms = await startTestApp();
    admin = await loginAsAdmin(cms);
    await cms
      .http()
      .put('/admin/content-types')
      .auth(admin.accessToken, { type: 'bearer' })
      .send({ definitions: TYPES })
      .expect(200);
    const post = (path: string, data: object) =>
      cms.http().post(path).auth(admin.accessToken, { type: 'bearer' }).send({ data }).expect(201);
    writer = (await post('/api/writers', { name: 'Ann' })).body.data.documentId;
    await post('/api/articles', {
      title: 'Plain, "quoted"\nand two lines',
      views: 3,
      author: writer,
      seo: { metaTitle: 'SEO' },
      extra: { 'odd key': [1] },
    });
    await post('/api/articles', { title: '=HYPERLINK("http://evil")', views: -4 });
  });

  afterAll(() => cms.close());

  it('answers CSV by ?format= or Accept: a header row, RFC 4180 quoting, relations as documentIds, components as JSON, formulas guarded', async () => {
    const byParam = await get('/api/articles?format=csv&sort=id&populate=*').expect(200);
    expect(byParam.headers['content-type']).toBe('text/csv; charset=utf-8');
    const byAccept = await get('/api/articles?sort=id&populate=*').set('Accept', 'text/csv').expect(200);
    expect(text(byAccept)).toBe(text(byParam));
    const [header, first, second] = parseCsv(text(byParam)) as string[][];
    const column = (row: string[], name: string) => row[header!.indexOf(name)];
    expect(header).toEqual(expect.arrayContaining(['id', 'documentId', 'title', 'views', 'extra', 'author', 'seo']));
    expect(column(first!, 'title')).toBe('Plain, "quoted"\nand two lines');
    expect(column(first!, 'author')).toBe(writer);
    expect(JSON.parse(column(first!, 'seo')!)).toMatchObject({ metaTitle: 'SEO' });
    expect(column(second!, 'title')).toBe('\'=HYPERLINK("http://evil")');
    expect(column(second!, 'views')).toBe("'-4");
    expect(column(second!, 'author')).toBe('');
  });

  it('answers NDJSON (a document a line), XML and YAML, lists and single documents', async () => {
    const ndjson = await get('/api/articles?sort=id').set('Accept', 'application/x-ndjson').expect(200);
    expect(ndjson.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    const lines = text(ndjson)
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => line.views)).toEqual([3, -4]);

    const xml = await get('/api/articles?format=xml&sort=id&populate=author').expect(200);
    expect(xml.headers['content-type']).toBe('application/xml; charset=utf-8');
    const parsed = new XMLParser({ parseTagValue: false }).parse(text(xml));
    expect(parsed.response.data.document.map((document: { views: string }) => document.views)).toEqual(['3', '-4']);
    expect(parsed.response.data.document[0].author.name).toBe('Ann');
    // A JSON value whose keys XML cannot name goes as JSON text.
    expect(JSON.parse(parsed.response.data.document[0].extra)).toEqual({ 'odd key': [1] });
    expect(parsed.response.meta.pagination.total).toBe('2');

    const list = await get('/api/articles?sort=id').set('Accept', 'application/yaml').expect(200);
    const yaml = loadYaml(text(list)) as { data: { title: string }[]; meta: { pagination: { total: number } } };
    expect([yaml.data[1]!.title, yaml.meta.pagination.total]).toEqual(['=HYPERLINK("http://evil")', 2]);
    const one = yaml.data[0] as unknown as { documentId: string };
    const single = await get(`/api/articles/${one.documentId}?format=yaml`).expect(200);
    expect((loadYaml(text(single)) as { data: { views: number } }).data.views).toBe(3);
  });

  it('refuses a format it cannot answer with a 406 in the error envelope, and JSON stays the default', async () => {
    for (const refused of [get('/api/articles?format=pdf'), get('/api/articles').set('Accept', 'image/png')]) {
      const response = await refused.expect(406);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.body.error).toMatchObject({ status: 406, name: 'NotAcceptableError' });
    }
    const json = await get('/api/articles').set('Accept', 'text/html, */*;q=0.1').expect(200);
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(json.body.data).toHaveLength(2);
  });

  it('applies the same permissions and cache: a field allow-list limits the columns', async () => {
    await cms
      .http()
      .post('/admin/roles')
      .auth(admin.accessToken, { type: 'bearer' })
      .send({
        code: 'titles',
        name: 'titles',
        permissions: [{ action: 'find', subject: 'article', fields: ['title'] }],
      })
      .expect(201);
    const reader = await createUser(cms, ['titles']);
    const csv = await get('/api/articles?format=csv&sort=id', reader).expect(200);
    const [header] = parseCsv(text(csv)) as string[][];
    expect(header).toEqual(['id', 'documentId', 'title', 'createdAt', 'updatedAt', 'publishedAt']);
    // The JSON answer of the same query is its own cache entry.
    expect((await get('/api/articles?sort=id', reader).expect(200)).body.data[0]).not.toHaveProperty('views');
    expect(text(await get('/api/articles?format=csv&sort=id', reader).expect(200))).toBe(text(csv));
  });
});
