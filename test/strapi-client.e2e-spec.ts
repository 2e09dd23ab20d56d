import type { AddressInfo } from 'node:net';
import { SchemaRegistry } from '@cms/schema';
import { strapi } from '@strapi/client';
import { loginAsAdmin } from './support/auth';
import { image } from './support/media';
import { startTestApp, type TestApp } from './support/test-app';

/** The official @strapi/client, unchanged, against this CMS. */
describe('@strapi/client', () => {
  let cms: TestApp;
  let client: ReturnType<typeof strapi>;

  beforeAll(async () => {
    cms = await startTestApp();
    await cms.app.get(SchemaRegistry).put(
      [
        {
          info: { singularName: 'writer', pluralName: 'writers', displayName: 'Writer' },
          attributes: {
            name: { type: 'string' },
            posts: { type: 'relation', relation: 'oneToMany', target: 'post', mappedBy: 'writer' },
          },
        },
        {
          info: { singularName: 'post', pluralName: 'posts', displayName: 'Post' },
          options: { draftAndPublish: true },
          attributes: {
            title: { type: 'string', required: true },
            views: { type: 'integer' },
            writer: { type: 'relation', relation: 'manyToOne', target: 'writer', inversedBy: 'posts' },
          },
        },
      ],
      'upsert',
      { confirmed: false },
    );
    await cms.app.listen(0, '127.0.0.1');
    const { port } = cms.app.getHttpServer().address() as AddressInfo;
    const admin = await loginAsAdmin(cms);
    const token = await cms
      .http()
      .post('/admin/api-tokens')
      .auth(admin.accessToken, { type: 'bearer' })
      .send({ name: 'frontend', type: 'full-access' })
      .expect(201);
    client = strapi({ baseURL: `http://127.0.0.1:${port}/api`, auth: token.body.data.accessKey });
  });

  afterAll(() => cms.close());

  it('creates, lists with filters and populate, updates and deletes', async () => {
    const writer = await client.collection('writers').create({ name: 'Ann' });
    const posts = client.collection('posts');
    const first = await posts.create({ title: 'First', views: 10, writer: writer.data.documentId });
    await posts.create({ title: 'Second', views: 900, writer: writer.data.documentId });
    await posts.create({ title: 'Third', views: 500 });

    const listed = await posts.find({ filters: { views: { $gt: 100 } }, sort: 'views:desc', populate: ['writer'] });
    expect(listed.data.map((post) => [post.title, (post.writer as { name: string } | null)?.name ?? null])).toEqual([
      ['Second', 'Ann'],
      ['Third', null],
    ]);
    expect(listed.meta.pagination).toMatchObject({ page: 1, pageSize: 25, total: 2 });

    const one = await posts.findOne(first.data.documentId, { fields: ['title'] });
    expect(one.data).toMatchObject({ documentId: first.data.documentId, title: 'First' });

    const updated = await posts.update(first.data.documentId, { views: 11 });
    expect(updated.data).toMatchObject({ title: 'First', views: 11 });

    await posts.delete(first.data.documentId);
    await expect(posts.findOne(first.data.documentId)).rejects.toThrow();
    const remaining = await posts.find({ sort: 'title' });
    expect(remaining.data.map((post) => post.title)).toEqual(['Second', 'Third']);
  });

  it('uploads, lists, reads, updates and deletes files with its files manager', async () => {
    const uploaded = (await client.files.upload(await image(640, 480), {
      filename: 'client.jpg',
      mimetype: 'image/jpeg',
      fileInfo: { alternativeText: 'From the client', caption: 'c' },
    })) as unknown as { id: number; name: string; alternativeText: string; formats: Record<string, unknown> }[];
    expect(uploaded).toHaveLength(1);
    const [file] = uploaded;
    expect(file).toMatchObject({ name: 'client.jpg', alternativeText: 'From the client' });
    expect(Object.keys(file!.formats).sort()).toEqual(['small', 'thumbnail']);

    const listed = await client.files.find({ filters: { name: { $eq: 'client.jpg' } } });
    expect(listed.map((entry) => entry.id)).toEqual([file!.id]);
    const one = await client.files.findOne(file!.id);
    expect(one).toMatchObject({ id: file!.id, mime: 'image/jpeg', width: 640, height: 480 });

    const updated = await client.files.update(file!.id, { name: 'renamed.jpg', caption: 'new caption' });
    expect(updated).toMatchObject({ id: file!.id, name: 'renamed.jpg', caption: 'new caption' });

    const deleted = await client.files.delete(file!.id);
    expect(deleted).toMatchObject({ id: file!.id });
    await expect(client.files.findOne(file!.id)).rejects.toThrow(/not found/);
  });
});
