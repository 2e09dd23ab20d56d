import { createUser, loginAsAdmin, type Session } from './support/auth';
import { startTestApp, type TestApp } from './support/test-app';

describe('/admin/locales', () => {
  let cms: TestApp;
  let admin: Session;

  beforeAll(async () => {
    cms = await startTestApp();
    admin = await loginAsAdmin(cms);
  });

  afterAll(() => cms.close());

  const as = (session: Session) => ({
    get: (path: string) => cms.http().get(path).auth(session.accessToken, { type: 'bearer' }),
    post: (path: string, body: object) =>
      cms.http().post(path).auth(session.accessToken, { type: 'bearer' }).send(body),
    put: (path: string, body: object) => cms.http().put(path).auth(session.accessToken, { type: 'bearer' }).send(body),
    delete: (path: string) => cms.http().delete(path).auth(session.accessToken, { type: 'bearer' }),
  });
  const codes = async () =>
    (await as(admin).get('/admin/locales').expect(200)).body.data.map(
      (locale: { code: string; isDefault: boolean }) => `${locale.code}${locale.isDefault ? '*' : ''}`,
    );

  it('starts with English as the default', async () => {
    const { body } = await as(admin).get('/admin/locales').expect(200);
    expect(body).toEqual({ data: [{ code: 'en', name: 'English (en)', isDefault: true }], meta: { total: 1 } });
  });

  it('adds locales in canonical BCP 47 form, refusing bad and taken codes', async () => {
    const created = await as(admin).post('/admin/locales', { code: 'fr-ca', name: 'French (Canada)' }).expect(201);
    expect(created.body.data).toEqual({ code: 'fr-CA', name: 'French (Canada)', isDefault: false });
    await as(admin).post('/admin/locales', { code: 'FR-CA', name: 'Again' }).expect(409);
    const bad = await as(admin).post('/admin/locales', { code: 'not a locale!', name: 'Nope' }).expect(400);
    expect(bad.body.error.details.errors[0].path).toEqual(['code']);
    await as(admin).post('/admin/locales', { code: 'de', name: 'German', extra: 1 }).expect(400);
    await as(admin).post('/admin/locales', { name: 'No code' }).expect(400);
    expect(await codes()).toEqual(['en*', 'fr-CA']);
  });

  it('moves the default, and never deletes or unsets it', async () => {
    await as(admin).post('/admin/locales', { code: 'de', name: 'German', isDefault: true }).expect(201);
    expect(await codes()).toEqual(['de*', 'en', 'fr-CA']);
    await as(admin).delete('/admin/locales/de').expect(409);
    await as(admin).put('/admin/locales/de', { isDefault: false }).expect(400);
    const renamed = await as(admin).put('/admin/locales/en', { name: 'English', isDefault: true }).expect(200);
    expect(renamed.body.data).toEqual({ code: 'en', name: 'English', isDefault: true });
    const deleted = await as(admin).delete('/admin/locales/de').expect(200);
    expect(deleted.body.data.code).toBe('de');
    expect(await codes()).toEqual(['en*', 'fr-CA']);
    await as(admin).get('/admin/locales/de').expect(404);
    await as(admin).get('/admin/locales/fr-ca').expect(200);
  });

  it('is behind the settings permission', async () => {
    const editor = await createUser(cms, ['editor']);
    await as(editor).get('/admin/locales').expect(403);
    await as(editor).post('/admin/locales', { code: 'it', name: 'Italian' }).expect(403);
    await cms.http().get('/admin/locales').expect(401);
  });
});
