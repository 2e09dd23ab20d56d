import { createUser, loginAsAdmin, type Session } from './support/auth';
import { putContentTypes } from './support/content-types';
import { startTestApp, type TestApp } from './support/test-app';

describe('the Content API: single types', () => {
  let cms: TestApp;
  let editor: Session;

  beforeAll(async () => {
    cms = await startTestApp();
    const admin = await loginAsAdmin(cms);
    await putContentTypes(cms, admin, [
      {
        kind: 'singleType',
        info: { singularName: 'homepage', pluralName: 'homepages', displayName: 'Homepage' },
        attributes: { headline: { type: 'string', required: true } },
      },
      {
        kind: 'singleType',
        info: { singularName: 'about', pluralName: 'abouts', displayName: 'About' },
        options: { draftAndPublish: true },
        attributes: { text: { type: 'text' } },
      },
    ]);
    editor = await createUser(cms, ['editor']);
  });

  afterAll(() => cms.close());

  const call = (method: 'get' | 'put' | 'delete', path: string) =>
    cms.http()[method](path).auth(editor.accessToken, { type: 'bearer' });

  it('creates its one document on the first PUT, updates it after, and deletes it', async () => {
    await call('get', '/api/homepage').expect(404);
    await call('put', '/api/homepage').send({ data: {} }).expect(400);
    const created = await call('put', '/api/homepage')
      .send({ data: { headline: 'Welcome' } })
      .expect(200);
    const updated = await call('put', '/api/homepage')
      .send({ data: { headline: 'Welcome back' } })
      .expect(200);
    expect(updated.body.data.documentId).toBe(created.body.data.documentId);
    const read = await call('get', '/api/homepage').expect(200);
    expect(read.body).toEqual({ data: expect.objectContaining({ headline: 'Welcome back' }), meta: {} });
    await call('get', '/api/homepages').expect(404);
    await call('delete', '/api/homepage').expect(204);
    await call('get', '/api/homepage').expect(404);
  });

  it('keeps drafts of a single type apart from its published version', async () => {
    await call('put', '/api/about?status=draft')
      .send({ data: { text: 'Draft text' } })
      .expect(200);
    await call('get', '/api/about').expect(404);
    expect((await call('get', '/api/about?status=draft').expect(200)).body.data.text).toBe('Draft text');
    await call('put', '/api/about')
      .send({ data: { text: 'Published text' } })
      .expect(200);
    expect((await call('get', '/api/about').expect(200)).body.data.text).toBe('Published text');
  });

  it('refuses the public until granted', async () => {
    await cms.http().get('/api/about').expect(403);
    await cms
      .http()
      .put('/api/about')
      .send({ data: { text: 'x' } })
      .expect(403);
  });
});
