import { loginAsAdmin, type Session } from './support/auth';
import { putContentTypes } from './support/content-types';
import { startTestApp, type TestApp } from './support/test-app';

/** Localized types (Strapi v5): one documentId, a draft and a published version per locale. */
describe('localized content', () => {
  let cms: TestApp;
  let admin: Session;

  const call = (method: 'get' | 'post' | 'put' | 'delete', path: string, data?: object) => {
    const request = cms.http()[method](path).auth(admin.accessToken, { type: 'bearer' });
    return data ? request.send({ data }) : request;
  };

  beforeAll(async () => {
    cms = await startTestApp({ env: { I18N_FALLBACKS: 'fr-CA:fr' } });
    admin = await loginAsAdmin(cms);
    for (const [code, name] of [
      ['fr', 'French'],
      ['fr-CA', 'French (Canada)'],
    ])
      await cms
        .http()
        .post('/admin/locales')
        .auth(admin.accessToken, { type: 'bearer' })
        .send({ code, name })
        .expect(201);
    await putContentTypes(cms, admin, [
      {
        info: { singularName: 'category', pluralName: 'categories', displayName: 'Category' },
        pluginOptions: { i18n: { localized: true } },
        attributes: { name: { type: 'string' } },
      },
      {
        info: { singularName: 'page', pluralName: 'pages', displayName: 'Page' },
        pluginOptions: { i18n: { localized: true } },
        attributes: { title: { type: 'string' } },
      },
      {
        info: { singularName: 'post', pluralName: 'posts', displayName: 'Post' },
        options: { draftAndPublish: true },
        pluginOptions: { i18n: { localized: true } },
        attributes: {
          title: { type: 'string', unique: true },
          category: { type: 'relation', relation: 'manyToOne', target: 'category' },
          // One value for every locale, kept in step.
          price: { type: 'integer', pluginOptions: { i18n: { localized: false } } },
        },
      },
    ]);
  });

  afterAll(() => cms.close());

  it('writes in the default locale, and adds a locale to a document with PUT ?locale=', async () => {
    const news = (await call('post', '/api/categories', { name: 'News' }).expect(201)).body.data;
    expect(news.locale).toBe('en');
    const actualites = await call('put', `/api/categories/${news.documentId}?locale=fr`, { name: 'Actualités' }).expect(
      200,
    );
    expect(actualites.body.data).toMatchObject({ documentId: news.documentId, locale: 'fr', name: 'Actualités' });

    const hello = (await call('post', '/api/posts', { title: 'Hello', category: news.documentId }).expect(201)).body
      .data;
    const bonjour = await call('put', `/api/posts/${hello.documentId}?locale=fr`, {
      title: 'Bonjour',
      category: news.documentId,
    }).expect(200);
    expect(bonjour.body.data).toMatchObject({ documentId: hello.documentId, locale: 'fr', title: 'Bonjour' });

    const titles = async (query: string) =>
      (await call('get', `/api/posts?${query}`).expect(200)).body.data.map((post: { title: string }) => post.title);
    expect(await titles('')).toEqual(['Hello']);
    expect(await titles('locale=fr')).toEqual(['Bonjour']);
    // Relations connect documents; populate and filters read them in the request's locale.
    const populated = await call('get', `/api/posts/${hello.documentId}?locale=fr&populate=category`).expect(200);
    expect(populated.body.data.category).toMatchObject({ name: 'Actualités', locale: 'fr' });
    expect(await titles('locale=fr&filters[category][name][$eq]=Actualités')).toEqual(['Bonjour']);
    expect(await titles('filters[category][name][$eq]=Actualités')).toEqual([]);

    // Unique per locale.
    await call('post', '/api/posts?locale=fr', { title: 'Hello' }).expect(201);
    await call('post', '/api/posts', { title: 'Hello' }).expect(409);
  });

  it('publishes, reads and deletes each locale on its own', async () => {
    const doc = (await call('post', '/api/posts', { title: 'Spring' }).expect(201)).body.data;
    await call('put', `/api/posts/${doc.documentId}?locale=fr&status=draft`, { title: 'Printemps' }).expect(200);
    await call('get', `/api/posts/${doc.documentId}?locale=fr`).expect(404);
    await call('get', `/api/posts/${doc.documentId}?locale=fr&status=draft`).expect(200);
    const published = await call('post', `/api/posts/${doc.documentId}/actions/publish?locale=fr`).expect(200);
    expect(published.body.data).toMatchObject({ locale: 'fr', title: 'Printemps' });
    await call('get', `/api/posts/${doc.documentId}?locale=fr`).expect(200);

    await call('delete', `/api/posts/${doc.documentId}?locale=fr`).expect(204);
    await call('get', `/api/posts/${doc.documentId}?locale=fr`).expect(404);
    await call('get', `/api/posts/${doc.documentId}`).expect(200);
    // The last locale takes the document with it.
    await call('delete', `/api/posts/${doc.documentId}`).expect(204);
    await call('put', `/api/posts/${doc.documentId}?locale=fr`, { title: 'Revenant' }).expect(404);
  });

  it('documents the locale parameter on every operation of a localized type, and only there', async () => {
    const { body } = await cms.http().get('/docs/openapi.json').expect(200);
    const names = (operation: { parameters?: { name: string }[] }) =>
      (operation.parameters ?? []).map((parameter) => parameter.name);
    expect(names(body.paths['/api/posts'].get)).toContain('locale');
    expect(names(body.paths['/api/posts'].post)).toContain('locale');
    expect(names(body.paths['/api/posts/{documentId}'].delete)).toContain('locale');
    expect(names(body.paths['/api/posts/{documentId}/actions/publish'].post)).toContain('locale');
    expect(names(body.paths['/admin/locales'].get)).not.toContain('locale');
  });

  it('keeps an attribute that is not localized the same in every locale', async () => {
    const doc = (await call('post', '/api/posts?status=draft', { title: 'Priced', price: 10 }).expect(201)).body.data;
    // A new locale starts with the shared value.
    const french = await call('put', `/api/posts/${doc.documentId}?locale=fr&status=draft`, { title: 'Avec prix' });
    expect(french.status).toBe(200);
    expect(french.body.data.price).toBe(10);
    // Written in one locale, it changes in the other.
    await call('put', `/api/posts/${doc.documentId}?locale=fr&status=draft`, { price: 12 }).expect(200);
    const english = await call('get', `/api/posts/${doc.documentId}?status=draft`).expect(200);
    expect(english.body.data).toMatchObject({ title: 'Priced', price: 12 });
    const titles = await call('get', `/api/posts/${doc.documentId}?locale=fr&status=draft`).expect(200);
    expect(titles.body.data).toMatchObject({ title: 'Avec prix', price: 12 });
  });

  it('falls back, per document, along the configured chain to the default locale (fallback=true)', async () => {
    const page = async (versions: Record<string, string>) => {
      const [first, ...others] = Object.entries(versions);
      const created = (await call('post', `/api/pages?locale=${first![0]}`, { title: first![1] }).expect(201)).body
        .data;
      for (const [locale, title] of others)
        await call('put', `/api/pages/${created.documentId}?locale=${locale}`, { title }).expect(200);
      return created.documentId as string;
    };
    await page({ en: 'Both', fr: 'Les deux' });
    const englishOnly = await page({ en: 'English only' });
    await page({ en: 'Canadian', 'fr-CA': 'Canadienne' });
    const read = async (query: string) =>
      (await call('get', `/api/pages?${query}&sort=id`).expect(200)).body.data.map(
        (entry: { title: string; locale: string }) => `${entry.locale}:${entry.title}`,
      );
    expect(await read('locale=fr-CA&fallback=true')).toEqual(['fr:Les deux', 'en:English only', 'fr-CA:Canadienne']);
    expect(await read('locale=fr-CA')).toEqual(['fr-CA:Canadienne']);
    expect(await read('locale=fr&fallback=true')).toEqual(['fr:Les deux', 'en:English only', 'en:Canadian']);
    const one = await call('get', `/api/pages/${englishOnly}?locale=fr-CA&fallback=true`).expect(200);
    expect(one.body.data).toMatchObject({ locale: 'en', title: 'English only' });
    await call('get', `/api/pages/${englishOnly}?locale=fr-CA`).expect(404);
    await call('get', '/api/pages?fallback=maybe').expect(400);
  });

  it('refuses a locale that does not exist, on reads and writes alike', async () => {
    const read = await call('get', '/api/posts?locale=xx').expect(400);
    expect(read.body.error.message).toBe('There is no locale xx');
    await call('post', '/api/posts?locale=xx', { title: 'Nowhere' }).expect(400);
    await call('get', '/api/posts?locale=not a locale').expect(400);
  });
});
