import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { join } from 'node:path';
import { loginAsAdmin, type Session } from './support/auth';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * The OpenAPI document of the demo schema, as a strict validator reads it: every component schema
 * compiles under Ajv's strict rules (OpenAPI 3.0's `nullable` only beside a `type`), and real
 * answers validate against the schemas their operations name.
 */
describe('the OpenAPI document under a strict validator', () => {
  let cms: TestApp;
  let admin: Session;
  let ajv: Ajv;
  const ids: Record<string, string> = {};

  const call = (method: 'get' | 'post', path: string, data?: object) => {
    const request = cms.http()[method](path).auth(admin.accessToken, { type: 'bearer' });
    return data ? request.send({ data }) : request;
  };

  /**
   * Component schemas with their references made Ajv ids: `#/components/schemas/X` becomes `X`.
   * A discriminator's `mapping` (for generators) goes: Ajv tells entries apart by their `enum`.
   */
  const localRefs = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(localRefs);
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== 'mapping')
        .map(([key, inner]) => [
          key,
          key === '$ref' && typeof inner === 'string' ? inner.replace('#/components/schemas/', '') : localRefs(inner),
        ]),
    );
  };
  const validator = (name: string): ValidateFunction => ajv.getSchema(name)!;

  beforeAll(async () => {
    cms = await startTestApp({ env: { SCHEMA_DIR: join(__dirname, '..', 'schema') } });
    admin = await loginAsAdmin(cms);
    const { body } = await cms.http().get('/docs/openapi.json').expect(200);
    // Dynamic zones are a oneOf told apart by `__component`: OpenAPI's discriminator, which Ajv checks.
    ajv = new Ajv({ strict: true, allErrors: true, discriminator: true });
    addFormats(ajv);
    ajv.addKeyword('example');
    for (const [name, schema] of Object.entries(body.components.schemas as Record<string, object>))
      ajv.addSchema(localRefs(schema) as object, name);
    ids.author = (
      await call('post', '/api/authors', { name: 'Ann', email: 'ann@example.com' }).expect(201)
    ).body.data.documentId;
    ids.tag = (await call('post', '/api/tags', { name: 'news' }).expect(201)).body.data.documentId;
    ids.article = (
      await call('post', '/api/articles', {
        title: 'Strict',
        views: 3,
        rating: 4.5,
        format: 'video',
        publishedDate: '2026-01-01T10:00:00Z',
        author: ids.author,
        tags: [ids.tag],
        extra: { any: ['json'] },
      }).expect(201)
    ).body.data.documentId;
  });

  afterAll(() => cms.close());

  it('compiles every component schema', () => {
    const failures: string[] = [];
    for (const name of Object.keys(ajv.schemas).filter((key) => !key.startsWith('http'))) {
      try {
        ajv.getSchema(name);
      } catch (error) {
        failures.push(`${name}: ${(error as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('describes real answers: lists with populate, one document, writes and errors', async () => {
    const list = await call('get', '/api/articles?populate=*').expect(200);
    const listValid = validator('ArticleListResponse');
    expect([listValid(list.body), listValid.errors]).toEqual([true, null]);
    const one = await call('get', `/api/articles/${ids.article}?populate[author]=true&populate[tags]=true`).expect(200);
    const oneValid = validator('ArticleResponse');
    expect([oneValid(one.body), oneValid.errors]).toEqual([true, null]);
    const bare = await call('get', `/api/articles/${ids.article}`).expect(200);
    expect(oneValid(bare.body)).toBe(true);
    const authors = await call('get', '/api/authors?populate=articles').expect(200);
    expect(validator('AuthorListResponse')(authors.body)).toBe(true);
    const refused = await call('get', '/api/articles?filters[nope][$eq]=1').expect(400);
    const errorValid = validator('Error');
    expect([errorValid(refused.body), errorValid.errors]).toEqual([true, null]);
  });

  it('describes a page built of components and a dynamic zone, and its write bodies', async () => {
    const created = await call('post', '/api/pages', {
      title: 'Blocks',
      seo: { metaTitle: 'Blocks' },
      sections: [
        { __component: 'blocks.hero', title: 'Hi', links: [{ label: 'Docs', url: '/docs' }] },
        { __component: 'blocks.quote', text: 'Quoted', author: ids.author },
        { __component: 'blocks.rich-text', body: 'Text' },
      ],
    }).expect(201);
    const page = await call(
      'get',
      `/api/pages/${created.body.data.documentId}?populate[seo]=true&populate[sections][on][blocks.hero][populate]=*&populate[sections][on][blocks.quote][populate]=*`,
    ).expect(200);
    expect(page.body.data.sections[1].author.documentId).toBe(ids.author);
    const valid = validator('PageResponse');
    expect([valid(page.body), valid.errors]).toEqual([true, null]);
    const list = await call('get', '/api/pages?populate=*').expect(200);
    expect(validator('PageListResponse')(list.body)).toBe(true);
    const create = validator('PageCreateRequest');
    expect(create({ data: { title: 'T', sections: [{ __component: 'blocks.rich-text', body: 'x' }] } })).toBe(true);
    expect(create({ data: { title: 'T', sections: [{ __component: 'blocks.nope', body: 'x' }] } })).toBe(false);
    expect(create({ data: { title: 'T', seo: { metaTitle: 'x', nope: 1 } } })).toBe(false);
    expect(validator('PageRequest')({ data: { seo: null, sections: [] } })).toBe(true);
  });

  it('accepts, as a create body, what the API accepts, and refuses a body missing what publishing requires', () => {
    const create = validator('ArticleCreateRequest');
    expect(create({ data: { title: 'Written', author: ids.author, tags: { connect: [ids.tag] } } })).toBe(true);
    expect(create({ data: { views: 1 } })).toBe(false);
    expect(validator('ArticleRequest')({ data: { views: 1, author: null } })).toBe(true);
  });
});
