import { loginAsAdmin, type Session } from './support/auth';
import { image } from './support/media';
import { putContentTypes } from './support/content-types';
import { startTestApp, type TestApp } from './support/test-app';

/** Media attributes: file ids in, file objects out, filters and sort through them. */
describe('media attributes in content', () => {
  let cms: TestApp;
  let admin: Session;
  let photo: { id: number; documentId: string; name: string };
  let other: { id: number; name: string };
  let text: { id: number };

  beforeAll(async () => {
    cms = await startTestApp();
    admin = await loginAsAdmin(cms);
    await putContentTypes(cms, admin, [
      {
        info: { singularName: 'album', pluralName: 'albums', displayName: 'Album' },
        attributes: {
          title: { type: 'string' },
          cover: { type: 'media', allowedTypes: ['images'] },
          gallery: { type: 'media', multiple: true },
        },
      },
    ]);
    const { body } = await cms
      .http()
      .post('/api/upload')
      .auth(admin.accessToken, { type: 'bearer' })
      .attach('files', await image(400, 300), 'photo.jpg')
      .attach('files', await image(100, 100, 'png'), 'avatar.png')
      .attach('files', Buffer.from('notes'), 'notes.txt')
      .expect(201);
    [photo, other, text] = body;
  });

  afterAll(() => cms.close());

  const api = (method: 'get' | 'post' | 'put' | 'delete', path: string, body?: object) => {
    const request = cms.http()[method](path).auth(admin.accessToken, { type: 'bearer' });
    return body ? request.send(body) : request;
  };

  it('takes file ids (or documentIds) and populates file objects', async () => {
    const created = await api('post', '/api/albums', {
      data: { title: 'Summer', cover: photo.id, gallery: [other.id, { documentId: photo.documentId }, text.id] },
    }).expect(201);
    expect(created.body.data).not.toHaveProperty('cover');
    const { body } = await api('get', `/api/albums/${created.body.data.documentId}?populate=*`).expect(200);
    expect(body.data.cover).toMatchObject({ id: photo.id, name: 'photo.jpg', mime: 'image/jpeg', width: 400 });
    expect(body.data.cover.formats.thumbnail).toMatchObject({ width: 208, height: 156 });
    expect(body.data.gallery.map((file: { id: number }) => file.id)).toEqual([other.id, photo.id, text.id]);
    const selected = await api(
      'get',
      `/api/albums/${created.body.data.documentId}?populate[cover][fields][0]=name&populate[cover][fields][1]=url`,
    ).expect(200);
    expect(Object.keys(selected.body.data.cover).sort()).toEqual(
      ['createdAt', 'documentId', 'id', 'name', 'publishedAt', 'updatedAt', 'url'].sort(),
    );
  });

  it('checks multiple, allowedTypes and that the files exist', async () => {
    const bad = await api('post', '/api/albums', { data: { title: 'Bad', cover: text.id } }).expect(400);
    expect(bad.body.error.details.errors[0]).toMatchObject({ path: ['data', 'cover'] });
    expect(bad.body.error.details.errors[0].message).toMatch(/images/);
    await api('post', '/api/albums', { data: { title: 'Two', cover: [photo.id, other.id] } }).expect(400);
    const missing = await api('post', '/api/albums', { data: { title: 'Gone', gallery: [999999] } }).expect(400);
    expect(missing.body.error.details.errors[0].message).toMatch(/999999/);
    await api('post', '/api/albums', { data: { title: 'Odd', cover: 'not an id!' } }).expect(400);
  });

  it('filters and sorts through media like any relation, never by private columns', async () => {
    await api('post', '/api/albums', { data: { title: 'Winter', cover: other.id } }).expect(201);
    const images = await api('get', '/api/albums?filters[cover][mime][$eq]=image/png').expect(200);
    expect(images.body.data.map((album: { title: string }) => album.title)).toEqual(['Winter']);
    const sorted = await api('get', '/api/albums?sort=cover.name:asc').expect(200);
    expect(sorted.body.data.map((album: { title: string }) => album.title)).toEqual(['Winter', 'Summer']);
    const inGallery = await api('get', `/api/albums?filters[gallery][id][$eq]=${text.id}`).expect(200);
    expect(inGallery.body.data.map((album: { title: string }) => album.title)).toEqual(['Summer']);
    await api('get', '/api/albums?filters[cover][createdBy][id][$eq]=1').expect(400);
  });

  it('detaches a deleted file from content', async () => {
    await api('delete', `/api/upload/files/${photo.id}`).expect(200);
    const { body } = await api('get', '/api/albums?filters[title][$eq]=Summer&populate=*').expect(200);
    expect(body.data[0].cover).toBeNull();
    expect(body.data[0].gallery.map((file: { id: number }) => file.id)).toEqual([other.id, text.id]);
  });
});
