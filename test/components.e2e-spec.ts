import { createUser, loginAsAdmin, type Session } from './support/auth';
import { queryDatabase } from './support/query-database';
import { startTestApp, type TestApp } from './support/test-app';

const COMPONENTS = [
  {
    uid: 'shared.social',
    info: { displayName: 'Social', icon: 'share' },
    attributes: { network: { type: 'enumeration', enum: ['x', 'mastodon'] }, handle: { type: 'string' } },
  },
  {
    uid: 'shared.seo',
    collectionName: 'components_shared_seos',
    info: { displayName: 'SEO', icon: 'search' },
    attributes: {
      metaTitle: { type: 'string', required: true, maxLength: 60 },
      metaDescription: { type: 'text' },
      image: { type: 'media', allowedTypes: ['images'] },
      social: { type: 'component', component: 'shared.social', repeatable: true, max: 3 },
    },
  },
  {
    uid: 'blocks.hero',
    info: { displayName: 'Hero' },
    attributes: {
      title: { type: 'string', required: true, minLength: 2 },
      author: { type: 'relation', relation: 'manyToOne', target: 'writer' },
    },
  },
  {
    uid: 'blocks.quote',
    info: { displayName: 'Quote' },
    attributes: { text: { type: 'text' }, by: { type: 'string' } },
  },
  { uid: 'blocks.links', info: { displayName: 'Links' }, attributes: { url: { type: 'string' } } },
];

const TYPES = [
  {
    info: { singularName: 'writer', pluralName: 'writers', displayName: 'Writer' },
    attributes: { name: { type: 'string' } },
  },
  {
    info: { singularName: 'page', pluralName: 'pages', displayName: 'Page' },
    options: { draftAndPublish: true },
    attributes: {
      title: { type: 'string' },
      seo: { type: 'component', component: 'shared.seo' },
      links: { type: 'component', component: 'blocks.links', repeatable: true },
      sections: { type: 'dynamiczone', components: ['blocks.hero', 'blocks.quote'], max: 5 },
    },
  },
];

