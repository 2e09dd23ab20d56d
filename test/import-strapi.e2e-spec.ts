import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StrapiImporter } from '@cms/transfer';
import { loginAsAdmin, type Session } from './support/auth';
import { asBuffer, image } from './support/media';
import { writeStrapiExport } from './support/strapi-export';
import { startTestApp, type TestApp } from './support/test-app';

const TIMES = { createdAt: '2026-01-01T10:00:00.000Z', updatedAt: '2026-01-02T10:00:00.000Z' };
const i18n = { i18n: { localized: true } };

/** `cms import:strapi` (issue 14, item 6) with an archive written in Strapi 5's export format. */
describe('importing a Strapi export', () => {
  let cms: TestApp;
  let admin: Session;
  let photo: Buffer;
  const archive = join(mkdtempSync(join(tmpdir(), 'cms-strapi-export-')), 'export_20261130.tar.gz');
  const get = (path: string) => cms.http().get(path).auth(admin.accessToken, { type: 'bearer' });

  beforeAll(async () => {
    photo = await image(64, 48);
    const thumbnail = await image(32, 24);
    await writeStrapiExport(archive, {
      schemas: [
        {
          uid: 'plugin::users-permissions.user',
          modelType: 'contentType',
          kind: 'collectionType',
          info: { singularName: 'user', pluralName: 'users', displayName: 'User' },
          attributes: { username: { type: 'string' } },
        },
        {
          uid: 'plugin::comments.comment',
          modelType: 'contentType',
          kind: 'collectionType',
          info: { singularName: 'comment', pluralName: 'comments', displayName: 'Comment' },
          attributes: { text: { type: 'text' } },
        },
        {
          uid: 'shared.seo',
          modelType: 'component',
          category: 'shared',
          collectionName: 'components_shared_seos',
          info: { displayName: 'Seo', icon: 'search' },
          options: {},
          attributes: { metaTitle: { type: 'string', required: true } },
        },
        {
          uid: 'blocks.quote',
          modelType: 'component',
          category: 'blocks',
          collectionName: 'components_blocks_quotes',
          info: { displayName: 'Quote' },
          options: {},
          attributes: { body: { type: 'text' } },
        },
        {
          uid: 'blocks.hero',
          modelType: 'component',
          category: 'blocks',
          collectionName: 'components_blocks_heroes',
          info: { displayName: 'Hero' },
          options: {},
          attributes: { title: { type: 'string' } },
        },
        {
          uid: 'api::writer.writer',
          modelType: 'contentType',
          kind: 'collectionType',
          collectionName: 'writers',
          info: { singularName: 'writer', pluralName: 'writers', displayName: 'Writer' },
          options: { draftAndPublish: false },
          pluginOptions: {},
          attributes: {
            name: { type: 'string' },
            createdAt: { type: 'datetime' },
            updatedAt: { type: 'datetime' },
            publishedAt: { type: 'datetime' },
            createdBy: {
              type: 'relation',
              relation: 'oneToOne',
              target: 'admin::user',
              configurable: false,
              writable: false,
              visible: false,
              useJoinTable: false,
              private: true,
            },
            articles: { type: 'relation', relation: 'oneToMany', target: 'api::article.article', mappedBy: 'writer' },
          },
        },
        {
          uid: 'api::article.article',
          modelType: 'contentType',
          kind: 'collectionType',
          collectionName: 'articles',
          info: { singularName: 'article', pluralName: 'articles', displayName: 'Article' },
          options: { draftAndPublish: true },
          pluginOptions: i18n,
          attributes: {
            title: { type: 'string', pluginOptions: i18n },
            rank: { type: 'integer', pluginOptions: { i18n: { localized: false } } },
            cover: { type: 'media', multiple: false, allowedTypes: ['images'] },
            writer: { type: 'relation', relation: 'manyToOne', target: 'api::writer.writer', inversedBy: 'articles' },
            comments: { type: 'relation', relation: 'oneToMany', target: 'plugin::comments.comment' },
            seo: { type: 'component', repeatable: false, component: 'shared.seo', pluginOptions: i18n },
            blocks: { type: 'dynamiczone', components: ['blocks.quote', 'blocks.hero'], pluginOptions: i18n },
            locale: { type: 'string', private: true },
            localizations: { type: 'relation', relation: 'oneToMany', target: 'api::article.article' },
          },
        },
      ],
      entities: [
        {
          type: 'plugin::i18n.locale',
          id: 1,
          data: { documentId: 'loc1', name: 'English (en)', code: 'en', isDefault: true, ...TIMES },
        },
        {
          type: 'plugin::i18n.locale',
          id: 2,
          data: { documentId: 'loc2', name: 'French (fr)', code: 'fr', isDefault: false, ...TIMES },
        },
        {
          type: 'plugin::upload.file',
          id: 1,
          data: {
            documentId: 'file0000000000000000001',
            name: 'photo.jpg',
            alternativeText: 'A photo',
            width: 64,
            height: 48,
            formats: {
              thumbnail: {
                name: 'thumbnail_photo.jpg',
                hash: 'thumbnail_photo_abc123',
                ext: '.jpg',
                mime: 'image/jpeg',
                width: 32,
                height: 24,
                size: 1.2,
                url: '/uploads/thumbnail_photo_abc123.jpg',
              },
            },
            hash: 'photo_abc123',
            ext: '.jpg',
            mime: 'image/jpeg',
            size: 2.5,
            url: '/uploads/photo_abc123.jpg',
            provider: 'local',
            ...TIMES,
            publishedAt: TIMES.createdAt,
          },
        },
        {
          type: 'api::writer.writer',
          id: 1,
          data: { documentId: 'writer00000000000000001', name: 'Ann', ...TIMES, publishedAt: TIMES.createdAt },
        },
        // Strapi 5 keeps a draft row and a published row per locale.
        {
          type: 'api::article.article',
          id: 1,
          data: {
            documentId: 'article0000000000000001',
            locale: 'en',
            title: 'Hello (draft)',
            rank: 1,
            seo: { id: 1, metaTitle: 'Hello' },
            blocks: [],
            ...TIMES,
            publishedAt: null,
          },
        },
        {
          type: 'api::article.article',
          id: 2,
          data: {
            documentId: 'article0000000000000001',
            locale: 'en',
            title: 'Hello',
            rank: 1,
            seo: { id: 2, metaTitle: 'Hello' },
            blocks: [
              { id: 1, __component: 'blocks.hero', title: 'Big' },
              { id: 1, __component: 'blocks.quote', body: 'Said' },
            ],
            ...TIMES,
            publishedAt: TIMES.updatedAt,
          },
        },
        {
          type: 'api::article.article',
          id: 3,
          data: {
            documentId: 'article0000000000000001',
            locale: 'fr',
            title: 'Bonjour',
            rank: 1,
            seo: { id: 3, metaTitle: 'Bonjour' },
            blocks: [{ id: 2, __component: 'blocks.quote', body: 'Dit' }],
            ...TIMES,
            publishedAt: TIMES.updatedAt,
          },
        },
        {
          type: 'api::article.article',
          id: 4,
          data: {
            documentId: 'article0000000000000002',
            locale: 'en',
            title: 'Unpublished',
            rank: 2,
            seo: null,
            blocks: [],
            ...TIMES,
            publishedAt: null,
          },
        },
        {
          type: 'plugin::comments.comment',
          id: 1,
          data: { documentId: 'comment0000000000000001', text: 'Nice', ...TIMES },
        },
      ],
      links: [
        {
          kind: 'relation.basic',
          relation: 'manyToOne',
          left: { type: 'api::article.article', ref: 2, field: 'writer' },
          right: { type: 'api::writer.writer', ref: 1, field: 'articles', pos: 1 },
        },
        {
          kind: 'relation.basic',
          relation: 'manyToOne',
          left: { type: 'api::article.article', ref: 3, field: 'writer' },
          right: { type: 'api::writer.writer', ref: 1, field: 'articles', pos: 2 },
        },
        {
          kind: 'relation.basic',
          relation: 'oneToMany',
          left: { type: 'api::article.article', ref: 2, field: 'comments', pos: 1 },
          right: { type: 'plugin::comments.comment', ref: 1 },
        },
        {
          kind: 'relation.morph',
          relation: 'morphToMany',
          left: { type: 'plugin::upload.file', ref: 1, field: 'related' },
          right: { type: 'api::article.article', ref: 2, field: 'cover', pos: 1 },
        },
      ],
      assets: { 'photo_abc123.jpg': photo, 'thumbnail_photo_abc123.jpg': thumbnail },
    });
    cms = await startTestApp();
    admin = await loginAsAdmin(cms);
  });

  afterAll(() => cms.close());

  it('carries types, components, documents in both locales, their versions, relations and files, and says what it could not', async () => {
    const report = await cms.app.get(StrapiImporter).run(archive);
    expect(report).toMatchObject({ strapiVersion: '5.31.0', types: 2, components: 3, locales: ['en', 'fr'], files: 1 });
    expect(report.skipped.map((entry) => entry.what)).toEqual(
      expect.arrayContaining([
        'plugin::comments.comment',
        'api::article.article.comments',
        '1 link(s)',
        'the draft of api::article.article article0000000000000001 en',
      ]),
    );
    const hello = (await get('/api/articles/article0000000000000001?populate=*').expect(200)).body.data;
    expect(hello).toMatchObject({
      title: 'Hello',
      rank: 1,
      locale: 'en',
      seo: { metaTitle: 'Hello' },
      writer: { documentId: 'writer00000000000000001', name: 'Ann' },
    });
    expect(hello.blocks.map((block: { __component: string }) => block.__component)).toEqual([
      'blocks.hero',
      'blocks.quote',
    ]);
    expect(hello.cover).toMatchObject({
      documentId: 'file0000000000000000001',
      name: 'photo.jpg',
      alternativeText: 'A photo',
    });
    const bytes = await asBuffer(cms.http().get(hello.cover.url)).expect(200);
    expect(Buffer.compare(bytes.body as Buffer, photo)).toBe(0);
    await asBuffer(cms.http().get(hello.cover.formats.thumbnail.url)).expect(200);
    const bonjour = (await get('/api/articles/article0000000000000001?locale=fr&populate[blocks]=true').expect(200))
      .body.data;
    expect([bonjour.title, bonjour.blocks]).toEqual([
      'Bonjour',
      [{ __component: 'blocks.quote', id: expect.any(Number), body: 'Dit' }],
    ]);
    // A document only drafted in Strapi stays a draft.
    await get('/api/articles/article0000000000000002').expect(404);
    expect((await get('/api/articles/article0000000000000002?status=draft').expect(200)).body.data.title).toBe(
      'Unpublished',
    );
  });

  it('refuses what is not a Strapi export', async () => {
    const { writeFileSync } = await import('node:fs');
    const bogus = join(mkdtempSync(join(tmpdir(), 'cms-strapi-bogus-')), 'bogus.tar.gz');
    writeFileSync(bogus, 'not an archive at all');
    await expect(cms.app.get(StrapiImporter).run(bogus)).rejects.toMatchObject({ code: 'INVALID_STRAPI_ARCHIVE' });
  });
});
