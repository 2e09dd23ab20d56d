import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { strapi } from '@strapi/client';
import { loginAsAdmin, type Session } from './support/auth';
import { startTestApp, type TestApp } from './support/test-app';

const PROJECT = join(__dirname, 'fixtures', 'strapi-project');

/**
 * A Strapi v5 project's schemas, unchanged (Strapi's folder layout: `src/api/.../schema.json` and
 * `src/components/<category>/<name>.json`), with components, nested components, dynamic zones and
 * localized types and attributes: loaded from SCHEMA_DIR, written and read in two locales, by
 * HTTP and by the official @strapi/client.
 */
describe('a Strapi project’s schemas, unchanged', () => {
  let cms: TestApp;
  let admin: Session;
  let client: ReturnType<typeof strapi>;

  const call = (method: 'get' | 'post' | 'put', path: string, data?: object) => {
    const request = cms.http()[method](path).auth(admin.accessToken, { type: 'bearer' });
    return data ? request.send({ data }) : request;
  };

  beforeAll(async () => {
    cms = await startTestApp({ env: { SCHEMA_DIR: PROJECT } });
    admin = await loginAsAdmin(cms);
    await cms
      .http()
      .post('/admin/locales')
      .auth(admin.accessToken, { type: 'bearer' })
      .send({ code: 'fr', name: 'French' })
      .expect(201);
    await cms.app.listen(0, '127.0.0.1');
    const { port } = cms.app.getHttpServer().address() as AddressInfo;
    const token = await cms
      .http()
      .post('/admin/api-tokens')
      .auth(admin.accessToken, { type: 'bearer' })
      .send({ name: 'frontend', type: 'full-access' })
      .expect(201);
    client = strapi({ baseURL: `http://127.0.0.1:${port}/api`, auth: token.body.data.accessKey });
  });

  afterAll(() => cms.close());

  it('loads every type and component from Strapi’s folder layout', async () => {
    const types = await cms.http().get('/admin/content-types').auth(admin.accessToken, { type: 'bearer' }).expect(200);
    expect(types.body.data.map((type: { uid: string }) => type.uid).sort()).toEqual([
      'api::article.article',
      'api::author.author',
      'api::landing.landing',
    ]);
    const components = await cms
      .http()
      .get('/admin/components')
      .auth(admin.accessToken, { type: 'bearer' })
      .expect(200);
    expect(components.body.data.map((component: { uid: string }) => component.uid).sort()).toEqual([
      'sections.button',
      'sections.hero',
      'shared.media',
      'shared.quote',
      'shared.rich-text',
      'shared.seo',
      'shared.slider',
    ]);
  });

  it('writes a document in two locales, each with its own entries, and shares what is not localized', async () => {
    const author = (await call('post', '/api/authors', { name: 'Ann' }).expect(201)).body.data.documentId;
    const english = await call('post', '/api/articles', {
      title: 'Hello',
      rating: 4,
      author,
      seo: { metaTitle: 'Hello', metaDescription: 'In English' },
      blocks: [
        { __component: 'shared.quote', title: 'Q', body: 'Be brief' },
        { __component: 'shared.rich-text', body: '**Bold**' },
      ],
    }).expect(201);
    const { documentId } = english.body.data;
    await call('put', `/api/articles/${documentId}?locale=fr`, {
      title: 'Bonjour',
      rating: 5,
      seo: { metaTitle: 'Bonjour', metaDescription: 'En français' },
      blocks: [{ __component: 'shared.rich-text', body: '**Gras**' }],
    }).expect(200);

    const read = async (locale: string) =>
      (
        await call(
          'get',
          `/api/articles/${documentId}?locale=${locale}&populate[seo]=true&populate[blocks]=true&populate[author]=true`,
        ).expect(200)
      ).body.data;
    const [en, fr] = [await read('en'), await read('fr')];
    expect([
      en.locale,
      en.seo.metaDescription,
      en.blocks.map((block: { __component: string }) => block.__component),
    ]).toEqual(['en', 'In English', ['shared.quote', 'shared.rich-text']]);
    expect([fr.locale, fr.seo.metaDescription, fr.blocks]).toEqual([
      'fr',
      'En français',
      [{ __component: 'shared.rich-text', id: expect.any(Number), body: '**Gras**' }],
    ]);
    // `rating` opts out of localization: one value for every locale, kept in step in the drafts
    // (publishing the other locales stays their own act).
    expect([en.rating, fr.rating]).toEqual([4, 5]);
    const draft = await call('get', `/api/articles/${documentId}?locale=en&status=draft`).expect(200);
    expect(draft.body.data.rating).toBe(5);
    // Relations belong to each locale's version, as in Strapi: the French one names no author.
    expect([en.author.documentId, fr.author]).toEqual([author, null]);
    // A locale that does not exist is a 400, not a document.
    await call('get', `/api/articles/${documentId}?locale=de`).expect(400);
  });

  it('reads a dynamic zone with on fragments and a localized document through @strapi/client', async () => {
    await call('put', '/api/landing', {
      siteName: 'Demo',
      defaultSeo: { metaTitle: 'Demo', metaDescription: 'A landing page' },
      sections: [
        {
          __component: 'sections.hero',
          title: 'Welcome',
          buttons: [
            { label: 'Start', url: '/start', type: 'primary' },
            { label: 'Docs', url: '/docs', type: 'secondary' },
          ],
        },
        { __component: 'shared.quote', title: 'Q', body: 'Said' },
      ],
    }).expect(200);
    await call('put', '/api/landing?locale=fr', {
      siteName: 'Démo',
      sections: [{ __component: 'sections.hero', title: 'Bienvenue', buttons: [{ label: 'Commencer', url: '/fr' }] }],
    }).expect(200);

    const landing = client.single('landing');
    const english = await landing.find({
      populate: {
        defaultSeo: { fields: ['metaTitle'] },
        sections: { on: { 'sections.hero': { populate: { buttons: { fields: ['label'] } } }, 'shared.quote': true } },
      },
    } as Parameters<typeof landing.find>[0]);
    expect(english.data.defaultSeo).toEqual({ id: expect.any(Number), metaTitle: 'Demo' });
    expect(english.data.sections).toEqual([
      {
        __component: 'sections.hero',
        id: expect.any(Number),
        title: 'Welcome',
        buttons: [
          { id: expect.any(Number), label: 'Start' },
          { id: expect.any(Number), label: 'Docs' },
        ],
      },
      { __component: 'shared.quote', id: expect.any(Number), title: 'Q', body: 'Said' },
    ]);
    const french = await landing.find({
      locale: 'fr',
      populate: { sections: { on: { 'sections.hero': { populate: '*' } } } },
    } as Parameters<typeof landing.find>[0]);
    expect(french.data).toMatchObject({ locale: 'fr', siteName: 'Démo' });
    expect(french.data.sections).toEqual([
      {
        __component: 'sections.hero',
        id: expect.any(Number),
        title: 'Bienvenue',
        buttons: [{ id: expect.any(Number), label: 'Commencer', url: '/fr', type: null }],
      },
    ]);
  });
});