/** Components and dynamic zones (Strapi v5): definitions, writes, reads, populate, filters. */
describe('components and dynamic zones', () => {
  let cms: TestApp;
  let admin: Session;
  let writer: string;

  const call = (method: 'get' | 'post' | 'put' | 'delete', path: string, data?: object) => {
    const request = cms.http()[method](path).auth(admin.accessToken, { type: 'bearer' });
    return data ? request.send({ data }) : request;
  };

  beforeAll(async () => {
    cms = await startTestApp();
    admin = await loginAsAdmin(cms);
    for (const component of COMPONENTS.slice(0, 1))
      await cms
        .http()
        .post('/admin/components')
        .auth(admin.accessToken, { type: 'bearer' })
        .send(component)
        .expect(201);
    await cms
      .http()
      .put('/admin/content-types')
      .auth(admin.accessToken, { type: 'bearer' })
      .send({ definitions: [...COMPONENTS.slice(1), ...TYPES] })
      .expect(200);
    writer = (await call('post', '/api/writers', { name: 'Ann' }).expect(201)).body.data.documentId;
  });

  afterAll(() => cms.close());

  it('lists, shows and refuses components through /admin/components', async () => {
    const list = await cms.http().get('/admin/components').auth(admin.accessToken, { type: 'bearer' }).expect(200);
    expect(list.body.data.map((component: { uid: string }) => component.uid).sort()).toEqual([
      'blocks.hero',
      'blocks.links',
      'blocks.quote',
      'shared.seo',
      'shared.social',
    ]);
    const seo = await cms
      .http()
      .get('/admin/components/shared.seo')
      .auth(admin.accessToken, { type: 'bearer' })
      .expect(200);
    expect(seo.body.data).toMatchObject({
      uid: 'shared.seo',
      category: 'shared',
      schema: { info: { displayName: 'SEO' } },
    });
    await cms.http().get('/admin/components/shared.nope').auth(admin.accessToken, { type: 'bearer' }).expect(404);
    // In use by a type: not removable.
    const inUse = await cms
      .http()
      .delete('/admin/components/shared.seo?confirm=true')
      .auth(admin.accessToken, { type: 'bearer' })
      .expect(409);
    expect(inUse.body.error.details.types).toEqual(['page']);
    // A uid attribute, and a missing component, are refused with their paths.
    const refused = async (attributes: object) =>
      (
        await cms
          .http()
          .post('/admin/components')
          .auth(admin.accessToken, { type: 'bearer' })
          .send({ uid: 'blocks.bad', info: { displayName: 'Bad' }, attributes })
          .expect(400)
      ).body.error.details.errors.map((issue: { path: string[] }) => issue.path.join('.'));
    expect(await refused({ slug: { type: 'uid' } })).toEqual(['attributes.slug.type']);
    expect(await refused({ inner: { type: 'component', component: 'blocks.missing' } })).toEqual([
      'attributes.inner.component',
    ]);
    expect(await refused({ zone: { type: 'dynamiczone', components: ['blocks.quote'] } })).toEqual([
      'attributes.zone.type',
    ]);
    await cms.http().get('/admin/components/blocks.bad').auth(admin.accessToken, { type: 'bearer' }).expect(404);
  });

  it('refuses components nested deeper than five', async () => {
    const chain = ['a', 'b', 'c', 'd', 'e', 'f'].map((name, index, names) => ({
      uid: `deep.${name}`,
      info: { displayName: name },
      attributes:
        index === names.length - 1
          ? { leaf: { type: 'string' } }
          : { next: { type: 'component', component: `deep.${names[index + 1]}` } },
    }));
    const response = await cms
      .http()
      .put('/admin/content-types')
      .auth(admin.accessToken, { type: 'bearer' })
      .send({ definitions: chain })
      .expect(400);
    expect(response.body.error.details.errors[0].message).toMatch(/at most 5/);
  });

  it('writes and reads a component, a repeatable one and a dynamic zone in Strapi v5 shape', async () => {
    const created = await call('post', '/api/pages?status=published', {
      title: 'Home',
      seo: { metaTitle: 'Welcome', social: [{ network: 'x', handle: '@home' }] },
      links: [{ url: '/a' }, { url: '/b' }],
      sections: [
        { __component: 'blocks.hero', title: 'Big', author: writer },
        { __component: 'blocks.quote', text: 'Be kind', by: 'Anon' },
        { __component: 'blocks.hero', title: 'Small' },
      ],
    }).expect(201);
    const { documentId } = created.body.data;
    // Not populated by default.
    expect(created.body.data.seo).toBeUndefined();
    const plain = await call('get', `/api/pages/${documentId}`).expect(200);
    expect(plain.body.data).not.toHaveProperty('sections');

    const star = await call('get', `/api/pages/${documentId}?populate=*`).expect(200);
    expect(star.body.data.seo).toMatchObject({ metaTitle: 'Welcome', metaDescription: null });
    expect(star.body.data.seo).not.toHaveProperty('social');
    expect(star.body.data.links.map((link: { url: string }) => link.url)).toEqual(['/a', '/b']);
    expect(star.body.data.sections.map((entry: { __component: string }) => entry.__component)).toEqual([
      'blocks.hero',
      'blocks.quote',
      'blocks.hero',
    ]);
    expect(star.body.data.sections[1]).toEqual({
      __component: 'blocks.quote',
      id: expect.any(Number),
      text: 'Be kind',
      by: 'Anon',
    });

    const deep = await call(
      'get',
      `/api/pages/${documentId}?populate[seo][fields][0]=metaTitle&populate[seo][populate][social]=true&populate[sections][on][blocks.hero][populate]=*`,
    ).expect(200);
    expect(deep.body.data.seo).toEqual({
      id: expect.any(Number),
      metaTitle: 'Welcome',
      social: [{ id: expect.any(Number), network: 'x', handle: '@home' }],
    });
    expect(deep.body.data.sections[0].author).toMatchObject({ documentId: writer, name: 'Ann' });
    expect(deep.body.data.sections[2].author).toBeNull();
  });

  it('filters through a component, and refuses filters into a dynamic zone', async () => {
    await call('post', '/api/pages?status=published', { title: 'About', seo: { metaTitle: 'About us' } }).expect(201);
    const titles = async (query: string) =>
      (await call('get', `/api/pages?${query}`).expect(200)).body.data
        .map((page: { title: string }) => page.title)
        .sort();
    expect(await titles('filters[seo][metaTitle][$containsi]=ABOUT')).toEqual(['About']);
    expect(await titles('filters[seo][social][handle][$eq]=@home')).toEqual(['Home']);
    expect(await titles('filters[links][url][$eq]=/b')).toEqual(['Home']);
    const refused = await call('get', '/api/pages?filters[sections][title][$eq]=Big').expect(400);
    expect(refused.body.error.message).toMatch(/sections/);
    await call('get', '/api/pages?filters[seo][nope][$eq]=x').expect(400);
  });

  it('validates entries with full paths, and writes nothing on a bad one', async () => {
    const before = (await call('get', '/api/pages?status=draft').expect(200)).body.meta.pagination.total;
    const bad = await call('post', '/api/pages', {
      title: 'Bad',
      seo: { metaTitle: 'x'.repeat(61) },
      sections: [
        { __component: 'blocks.hero', title: 'Ok' },
        { __component: 'blocks.nope' },
        { __component: 'blocks.hero', title: 'A' },
      ],
      links: { url: '/not-a-list' },
    }).expect(400);
    const paths = bad.body.error.details.errors.map((issue: { path: (string | number)[] }) => issue.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['data.seo.metaTitle', 'data.sections.1.__component', 'data.links']));
    const tooMany = await call('post', '/api/pages', {
      sections: Array.from({ length: 6 }, () => ({ __component: 'blocks.quote', text: 'x' })),
    }).expect(400);
    expect(tooMany.body.error.details.errors[0]).toMatchObject({
      path: ['data', 'sections'],
      message: 'must have at most 5 entries',
    });
    const short = await call('post', '/api/pages?status=published', {
      sections: [{ __component: 'blocks.quote' }, { __component: 'blocks.hero', title: 'A' }],
    }).expect(400);
    expect(short.body.error.details.errors[0].path).toEqual(['data', 'sections', 1, 'title']);
    expect((await call('get', '/api/pages?status=draft').expect(200)).body.meta.pagination.total).toBe(before);
  });

  it('replaces entries on update, keeping those named by id; publishing copies them', async () => {
    const page = (
      await call('post', '/api/pages?status=draft', {
        title: 'Edit me',
        links: [{ url: '/one' }, { url: '/two' }],
        seo: { metaTitle: 'First' },
      }).expect(201)
    ).body.data;
    const draft = async () =>
      (await call('get', `/api/pages/${page.documentId}?status=draft&populate=*`).expect(200)).body.data;
    const [one, two] = (await draft()).links;
    await call('put', `/api/pages/${page.documentId}?status=draft`, {
      links: [{ id: two.id, url: '/two-edited' }, { url: '/three' }],
    }).expect(200);
    const edited = await draft();
    expect(edited.links.map((link: { id: number; url: string }) => [link.id === two.id, link.url])).toEqual([
      [true, '/two-edited'],
      [false, '/three'],
    ]);
    expect(edited.links.some((link: { id: number }) => link.id === one.id)).toBe(false);
    // An id that is not one of this document's entries is refused.
    const foreign = await call('put', `/api/pages/${page.documentId}?status=draft`, {
      links: [{ id: 999999, url: '/x' }],
    }).expect(400);
    expect(foreign.body.error.details.errors[0].path).toEqual(['data', 'links', 0, 'id']);

    await call('post', `/api/pages/${page.documentId}/actions/publish`).expect(200);
    const published = (await call('get', `/api/pages/${page.documentId}?populate=*`).expect(200)).body.data;
    expect(published.links.map((link: { url: string }) => link.url)).toEqual(['/two-edited', '/three']);
    expect(published.seo.metaTitle).toBe('First');
    // The published copy owns its own entries: editing the draft leaves it as it was.
    await call('put', `/api/pages/${page.documentId}?status=draft`, {
      seo: { metaTitle: 'Second' },
      links: null,
    }).expect(200);
    expect((await call('get', `/api/pages/${page.documentId}?populate=*`).expect(200)).body.data.seo.metaTitle).toBe(
      'First',
    );
    const changed = await draft();
    expect(changed.seo.metaTitle).toBe('Second');
    expect(changed.links).toEqual([]);

    // Deleting the document removes its entries, nested ones included.
    await call('delete', `/api/pages/${page.documentId}`).expect(204);
    const count = async (sql: string) => Number((await queryDatabase(cms.database.url, sql))[0]!.n);
    expect(
      await count("SELECT COUNT(*) AS n FROM components_blocks_links WHERE url IN ('/two-edited', '/three')"),
    ).toBe(0);
    // No entry is left without its owner, at any depth.
    expect(
      await count('SELECT COUNT(*) AS n FROM components_blocks_links WHERE owner_id NOT IN (SELECT id FROM pages)'),
    ).toBe(0);
    expect(
      await count(
        'SELECT COUNT(*) AS n FROM components_shared_social WHERE owner_id NOT IN (SELECT id FROM components_shared_seos)',
      ),
    ).toBe(0);
    expect(await count('SELECT COUNT(*) AS n FROM components_shared_social')).toBeGreaterThan(0);
  });

  it('lets a field allow-list admit a whole component, or parts of it by path', async () => {
    const page = (
      await call('post', '/api/pages', {
        title: 'Private',
        seo: { metaTitle: 'Visible title', metaDescription: 'Hidden description', social: [{ handle: '@hidden' }] },
        links: [{ url: '/hidden' }],
        sections: [{ __component: 'blocks.quote', text: 'Hidden quote' }],
      }).expect(201)
    ).body.data;
    const role = async (code: string, fields: string[]) => {
      await cms
        .http()
        .post('/admin/roles')
        .auth(admin.accessToken, { type: 'bearer' })
        .send({ code, name: code, permissions: [{ action: 'find', subject: 'page', fields }] })
        .expect(201);
      const session = await createUser(cms, [code]);
      return (path: string) => cms.http().get(path).auth(session.accessToken, { type: 'bearer' });
    };
    const whole = await role('seo-whole', ['title', 'seo']);
    const part = await role('seo-part', ['title', 'seo.metaTitle']);
    const at = `/api/pages?filters[documentId][$eq]=${page.documentId}`;

    const [wholeSeo] = (await whole(`${at}&populate[seo][populate]=*`).expect(200)).body.data;
    expect(wholeSeo.seo).toMatchObject({ metaTitle: 'Visible title', metaDescription: 'Hidden description' });
    expect(wholeSeo.seo.social).toEqual([{ id: expect.any(Number), network: null, handle: '@hidden' }]);

    const [partSeo] = (await part(`${at}&populate=*`).expect(200)).body.data;
    expect(partSeo.seo).toEqual({ id: expect.any(Number), metaTitle: 'Visible title' });
    expect(partSeo).not.toHaveProperty('links');
    expect(partSeo).not.toHaveProperty('sections');
    // What is not admitted answers as what does not exist: in filters, fields and populate alike.
    for (const probe of [
      `${at}&filters[seo][metaDescription][$containsi]=hidden`,
      `${at}&populate[seo][populate][social]=true`,
      `${at}&populate[seo][fields][0]=metaDescription`,
      `${at}&populate[links]=true`,
      `${at}&filters[links][url][$eq]=/hidden`,
    ]) {
      const refused = await part(probe).expect(400);
      expect(refused.body.error.message).toMatch(/^Invalid key/);
    }
    expect((await part(`${at}&filters[seo][metaTitle][$eq]=Visible title`).expect(200)).body.data).toHaveLength(1);
  });

  it('changes a component’s table through the planner: a change that loses data needs confirming', async () => {
    const social = {
      uid: 'shared.social',
      info: { displayName: 'Social', icon: 'share' },
      attributes: { handle: { type: 'string' }, followers: { type: 'integer' } },
    };
    const put = (confirm: boolean) =>
      cms
        .http()
        .put(`/admin/components/shared.social${confirm ? '?confirm=true' : ''}`)
        .auth(admin.accessToken, { type: 'bearer' })
        .send(social);
    const refused = await put(false).expect(409);
    expect(refused.body.error.details.steps).toEqual(['drop column components_shared_social.network']);
    const applied = await put(true).expect(200);
    expect(applied.body.data.changes).toEqual(
      expect.arrayContaining([
        'add column components_shared_social.followers',
        'drop column components_shared_social.network',
      ]),
    );
    const page = (
      await call('post', '/api/pages', {
        seo: { metaTitle: 'Social', social: [{ handle: '@x', followers: 3 }] },
      }).expect(201)
    ).body.data;
    const read = await call('get', `/api/pages/${page.documentId}?populate[seo][populate][social]=true`).expect(200);
    expect(read.body.data.seo.social).toEqual([{ id: expect.any(Number), handle: '@x', followers: 3 }]);
  });
});
