import { SchemaRegistry } from '@cms/schema';
import { createUser, loginAsAdmin, type Session } from './support/auth';
import { startTestApp, type TestApp } from './support/test-app';

const NOTE = {
  info: { singularName: 'note', pluralName: 'notes', displayName: 'Note' },
  attributes: {
    text: { type: 'string' },
    owner: { type: 'relation', relation: 'manyToOne', target: 'plugin::users-permissions.user' },
    reviewer: { type: 'relation', relation: 'oneToOne', target: 'admin::user' },
  },
};

/**
 * Relations to Strapi's user types (`plugin::users-permissions.user`, `admin::user`) point at this
 * system's users: written by id, populated with their safe fields only, under `find` on `user`.
 */
describe('relations to users', () => {
  let cms: TestApp;
  let admin: Session;
  let ann: Session & { email: string };
  let bob: Session & { email: string };

  const as = (session: Session) => ({
    get: (path: string) => cms.http().get(path).auth(session.accessToken, { type: 'bearer' }),
    post: (path: string, data: object) =>
      cms.http().post(path).auth(session.accessToken, { type: 'bearer' }).send({ data }),
  });
  async function role(code: string, permissions: object[]): Promise<Session & { email: string }> {
    await cms
      .http()
      .post('/admin/roles')
      .auth(admin.accessToken, { type: 'bearer' })
      .send({ code, name: code, permissions })
      .expect(201);
    return createUser(cms, [code]);
  }

  beforeAll(async () => {
    cms = await startTestApp();
    await cms.app.get(SchemaRegistry).put([NOTE], 'upsert', { confirmed: false });
    admin = await loginAsAdmin(cms);
    ann = await role('note-owner', [
      { action: 'find', subject: 'note', conditions: { owner: { id: { $eq: '$currentUser' } } } },
    ]);
    bob = await role('note-reader', [
      { action: 'find', subject: 'note' },
      { action: 'find', subject: 'user' },
    ]);
  });

  afterAll(() => cms.close());

  it('accepts Strapi’s user targets, one-way and to-one, and refuses the rest with the reason', async () => {
    const refused = async (attribute: object) =>
      (
        await cms
          .http()
          .post('/admin/content-types')
          .auth(admin.accessToken, { type: 'bearer' })
          .send({
            info: { singularName: 'memo', pluralName: 'memos', displayName: 'Memo' },
            attributes: { u: attribute },
          })
          .expect(400)
      ).body.error.details.errors.map((issue: { path: string[]; message: string }) => [
        issue.path.join('.'),
        issue.message,
      ]);
    expect(await refused({ type: 'relation', relation: 'manyToMany', target: 'admin::user' })).toEqual([
      ['attributes.u.relation', 'a relation to users is manyToOne or oneToOne here'],
    ]);
    expect(
      await refused({
        type: 'relation',
        relation: 'manyToOne',
        target: 'plugin::users-permissions.user',
        inversedBy: 'memos',
      }),
    ).toEqual([['attributes.u.inversedBy', 'a relation to users is one-way: the users have no attribute back']]);
  });

  it('writes users by id, refuses one that does not exist, and shows only safe fields, under find on user', async () => {
    await as(admin).post('/api/notes', { text: 'Ann’s', owner: ann.userId, reviewer: admin.userId }).expect(201);
    await as(admin)
      .post('/api/notes', { text: 'Bob’s', owner: String(bob.userId) })
      .expect(201);
    const missing = await as(admin).post('/api/notes', { text: 'Nobody’s', owner: 999999 }).expect(400);
    expect(missing.body.error.details.errors[0]).toMatchObject({ path: ['data', 'owner'], message: 'no user 999999' });

    const populated = await as(bob).get('/api/notes?populate=*&sort=text').expect(200);
    expect(
      populated.body.data.map((note: { owner: unknown; reviewer: unknown }) => [note.owner, note.reviewer]),
    ).toEqual([
      [
        { id: ann.userId, username: null },
        { id: admin.userId, username: null },
      ],
      [{ id: bob.userId, username: null }, null],
    ]);
    expect(JSON.stringify(populated.body)).not.toContain(ann.email);
    // Without find on user, the relation populates empty, as any type the caller may not read.
    const own = await as(ann).get('/api/notes?populate=owner').expect(200);
    expect(own.body.data.map((note: { text: string; owner: unknown }) => [note.text, note.owner])).toEqual([
      ['Ann’s', null],
    ]);
    // The own-rows condition goes through the relation's user id; a caller cannot filter by it.
    await as(bob).get(`/api/notes?filters[owner][id][$eq]=${ann.userId}`).expect(400);
  });

  it('clears the relation when the user is deleted', async () => {
    const carl = await createUser(cms, []);
    const note = (await as(admin).post('/api/notes', { text: 'Carl’s', owner: carl.userId }).expect(201)).body.data;
    await cms.http().delete(`/admin/users/${carl.userId}`).auth(admin.accessToken, { type: 'bearer' }).expect(200);
    const read = await as(admin).get(`/api/notes/${note.documentId}?populate=owner`).expect(200);
    expect(read.body.data.owner).toBeNull();
  });
});
