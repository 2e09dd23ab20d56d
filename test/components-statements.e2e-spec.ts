import { SchemaRegistry } from '@cms/schema';
import { loginAsAdmin } from './support/auth';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Populating components, nested components and dynamic zones costs one statement per component
 * table and level, whatever the number of documents and entries (issue 13, item 6).
 */
describe('statements of a page of documents with components and a dynamic zone', () => {
  let cms: TestApp;
  let token: string;

  beforeAll(async () => {
    cms = await startTestApp({ env: { AUTH_CACHE_TTL_MS: '60000' } });
    await cms.app.get(SchemaRegistry).put(
      [
        { uid: 'shared.social', info: { displayName: 'Social' }, attributes: { handle: { type: 'string' } } },
        {
          uid: 'shared.seo',
          info: { displayName: 'SEO' },
          attributes: {
            metaTitle: { type: 'string' },
            social: { type: 'component', component: 'shared.social', repeatable: true },
          },
        },
        { uid: 'blocks.hero', info: { displayName: 'Hero' }, attributes: { title: { type: 'string' } } },
        { uid: 'blocks.quote', info: { displayName: 'Quote' }, attributes: { text: { type: 'text' } } },
        { uid: 'blocks.cta', info: { displayName: 'Call to action' }, attributes: { label: { type: 'string' } } },
        { uid: 'shared.link', info: { displayName: 'Link' }, attributes: { url: { type: 'string' } } },
        {
          info: { singularName: 'page', pluralName: 'pages', displayName: 'Page' },
          attributes: {
            title: { type: 'string' },
            links: { type: 'component', component: 'shared.link', repeatable: true },
            seo: { type: 'component', component: 'shared.seo' },
            sections: { type: 'dynamiczone', components: ['blocks.hero', 'blocks.quote', 'blocks.cta'] },
          },
        },
      ],
      'upsert',
      { confirmed: false },
    );
    const admin = await loginAsAdmin(cms);
    token = (
      await cms
        .http()
        .post('/admin/api-tokens')
        .auth(admin.accessToken, { type: 'bearer' })
        .send({ name: 'count', type: 'full-access' })
        .expect(201)
    ).body.data.accessKey;
    for (let index = 1; index <= 100; index += 1)
      await send('post', '/api/pages', {
        data: {
          title: `Page ${index}`,
          links: [{ url: `/a/${index}` }, { url: `/b/${index}` }],
          seo: { metaTitle: `Page ${index}`, social: [{ handle: '@one' }, { handle: '@two' }] },
          sections: [
            { __component: 'blocks.hero', title: 'Hero' },
            { __component: 'blocks.quote', text: 'Quote' },
            { __component: 'blocks.cta', label: 'Go' },
          ],
        },
      });
  });

  afterAll(() => cms.close());

  function send(method: 'get' | 'post', path: string, body?: object) {
    const request = cms.http()[method](path).auth(token, { type: 'bearer' });
    return (body ? request.send(body) : request).expect(method === 'post' ? 201 : 200);
  }
  const counted = (response: { headers: Record<string, string> }) =>
    Number(/statements;desc="(\d+)"/.exec(response.headers['server-timing'] ?? '')?.[1]);

  const POPULATE = 'populate[links]=true&populate[seo][populate][social]=true&populate[sections]=*';

  it('reads 100 documents with all their entries in 8 statements: the page, its count, one per component table', async () => {
    const page = await send('get', `/api/pages?pagination[pageSize]=100&${POPULATE}`);
    expect(page.body.data).toHaveLength(100);
    const last = page.body.data.find((document: { title: string }) => document.title === 'Page 100');
    expect(last.links.map((link: { url: string }) => link.url)).toEqual(['/a/100', '/b/100']);
    expect(last.seo.social.map((social: { handle: string }) => social.handle)).toEqual(['@one', '@two']);
    expect(last.sections.map((entry: { __component: string }) => entry.__component)).toEqual([
      'blocks.hero',
      'blocks.quote',
      'blocks.cta',
    ]);
    // page + count + links + seo + social (nested) + three dynamic-zone components.
    expect(counted(page)).toBe(8);
    // The same for one document: the count does not grow with the page.
    expect(counted(await send('get', `/api/pages?pagination[pageSize]=1&${POPULATE}`))).toBe(8);
  });
});
